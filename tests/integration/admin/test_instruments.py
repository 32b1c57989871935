"""Questionnaires in the console: upload, the located report, preview, publish, versions."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask.testing import FlaskClient

from selfassess.extensions import db
from selfassess.models import AuditEvent, InstrumentVersion
from tests.conftest import MINIMAL, PASSWORD, csrf_token, post_form
from tests.integration.admin.conftest import minimal_workbook

pytestmark = pytest.mark.usefixtures("admin")


def upload(client: FlaskClient, content: bytes, name: str = "minimal.yaml") -> Any:
    token = csrf_token(client, "/admin/instruments")
    return client.post(
        "/admin/instruments",
        data={"csrf_token": token, "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def publish(client: FlaskClient, pending_url: str) -> Any:
    token = csrf_token(client, pending_url)
    return client.post(pending_url + "/publish", data={"csrf_token": token})


def versions() -> list[str]:
    return [v.label for v in db.session.scalars(db.select(InstrumentVersion))]


def test_an_invalid_file_shows_every_problem_with_its_line_and_loads_nothing(
    client: FlaskClient,
) -> None:
    broken = MINIMAL.read_bytes().replace(b"scale: grade6", b"scale: grade9", 1)
    broken = broken.replace(b"required: true", b"required: perhaps")
    response = upload(client, broken)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "2 problems in minimal.yaml" in page
    assert "unknown scale &#39;grade9&#39;" in page
    assert "expected true or false" in page
    assert page.count("<code>line ") == 2
    assert versions() == []


def test_a_workbook_error_is_located_by_sheet_and_row(client: FlaskClient) -> None:
    page = upload(client, minimal_workbook(broken=True), "minimal.xlsx").get_data(as_text=True)
    assert "<code>questions!" in page
    assert "slider" in page


def test_upload_preview_in_each_language_then_publish(client: FlaskClient) -> None:
    response = upload(client, MINIMAL.read_bytes())
    assert response.status_code == 302
    pending = response.location
    page = client.get(pending).get_data(as_text=True)
    assert "minimal.yaml is valid" in page
    assert "Women hold leadership posts." in page
    mongolian = client.get(pending + "?lang=mn").get_data(as_text=True)
    assert "Эмэгтэйчүүд удирдах албан тушаал хашдаг." in mongolian
    assert 'aria-current="page">Монгол' in mongolian
    assert versions() == []  # nothing is loaded before publishing

    published = publish(client, pending)
    assert published.status_code == 302
    assert published.location.endswith("/admin/instruments/minimal/v1")
    assert versions() == ["minimal v1"]
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="instrument.load"))
    assert client.get(pending).status_code == 404  # the stash is used up


def test_a_new_version_shows_its_diff_and_a_changed_old_version_is_refused(
    client: FlaskClient, load_instrument: Any
) -> None:
    load_instrument(MINIMAL)
    changed = MINIMAL.read_bytes().replace(b"Women hold leadership posts.", b"Women lead.")
    clash = upload(client, changed)
    page = client.get(clash.location).get_data(as_text=True)
    assert "already loaded with different content" in page
    assert "/publish" not in page
    assert publish(client, clash.location).status_code == 302
    assert versions() == ["minimal v1"]

    second = upload(client, changed.replace(b"version: 1", b"version: 2"))
    page = client.get(second.location).get_data(as_text=True)
    assert "Changes from minimal v1" in page
    assert "rep-women-leadership" in page
    assert "Women lead." in page
    publish(client, second.location)
    version_page = client.get("/admin/instruments/minimal/v2").get_data(as_text=True)
    assert "Changes from minimal v1" in version_page
    assert "<del>Women hold leadership posts.</del>" in version_page
    listing = client.get("/admin/instruments").get_data(as_text=True)
    assert "/admin/instruments/minimal/v2" in listing


def test_another_session_cannot_see_or_publish_an_upload(
    client: FlaskClient, app: Any, make_account: Any
) -> None:
    pending = upload(client, MINIMAL.read_bytes()).location
    other = app.test_client()
    account = make_account("admin")
    post_form(other, "/auth/login", {"email": account.email, "password": PASSWORD})
    assert other.get(pending).status_code == 404
    token = csrf_token(other, "/admin/")
    assert other.post(pending + "/publish", data={"csrf_token": token}).status_code == 404


def test_a_wrong_file_type_is_an_error_beside_the_field(client: FlaskClient) -> None:
    response = upload(client, b"key: x", "questionnaire.txt")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="file-error"' in page
    assert 'aria-describedby="file-hint file-error"' in page


def test_a_too_large_upload_gets_a_friendly_page(client: FlaskClient, app: Any) -> None:
    token = csrf_token(client, "/admin/instruments")
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post(
        "/admin/instruments",
        data={"csrf_token": token, "file": (io.BytesIO(b"x" * 4096), "big.yaml")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "The file is too large" in response.get_data(as_text=True)
