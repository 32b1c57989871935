"""The home page in a real browser: loads, switches language, passes axe-core."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, LiveServer, axe_check


def test_home_page_in_both_languages(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server())
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Монгол").click()
    expect(page.locator("html")).to_have_attribute("lang", "mn")
    axe_check(page)


def test_home_page_on_a_phone(page: Page, live_server: LiveServer) -> None:
    page.set_viewport_size(PHONE)
    page.goto(live_server())
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the page scrolls sideways on a 360-px phone"
