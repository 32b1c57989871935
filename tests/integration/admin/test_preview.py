"""The respondent pages of a version in each language (read-only), and a confirmation
before publishing a version identical to the last."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from selfassess.extensions import db
from selfassess.models import InstrumentVersion, Response
from tests.conftest import MINIMAL, csrf_token
from tests.integration.admin.test_instruments import publish, upload

pytestmark = pytest.mark.usefixtures("admin")


def test_the_preview_renders_the_respondent_pages_in_each_language(
    client: FlaskClient, load_instrument: Any
) -> None:
    load_instrument(MINIMAL)
    base = "/admin/instruments/minimal/v1/respondent"
    profile = client.get(base + "?role=mp").get_data(as_text=True)
    assert 'name="p-years"' in profile and "Answering takes about 4 minutes." in profile
    page = client.get(base + "?role=mp&page=1").get_data(as_text=True)
    assert 'class="item' in page and 'name="q-rep-women-leadership"' in page
    assert "Page 1 of 2" in page and "3 questions on this page" in page
    assert "<form" in page and "action=" not in page.split('class="items-form"')[1][:80]
    staff = client.get(base + "?role=staff&page=2").get_data(as_text=True)
    assert 'name="q-ovs-tools"' in staff
    mongolian = client.get(base + "?role=mp&page=1&lang=mn").get_data(as_text=True)
    assert "Эмэгтэйчүүд удирдах албан тушаал хашдаг." in mongolian
    assert "Мэдэхгүй" in mongolian and '<html lang="mn">' in mongolian
    for wrong in ("?lang=fr", "?role=king", "?role=mp&page=3", "?page=x"):
        assert client.get(base + wrong).status_code == 404, wrong
    assert db.session.query(Response).count() == 0
    version_page = client.get("/admin/instruments/minimal/v1").get_data(as_text=True)
    assert base + "?lang=mn" in version_page


def test_an_upload_is_previewed_before_it_is_published(client: FlaskClient) -> None:
    pending = upload(client, MINIMAL.read_bytes()).location
    assert f"{pending}/respondent?lang=en" in client.get(pending).get_data(as_text=True)
    page = client.get(f"{pending}/respondent?role=staff&page=1").get_data(as_text=True)
    assert 'name="q-rep-women-leadership"' in page
    assert db.session.query(InstrumentVersion).count() == 0


def test_publishing_a_version_identical_to_the_last_asks_first(
    client: FlaskClient, load_instrument: Any
) -> None:
    load_instrument(MINIMAL)
    same = upload(client, MINIMAL.read_bytes().replace(b"version: 1", b"version: 2")).location
    page = client.get(same).get_data(as_text=True)
    assert "asks exactly what minimal v1 asks" in page
    assert 'name="confirm"' in page
    refused = publish(client, same)
    assert refused.status_code == 302 and refused.location.endswith(same)
    assert db.session.query(InstrumentVersion).count() == 1
    token = csrf_token(client, same)
    confirmed = client.post(same + "/publish", data={"csrf_token": token, "confirm": "identical"})
    assert confirmed.location.endswith("/admin/instruments/minimal/v2")
    assert db.session.query(InstrumentVersion).count() == 2
