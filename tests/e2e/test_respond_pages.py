"""Every respondent page, in both languages, on a desktop and on a phone: axe-core finds no
serious or critical violation, nothing scrolls sideways on the phone, and a screenshot of
each goes to /tmp/shots/respond/ for people to look at."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PHONE, LiveServer, axe_check
from tests.e2e.test_respond import SLUG, close_round, invite, loaded, wait_saved

#: Where people look at the pages (a fixed, well-known place: not a secret file).
SHOTS = Path("/tmp/shots/respond")  # noqa: S108
DEVICES = {"desktop": {"width": 1280, "height": 900}, "phone": PHONE}


def draft_round_link(server: LiveServer) -> str:
    """A link to a round that has not opened yet."""
    from selfassess.services import invitations, rounds

    with server.unit_of_work():
        round_ = rounds.create_round("e2e-draft", "minimal")
        issued = invitations.create_invitations(round_, [{"label": "d", "role": "mp"}])[0]
    return server(f"/r/{issued.token}")


def checker(page: Page, lang: str, device: str, count: Iterator[int]) -> Callable[[str], None]:
    """A function that checks and photographs the page under a name."""
    SHOTS.mkdir(parents=True, exist_ok=True)

    def look(name: str) -> None:
        expect(page.locator("html")).to_have_attribute("lang", lang)
        page.screenshot(
            path=SHOTS / f"{lang}-{device}-{next(count):02d}-{name}.png", full_page=True
        )
        if device == "phone":
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{name} scrolls sideways on a phone ({width}px)"
        else:
            axe_check(page)

    return look


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("lang", ["en", "mn"])
def test_every_respondent_page(
    browser: Browser, live_server: LiveServer, lang: str, device: str
) -> None:
    issued = invite(live_server, role="mp")
    draft_link = draft_round_link(live_server)
    context = browser.new_context(viewport=DEVICES[device], locale=lang)
    page = context.new_page()
    count = iter(range(1, 100))
    look = checker(page, lang, device, count)
    page.goto(live_server(f"/language/{lang}?next=/r/code"))

    look("code")
    page.locator("#code").fill("WRONG-CODE-1")
    page.locator("form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    look("code-error")
    page.goto(live_server("/r/not-a-real-invitation-token-at-all"))
    look("unknown-link")
    page.goto(draft_link)
    look("not-open-yet")
    page.goto(live_server(f"/r/{SLUG}/page/1"))
    look("no-access")

    page.goto(live_server(f"/r/{issued.token}"))
    look("consent")
    page.locator(".consent-form button").click()
    page.locator("input[name='p-years']").fill("12")
    look("profile")
    page.locator("button[value='next']").click()
    expect(page.locator("progress")).to_have_attribute("value", "1")
    loaded(page)
    page.locator("input[name='q-rep-women-leadership'][value='4']").check()
    wait_saved(page)
    page.locator("input[name='q-rep-women-harassment'][value='dk']").check()
    wait_saved(page)
    look("page-1")
    page.locator("input[name='q-rep-minorities-seats']").fill("500")
    page.locator("button[value='next']").click()
    expect(page.locator("#error-summary")).to_be_visible()
    look("page-1-error")
    page.locator("input[name='q-rep-minorities-seats']").fill("3")
    page.locator("button[value='next']").click()
    expect(page.locator("progress")).to_have_attribute("value", "2")
    loaded(page)
    page.locator("textarea[name='c-ovs-budget']").fill("Budget law 2024, article 12")
    wait_saved(page)
    look("page-2")
    page.locator("button[value='next']").click()
    look("review")
    page.locator(".submit-form button").click()
    expect(page.locator("#error-summary")).to_be_visible()
    look("review-error")
    page.goto(live_server(f"/r/{SLUG}/page/2"))
    page.locator("input[name='q-ovs-committee'][value='yes']").check()
    wait_saved(page)
    page.goto(live_server(f"/r/{SLUG}/review"))
    page.locator(".submit-form button").click()
    expect(page.locator(".resume-code")).to_be_visible()
    look("done")

    other = browser.new_context(viewport=DEVICES[device], locale=lang)
    second = other.new_page()
    second.goto(live_server(f"/language/{lang}?next=/r/{issued.token}"))
    look_second = checker(second, lang, device, count)
    look_second("used-link")

    close_round(live_server)
    page.goto(live_server(f"/r/{SLUG}/page/1"))
    look("closed")
    other.close()
    context.close()


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("lang", ["en", "mn"])
def test_every_page_of_the_bundled_questionnaire(
    browser: Browser, live_server: LiveServer, lang: str, device: str
) -> None:
    from tests.conftest import BUNDLED

    issued = invite(live_server, role="staff", path=BUNDLED)
    context = browser.new_context(viewport=DEVICES[device], locale=lang)
    page = context.new_page()
    look = checker(page, lang, device, iter(range(51, 100)))
    page.goto(live_server(f"/language/{lang}?next=/r/{issued.token}"))
    page.locator(".consent-form button").click()
    page.locator("input[name='p-department'][value='budget']").check()
    page.locator("button[value='next']").click()
    total = int(page.locator("progress").get_attribute("max") or 0)
    for number in range(1, total + 1):
        expect(page.locator("progress")).to_have_attribute("value", str(number))
        look(f"bundled-page-{number}")
        page.locator("button[value='next']").click()
    expect(page.locator(".submit-form")).to_be_visible()
    context.close()
