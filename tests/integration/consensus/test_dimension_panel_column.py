"""The consultant's dimension table shows the panel's score and the perception gap per
dimension (issue 13 item 5), from the published consensus block, not recomputed."""

from __future__ import annotations

import re

from tests.integration.consensus.test_panel_web import (
    facilitator,  # noqa: F401 (fixture)
    save_json,
    sign_in,
)


def test_panel_column_and_perception_gap(app, client, facilitator, login_as) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    login_as("consultant")
    before = client.get("/results/panel-round/dimensions").get_data(as_text=True)
    assert "Perception gap" not in before  # nothing graded: no empty columns
    other = app.test_client()
    sign_in(other, facilitator)
    assert save_json(other, {"based_on": 0, "grade": "4"}).status_code == 200
    page = client.get("/results/panel-round/dimensions")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Perception gap (panel − questionnaire)" in text
    cells = re.findall(r'<td class="num panel-col">([^<]*)</td>', text)
    assert "80.0" in cells  # ovs-budget 4 of 0-5, the same number as the panel's page
    assert "/results/panel-round/panel/" in text
