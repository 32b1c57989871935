"""Screenshots of every console and results page, in both languages, desktop and phone.

For looking at the pages, not for checking them: runs only when ``SHOTS_DIR`` names a
folder (``SHOTS_DIR=/tmp/shots/console pytest tests/e2e/test_console_screenshots.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import PHONE, LiveServer
from tests.e2e.test_console import file_payload, load_demo, make_account, sign_in

SHOTS = os.environ.get("SHOTS_DIR", "")
DESKTOP = {"width": 1280, "height": 900}
ROUND = "/results/demo-2026"

pytestmark = pytest.mark.skipif(not SHOTS, reason="set SHOTS_DIR to take screenshots")


def pages_with_state(page: Page, server: LiveServer) -> dict[str, str]:
    """Name -> path of every page; uploads first make the pages that need them."""
    page.goto(server("/admin/instruments"))
    bundled = (
        Path(server.app.config["QUESTIONNAIRES_DIR"]) / "gender-sensitive-parliament-quick.yaml"
    )
    changed = bundled.read_text("utf-8").replace("version: 1", "version: 2", 1)
    changed = changed.replace("Ten statements", "Twelve statements", 1)
    page.get_by_label("Questionnaire file").set_input_files(
        file_payload("quick.yaml", changed.encode(), "application/yaml")
    )
    page.get_by_role("button", name="Check the file").click()
    pending = page.url.removeprefix(server.url)
    page.goto(server("/admin/rounds/demo-2026/invitations"))
    page.get_by_label("List of people (CSV)").set_input_files(
        file_payload("people.csv", b"name,role,sex\nAnu,mp,female\nBat,staff,male\n", "text/csv")
    )
    page.get_by_role("button", name="Create the invitations").click()
    issued = page.url.removeprefix(server.url)
    return {
        "admin-index": "/admin/",
        "admin-instruments": "/admin/instruments",
        "admin-pending": pending,
        "admin-version": "/admin/instruments/parliament-hr-gender/v1",
        "admin-rounds": "/admin/rounds",
        "admin-round": "/admin/rounds/demo-2026",
        "admin-invitations": "/admin/rounds/demo-2026/invitations",
        "admin-issued": issued,
        "admin-slips": issued + "/slips",
        "admin-accounts": "/admin/accounts",
        "admin-audit": "/admin/audit",
        "results-index": "/results/",
        "results-overview": ROUND + "/",
        "results-dimensions": ROUND + "/dimensions",
        "results-dimensions-by-faction": ROUND + "/dimensions?by=faction",
        "results-dimension": ROUND + "/dimensions/culture?by=role,sex",
        "results-question": ROUND + "/questions/cult-sexist-remarks?by=sex",
        "results-question-choice": ROUND + "/questions/rep-caucus",
        "results-comments": ROUND + "/comments",
        "results-downloads": ROUND + "/downloads",
    }


def test_screenshots(page: Page, live_server: LiveServer) -> None:
    folder = Path(SHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    load_demo(live_server)
    sign_in(page, live_server, make_account(live_server, "admin"))
    page.set_viewport_size(DESKTOP)
    paths = pages_with_state(page, live_server)
    for lang in ("en", "mn"):
        page.goto(live_server(f"/language/{lang}"))
        for device, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            for name, path in paths.items():
                page.goto(live_server(path))
                page.screenshot(path=str(folder / f"{name}-{lang}-{device}.png"), full_page=True)
