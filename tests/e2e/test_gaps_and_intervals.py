"""The dimension table of the demo round with declared gaps and intervals, in a browser.

Checks the gap that belongs to each comparison and the phone layout; with ``SHOTS_DIR``
set it also keeps screenshots (1280 and 360 px, English and Mongolian) to look at.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from selfassess.instrument.model import Gap
from selfassess.models.instruments import _DEFINITIONS
from tests.e2e.conftest import PHONE, LiveServer, axe_check
from tests.e2e.test_console import load_demo, make_account, sign_in

SHOTS = os.environ.get("SHOTS_DIR", "")
DESKTOP = {"width": 1280, "height": 900}


def declare_gaps(server: LiveServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo instrument declares women - men and Members - staff (as the bundled
    questionnaires do once their loader reads ``gaps``)."""
    from selfassess.services.rounds import get_round

    with server.app.app_context():
        version = get_round("demo-2026").version
        gaps = (Gap("sex", "female", "male"), Gap("role", "mp", "staff"))
        definition = dataclasses.replace(version.load(), gaps=gaps)
        monkeypatch.setitem(_DEFINITIONS, version.content_hash, definition)


def test_each_comparison_shows_its_own_gap(
    page: Page, live_server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_demo(live_server)
    declare_gaps(live_server, monkeypatch)
    sign_in(page, live_server, make_account(live_server, "consultant"))
    for lang in ("en", "mn"):
        if lang == "mn":
            page.get_by_role("link", name="Монгол").click()
        for by in ("sex", "role", "faction"):
            for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
                page.set_viewport_size(size)
                page.goto(live_server(f"/results/demo-2026/dimensions?by={by}"))
                header = page.locator("th.gap")
                if by == "faction":
                    expect(header).to_have_count(0)
                elif lang == "en":
                    sides = {"sex": "Female − Male", "role": "Member of Parliament − Secretariat"}
                    expect(header).to_contain_text(sides[by])
                if name == "phone":
                    width = page.evaluate("document.documentElement.scrollWidth")
                    assert width <= PHONE["width"], f"{lang} {by}: scrolls sideways"
                if SHOTS:
                    Path(SHOTS).mkdir(parents=True, exist_ok=True)
                    page.screenshot(
                        path=f"{SHOTS}/dimensions-{by}-{lang}-{name}.png", full_page=True
                    )
    page.goto(live_server("/results/demo-2026/dimensions?by=sex"))
    expect(page.locator("td.gap-large").first).to_be_visible()  # Culture: women far lower
    axe_check(page)
    for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.goto(live_server("/results/demo-2026/?by=sex"))
        expect(page.locator("span.ci").first).to_be_attached()  # in the chart's numbers
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/overview-sex-mn-{name}.png", full_page=True)
        page.goto(live_server("/results/demo-2026/dimensions/culture?by=sex"))
        expect(page.locator("svg path").first).to_be_attached()  # whiskers
        if name == "phone":
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/dimension-culture-sex-mn-{name}.png", full_page=True)
    axe_check(page)
