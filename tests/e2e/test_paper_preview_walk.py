"""Issue 11 on the administrators' side, in a real browser, both languages, desktop and
phone: round titles per language, printable paper forms (and their PDF), a paper form
typed in, the respondent-page preview, and an empty closed round that says so.
Screenshots and the PDF go to test-artifacts/respondents/."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.test_console import load_demo, make_account, sign_in
from tests.e2e.test_respondent_walk import DEVICES, SHOTS, photographer


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("lang", ["en", "mn"])
def test_paper_titles_and_preview(
    browser: Browser, live_server: LiveServer, lang: str, device: str
) -> None:
    load_demo(live_server)
    with live_server.unit_of_work():
        from selfassess.services import rounds

        rounds.create_round("empty-2025", "parliament-hr-gender")
        rounds.open_round("empty-2025")
        rounds.close_round("empty-2025")
    email = make_account(live_server, "admin")
    context = browser.new_context(viewport=DEVICES[device], locale="en")  # signs in in English
    page = context.new_page()
    look = photographer(page, lang, device)
    sign_in(page, live_server, email)
    page.goto(live_server(f"/language/{lang}"))

    page.goto(live_server("/admin/rounds/demo-2026"))
    expect(page.locator("input[name='title_mn']")).to_have_value("Жишээ 2026: хүний эрх ба жендэр")
    expected = "Жишээ 2026" if lang == "mn" else "Demo 2026"
    expect(page.locator("h1")).to_contain_text(expected)
    look("20-round-titles")

    page.goto(live_server("/admin/rounds/demo-2026/paper"))
    look("21-paper-index")
    page.goto(live_server(f"/admin/rounds/demo-2026/paper/print?lang={lang}&role=mp&count=2"))
    expect(page.locator(".paper-form")).to_have_count(2)
    expect(page.locator(".form-number strong").first).to_have_text("00009")
    look("22-paper-print", whole=False)
    if device == "desktop":
        page.emulate_media(media="print")
        page.pdf(path=SHOTS / f"{lang}-paper-forms.pdf", format="A4")
        page.emulate_media(media="screen")

    page.goto(live_server("/admin/rounds/demo-2026/paper/enter?role=staff"))
    page.locator("#number").fill("9")
    page.locator("input[name='p-sex'][value='female']").check()
    page.locator("fieldset.item[data-question] input[type=radio]").nth(3).check()
    look("23-paper-enter", whole=False)
    page.locator("form.paper-enter button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    page.locator("#number").fill("9")
    page.locator("form.paper-enter button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    look("24-paper-duplicate", whole=False)

    page.goto(
        live_server(
            f"/admin/instruments/parliament-hr-gender/v1/respondent?lang={lang}&role=mp&page=1"
        )
    )
    expect(page.locator(".preview-bar")).to_be_visible()
    expect(page.locator("fieldset.item").first).to_be_visible()
    look("25-preview-page", whole=False)

    page.goto(live_server("/results/empty-2025/"))
    expect(page.locator(".notice").first).to_be_visible()
    look("26-empty-closed-round")
    context.close()
