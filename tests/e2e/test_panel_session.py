"""A whole panel session in real browsers: two facilitators record at once, a conflict is
resolved without losing anything, a document is attached; screenshots of the session
screen at projector size (projection mode) and tablet size, in English and Mongolian,
are written to test-artifacts/panel/ for looking at."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.conftest import PASSWORD, ROOT
from tests.e2e.conftest import PHONE, LiveServer, axe_check
from tests.e2e.test_console import file_payload, load_demo, make_account, sign_in

SHOTS = ROOT / "test-artifacts" / "panel"
PROJECTOR = {"width": 1920, "height": 1080}
TABLET = {"width": 768, "height": 1024}
DESKTOP = {"width": 1280, "height": 900}


def ungraded_criteria(server: LiveServer) -> list[str]:
    """Panel questions of the demo round without a grade (left for the second session)."""
    from selfassess.scoring.consensus import panel_questions
    from selfassess.services import panel
    from selfassess.services.consensus import current_grades
    from selfassess.services.rounds import get_round

    with server.unit_of_work():
        round_ = get_round("demo-2026")
        graded = current_grades(round_)
        second = make_account(server, "facilitator")
        from selfassess.services.accounts import find_account

        panel.assign(round_, find_account(second))
        from selfassess.extensions import db

        db.session.commit()
        return [q.key for q in panel_questions(round_.version.load()) if q.key not in graded]


def test_two_facilitators_record_at_once(
    page: Page, browser: Browser, live_server: LiveServer
) -> None:
    load_demo(live_server)
    free = ungraded_criteria(live_server)
    screen = live_server(f"/panel/demo-2026/criteria/{free[0]}?session=1")
    sign_in(page, live_server, "facilitator@demo.local")
    other_context = browser.new_context()
    other = other_context.new_page()
    sign_in(other, live_server, "facilitator@example.org")
    page.goto(screen)
    other.goto(screen)  # both see the criterion ungraded (version 0)

    # The first picks a grade with the keyboard: it saves by itself.
    page.keyboard.press("3")
    expect(page.locator("#save-status")).to_contain_text("version 1")
    expect(page.locator("label.grade-option.chosen")).to_contain_text("3")

    # The second, still on version 0, writes evidence and picks 4: refused, both shown.
    other.get_by_label("Evidence", exact=True).fill("Staff regulations 2024, art. 5")
    other.locator("label.grade-option", has_text="4 ·").click()
    conflict = other.locator("#conflict-live")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("facilitator@demo.local")
    expect(other.get_by_label("Evidence", exact=True)).to_have_value(
        "Staff regulations 2024, art. 5"
    )
    other.get_by_role("button", name="Keep mine").click()
    expect(other.locator("#save-status")).to_contain_text("version 2")
    expect(conflict).to_be_hidden()

    # The first screen, untouched since, takes the second's save by itself (it polls).
    evidence = page.get_by_label("Evidence", exact=True)
    expect(evidence).to_have_value("Staff regulations 2024, art. 5", timeout=15_000)
    expect(page.locator("#save-status")).to_contain_text("facilitator@example.org")
    expect(page.locator("label.grade-option.chosen")).to_contain_text("4")
    with live_server.app.app_context():
        from selfassess.services.consensus import history
        from selfassess.services.rounds import get_round

        versions = history(get_round("demo-2026"), free[0])
        assert [(v.grade, v.recorded_by) for v in versions] == [
            ("4", "facilitator@example.org"),
            ("3", "facilitator@demo.local"),
        ]

    # A document attached and downloaded as a file.
    page.get_by_label("Attach a document").set_input_files(
        file_payload("Тайлан.pdf", b"%PDF-1.4 evidence", "application/pdf")
    )
    page.get_by_role("button", name="Attach", exact=True).click()
    link = page.get_by_role("link", name="Tailan.pdf")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "Tailan.pdf"

    # n goes to the next criterion (saving first), p comes back.
    page.locator("h1").click()
    page.keyboard.press("n")
    expect(page).not_to_have_url(re.compile(re.escape(free[0])))
    page.wait_for_load_state("load")  # the next screen's script listens for keys
    page.keyboard.press("p")
    expect(page).to_have_url(re.compile(re.escape(free[0])))
    other_context.close()


def test_screenshots_of_the_session_screen(page: Page, live_server: LiveServer) -> None:
    load_demo(live_server)
    SHOTS.mkdir(parents=True, exist_ok=True)
    sign_in(page, live_server, "facilitator@demo.local")
    graded = "/panel/demo-2026/criteria/rep-women-share?session=1"
    for lang in ("en", "mn"):
        page.goto(live_server(f"/language/{lang}"))
        page.set_viewport_size(PROJECTOR)
        page.goto(live_server(graded + "&projection=1"))
        shoot(page, f"projection-{lang}")
        page.set_viewport_size(TABLET)
        page.goto(live_server(graded))
        shoot(page, f"tablet-{lang}")
        for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            page.goto(live_server("/panel/demo-2026/"))
            shoot(page, f"round-{name}-{lang}")
            page.goto(live_server("/panel/demo-2026/sessions/1"))
            shoot(page, f"session-{name}-{lang}")
    page.goto(live_server("/auth/logout"))
    consultant = make_account(live_server, "consultant")
    page.context.clear_cookies()
    sign_in(page, live_server, consultant)
    for lang in ("en", "mn"):
        page.goto(live_server(f"/language/{lang}"))
        for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            page.goto(live_server("/results/demo-2026/panel/"))
            shoot(page, f"results-{name}-{lang}")
            page.goto(live_server("/results/demo-2026/panel/rep-women-share"))
            shoot(page, f"criterion-results-{name}-{lang}")
    assert PASSWORD


def shoot(page: Page, name: str) -> Path:
    axe_check(page)  # every page looked at is also checked for serious accessibility faults
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    page.screenshot(path=str(SHOTS / f"{name}-top.png"))  # what the screen shows first
    return path
