"""The console's preview and diff of a version show who assesses each question and the gaps."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.integration.admin.test_instruments import upload
from tests.unit.instrument.instrument_helpers import DATA

pytestmark = pytest.mark.usefixtures("admin")
PANEL = DATA / "panel.yaml"


def test_the_preview_names_panel_only_questions_and_the_gaps(
    client: FlaskClient, load_instrument: Any
) -> None:
    load_instrument(PANEL)
    page = client.get("/admin/instruments/panel/v1").get_data(as_text=True)
    assert "Gaps published" in page
    assert "Female − Male" in page and "Member of Parliament − Secretariat staff" in page
    reviewed = page[page.index("<code>rep-rules-reviewed</code>") :][:400]
    assert "graded by the panel only" in reviewed and "Asked of" not in reviewed
    harassment = page[page.index("<code>cult-harassment</code>") :][:400]
    assert "not graded by the panel" in harassment and "Asked of" in harassment
    mongolian = client.get("/admin/instruments/panel/v1?lang=mn").get_data(as_text=True)
    assert "Эмэгтэй − Эрэгтэй" in mongolian


def test_the_diff_of_a_new_version_shows_changed_gaps_and_assessors(
    client: FlaskClient, load_instrument: Any, tmp_path: Any
) -> None:
    load_instrument(PANEL)
    text = PANEL.read_text(encoding="utf-8").replace("version: 1", "version: 2")
    text = text.replace("  - {field: role, a: mp, b: staff}\n", "")
    text = text.replace("assessed_by: [panel]", "assessed_by: [survey, panel]")
    second = tmp_path / "panel.yaml"
    second.write_text(text, encoding="utf-8")
    load_instrument(second)
    page = client.get("/admin/instruments/panel/v2").get_data(as_text=True)
    assert "Changes from panel v1" in page
    assert "gaps" in page and "assessed_by" in page and "rep-rules-reviewed" in page


def test_an_upload_with_a_syntax_error_reads_plainly(client: FlaskClient) -> None:
    broken = PANEL.read_bytes().replace(b"  - {field: role", b" - {field: role")
    reply = upload(client, broken, "panel.yaml")
    page = client.get(reply.location).get_data(as_text=True) if reply.location else ""
    page = page or reply.get_data(as_text=True)
    assert "this line is indented differently from the lines around it" in page
    assert "block end" not in page
