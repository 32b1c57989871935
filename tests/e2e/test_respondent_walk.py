"""Issue 11 in a real browser, in both languages, on a desktop and on a phone: the time
estimate, an autosave status that never says "Saved" over a refused answer, the character
counter, the review of every answer, and what a reopened response is told while it is
changed and after the round closes. Screenshots go to test-artifacts/respondents/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PHONE, LiveServer
from tests.e2e.test_respond import SLUG, close_round, invite, loaded, wait_saved

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "respondents"
DEVICES = {"desktop": {"width": 1280, "height": 900}, "phone": PHONE}


def photographer(page: Page, lang: str, device: str) -> Callable[[str], None]:
    SHOTS.mkdir(parents=True, exist_ok=True)

    def look(name: str, *, whole: bool = True) -> None:
        """Photograph the page (``whole=False``: what the screen shows, for long pages)."""
        page.screenshot(path=SHOTS / f"{lang}-{device}-{name}.png", full_page=whole)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], f"{name} scrolls sideways ({width}px)"  # type: ignore[index]

    return look


def refused_text(page: Page, count: int) -> str:
    status = page.locator("#save-status")
    key = "data-refused-one" if count == 1 else "data-refused-many"
    return (status.get_attribute(key) or "").replace("%(num)s", str(count))


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("lang", ["en", "mn"])
def test_a_respondent_walks_through_issue_11(
    browser: Browser, live_server: LiveServer, lang: str, device: str
) -> None:
    issued = invite(live_server, role="mp")
    context = browser.new_context(viewport=DEVICES[device], locale=lang)
    page = context.new_page()
    look = photographer(page, lang, device)
    page.goto(live_server(f"/language/{lang}?next=/r/{issued.token}"))
    page.goto(live_server(f"/r/{issued.token}"))
    expect(page.locator(".time-estimate")).to_be_visible()
    look("01-consent")
    page.locator(".consent-form button").click()
    page.locator("input[name='p-years']").fill("12")
    page.locator("button[value='next']").click()

    # Page 1: progress and time; a refused number keeps the status at "fix 1 answer".
    expect(page.locator(".progress-time")).to_be_visible()
    loaded(page)
    status = page.locator("#save-status")
    page.locator("input[name='q-rep-minorities-seats']").fill("9999")
    expect(status).to_have_text(refused_text(page, 1))
    page.locator("input[name='q-rep-women-leadership'][value='4']").check()
    page.wait_for_timeout(400)
    expect(status).to_have_text(refused_text(page, 1))
    expect(page.locator("#q-rep-minorities-seats-autosave-error")).to_be_visible()
    look("02-page-refused")
    page.locator("input[name='q-rep-minorities-seats']").fill("12")
    wait_saved(page)
    expect(page.locator("#q-rep-minorities-seats-autosave-error")).to_have_count(0)
    # "Saved" steps aside after a moment: it never stays over an answer on a phone.
    expect(status).to_have_class("save-status save-faded", timeout=5000)
    look("03-page-saved")

    # Page 2: a comment over its limit is counted and refused, never cut.
    page.locator("button[value='next']").click()
    loaded(page)
    comment = page.locator("textarea[name='c-ovs-budget']")
    comment.fill("ө" * 5001)
    expect(page.locator(".char-count-over")).to_be_visible()
    expect(status).to_have_text(refused_text(page, 1))
    assert len(comment.input_value()) == 5001
    look("04-comment-too-long")
    comment.fill("Төсвийн хууль 2024, 12-р зүйл")
    wait_saved(page)
    page.locator("input[name='q-ovs-committee'][value='yes']").check()
    wait_saved(page)

    # Review: every answer given, with its link back.
    page.locator("button[value='next']").click()
    expect(page.locator("#review-item-rep-minorities-seats .review-answer")).to_have_text("12")
    expect(page.locator("#review-item-ovs-budget .review-comment")).to_contain_text("Төсвийн")
    look("05-review")
    page.locator("#review-item-rep-women-harassment .review-change").click()
    expect(page.locator("#item-rep-women-harassment")).to_be_in_viewport()
    page.go_back()
    page.locator(".submit-form button").click()
    look("06-done")

    # Reopened: every page says the earlier answers count; closed: which ones count.
    page.locator("form[action$='/reopen'] button").click()
    expect(page.locator(".counting-note")).to_be_visible()
    look("07-reopened-review")
    close_round(live_server)
    page.goto(live_server(f"/r/{SLUG}/review"))
    expect(page.locator(".panel p").nth(1)).to_contain_text("2")
    look("08-closed-reopened")
    context.close()
