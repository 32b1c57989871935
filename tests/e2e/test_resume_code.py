"""The resume code in a real browser, in both languages, on a desktop and a phone: shown
grouped, downloaded as a text file, a print button; on another device the access code
leads to an empty resume box, and the noted code opens the response."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import PHONE, LiveServer, axe_check
from tests.e2e.test_respond import SLUG, invite, wait_saved

#: Screenshots for people to look at (git-ignored).
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "anonymity"
DEVICES = {"desktop": {"width": 1280, "height": 900}, "phone": PHONE}


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("lang", ["en", "mn"])
def test_the_resume_code_is_kept_and_used_elsewhere(
    browser: Browser, live_server: LiveServer, lang: str, device: str, tmp_path: Path
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    # An SMTP server configured: the thank-you page offers to e-mail the code too.
    live_server.app.config.update(MAIL_HOST="127.0.0.1", MAIL_SENDER="selfassess@example.org")
    issued = invite(live_server, role="staff")
    context = browser.new_context(viewport=DEVICES[device], locale=lang, accept_downloads=True)
    page = context.new_page()
    page.goto(live_server(f"/language/{lang}?next=/r/{issued.token}"))
    page.locator(".consent-form button").click()
    page.goto(live_server(f"/r/{SLUG}/page/2"))
    page.locator("input[name='q-ovs-committee'][value='yes']").check()
    wait_saved(page)
    page.goto(live_server(f"/r/{SLUG}/review"))
    page.locator(".submit-form button").click()
    code = page.locator(".resume-code")
    expect(code).to_be_visible()
    shown = re.sub(r"\s", "", code.inner_text())
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", shown), shown
    expect(page.locator("[data-print]")).to_be_visible()
    expect(page.locator(".resume-mail input[type=email]")).to_be_visible()
    page.screenshot(path=SHOTS / f"{lang}-{device}-done.png", full_page=True)
    if device == "desktop":
        axe_check(page)
    else:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    with page.expect_download() as download:
        page.locator(".resume-save a").click()
    saved = tmp_path / "code.txt"
    download.value.save_as(saved)
    assert shown in saved.read_text(encoding="utf-8")

    other = browser.new_context(viewport=DEVICES[device], locale=lang)
    second = other.new_page()
    second.goto(live_server(f"/language/{lang}?next=/r/code"))
    second.locator("#code").fill(issued.code)
    second.locator("form button[type=submit]").click()
    box = second.locator("input[name='code']")
    expect(box).to_have_value("")  # not the access code just typed
    second.screenshot(path=SHOTS / f"{lang}-{device}-used.png", full_page=True)
    box.fill(shown.lower())
    second.locator("form button[type=submit]").click()
    expect(second).to_have_url(re.compile(rf"/r/{SLUG}/done$"))
    expect(second.locator(".resume-code")).to_be_visible()
    other.close()
    context.close()
