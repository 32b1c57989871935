"""The bundled questionnaire's longest page on a phone: measured, and kept short."""

from __future__ import annotations

from playwright.sync_api import Browser

from tests.conftest import BUNDLED
from tests.e2e.conftest import PHONE, LiveServer
from tests.e2e.test_respond import invite, loaded


def test_page_one_of_the_bundled_questionnaire_fits_in_fewer_screens(
    browser: Browser, live_server: LiveServer
) -> None:
    issued = invite(live_server, role="mp", path=BUNDLED)
    page = browser.new_context(viewport=PHONE, locale="mn").new_page()
    page.goto(live_server(f"/r/{issued.token}"))
    page.locator(".consent-form button").click()
    page.goto(live_server("/r/e2e-round/page/1"))
    loaded(page)
    page.screenshot(
        path="test-artifacts/respondents/mn-phone-30-bundled-page-1.png", full_page=True
    )
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"bundled page 1, mp, mn, 360 px: {height} px")
    assert height < 4800, height  # 5,598 px before the two columns (issue 11)
