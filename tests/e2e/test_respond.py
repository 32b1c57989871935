"""A respondent in a real browser: invitation link, consent, profile, answers in Mongolian,
leaving and coming back, review, submission, reopening, a closed round; on a phone too."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect

from selfassess.services.invitations import IssuedInvitation
from tests.conftest import MINIMAL
from tests.e2e.conftest import PHONE, LiveServer, axe_check

SLUG = "e2e-round"


def invite(
    server: LiveServer, role: str = "mp", path: Path = MINIMAL, **round_options: Any
) -> IssuedInvitation:
    """An open round on a questionnaire (the minimal one) and one invitation to it."""
    from selfassess import instrument
    from selfassess.services import invitations, rounds
    from selfassess.services.instruments import load_definition

    with server.unit_of_work():
        definition, issues = instrument.load(path)
        assert definition is not None, issues
        load_definition(definition)
        round_ = rounds.create_round(SLUG, definition.key, **round_options)
        rounds.open_round(SLUG)
        person = {"label": "e2e", "role": role, "profile": {"sex": "female"}}
        return invitations.create_invitations(round_, [person])[0]


def close_round(server: LiveServer) -> None:
    from selfassess.services import rounds

    with server.unit_of_work():
        rounds.close_round(SLUG)


def loaded(page: Page) -> None:
    """The page after a click has loaded its script: changes from now on are autosaved."""
    page.wait_for_load_state("load")


def wait_saved(page: Page) -> None:
    """The autosave said "Saved" (whatever the language) in its live region."""
    status = page.locator("#save-status")
    expect(status).to_have_text(status.get_attribute("data-saved") or "Saved")


def fits_the_screen(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size or PHONE
    assert width <= viewport["width"], f"{page.url} scrolls sideways ({width}px)"


def test_a_respondent_answers_leaves_comes_back_submits_and_reopens(
    page: Page, browser: Browser, live_server: LiveServer
) -> None:
    issued = invite(live_server)
    link = live_server(f"/r/{issued.token}")

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Before you start")
    axe_check(page)
    page.get_by_role("button", name="I agree, start").click()

    # The invitation gave the sex: only the years in parliament are asked.
    expect(page.get_by_role("heading", level=1)).to_have_text("About you")
    expect(page.get_by_text("Sex", exact=True)).to_have_count(0)
    page.get_by_label("Years in parliament").fill("6")
    axe_check(page)
    page.get_by_role("button", name="Save and continue").click()

    # Page 1, in Mongolian; answers are saved in the background as they are given.
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()
    page.get_by_role("link", name="Монгол").click()
    expect(page.locator("html")).to_have_attribute("lang", "mn")
    expect(page.get_by_role("heading", level=1)).to_have_text("Төлөөлөл")
    loaded(page)
    axe_check(page)
    page.get_by_label("Маш сайн", exact=True).check()
    wait_saved(page)
    page.get_by_role("group", name="Эмэгтэй гишүүд дарамтад өртдөг.").get_by_label(
        "Санал нийлнэ", exact=True
    ).check()
    wait_saved(page)
    page.get_by_label("Цөөнхүүд хэдэн суудалтай вэ?").fill("4")
    page.get_by_label("Цөөнхүүд хэдэн суудалтай вэ?").blur()
    wait_saved(page)

    # Leave: another browser, days later, through the same link.
    later = browser.new_context()
    again = later.new_page()
    again.goto(link)
    expect(again.get_by_text("Page 2 of 2")).to_be_visible()  # page 1 is complete
    again.goto(live_server(f"/r/{SLUG}/page/1"))
    expect(again.get_by_label("Excellent", exact=True)).to_be_checked()
    expect(again.get_by_label("How many seats do minorities hold?")).to_have_value("4")
    again.goto(live_server(f"/r/{SLUG}/page/2"))
    again.get_by_label("Give an example.").fill("A hearing on the budget")
    again.get_by_role("button", name="Save and review").click()

    # Review: the required question is missing; submitting links to it.
    expect(again.get_by_role("heading", level=1)).to_have_text("Review and submit")
    axe_check(again)
    again.get_by_role("button", name="Submit my answers").click()
    summary = again.locator("#error-summary")
    expect(summary).to_be_visible()
    axe_check(again)
    summary.get_by_role("link", name="Is there a human rights committee?").click()
    expect(again).to_have_url(live_server(f"/r/{SLUG}/page/2#item-ovs-committee"))
    loaded(again)
    again.get_by_label("Yes", exact=True).check()
    wait_saved(again)
    again.get_by_role("button", name="Save and review").click()
    again.get_by_role("button", name="Submit my answers").click()

    expect(again.get_by_role("heading", level=1)).to_have_text("Thank you")
    code = again.locator(".resume-code")
    # Short enough to note down, and the same after every resubmission (issue 11).
    expect(code).to_have_text(re.compile(r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){2}$"))
    noted = code.inner_text().strip()
    axe_check(again)

    # Reopen and change: still one response.
    again.get_by_role("button", name="Change my answers").click()
    expect(again.get_by_text("Your response is open again")).to_be_visible()
    again.goto(live_server(f"/r/{SLUG}/page/1"))
    again.get_by_label("Basic", exact=True).check()
    wait_saved(again)
    again.goto(live_server(f"/r/{SLUG}/review"))
    again.get_by_role("button", name="Submit my answers").click()
    expect(again.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(again.locator(".resume-code")).to_have_text(noted)
    later.close()

    from selfassess.models import Response

    with live_server.app.app_context():
        from selfassess.extensions import db

        (response,) = db.session.query(Response).all()
        answers = {a.question: (a.value, a.comment) for a in response.answers}
    assert answers == {
        "rep-women-leadership": ("2", None),
        "rep-women-harassment": ("4", None),
        "rep-minorities-seats": ("4", None),
        "ovs-committee": ("yes", None),
        "ovs-example": ("A hearing on the budget", None),
    }
    assert response.profile == {"sex": "female", "years": 6}

    # The round closes: a clear refusal, in the first browser too.
    close_round(live_server)
    reply = page.goto(live_server(f"/language/en?next=/r/{SLUG}/page/1"))
    assert reply is not None and reply.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("This assessment is closed")
    axe_check(page)


def test_a_respondent_on_a_phone(page: Page, live_server: LiveServer) -> None:
    issued = invite(live_server, role="staff")
    page.set_viewport_size(PHONE)
    page.goto(live_server(f"/r/{issued.token}"))
    fits_the_screen(page)
    page.get_by_role("button", name="I agree, start").click()
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()
    loaded(page)
    fits_the_screen(page)
    option = page.get_by_label("Don't know", exact=True)
    box = option.locator("xpath=..").bounding_box()
    assert box is not None and box["height"] >= 44  # a finger-sized target
    option.check()
    wait_saved(page)
    # The message stays in view at the bottom of the screen, not at the end of the page.
    status = page.locator("#save-status").bounding_box()
    assert status is not None and status["y"] + status["height"] <= PHONE["height"]
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    loaded(page)
    fits_the_screen(page)
    page.get_by_label("Hearings").check()
    wait_saved(page)
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save and review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review and submit")
    fits_the_screen(page)
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    fits_the_screen(page)
    axe_check(page)


def test_everything_works_without_javascript(browser: Browser, live_server: LiveServer) -> None:
    issued = invite(live_server, role="staff")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server(f"/r/{issued.token}"))
    page.get_by_role("button", name="I agree, start").click()
    page.get_by_label("Fair", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Your answers on this page are saved.")).to_be_visible()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save and review").click()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    page.get_by_role("button", name="Change my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review and submit")
    context.close()


def test_keyboard_only(page: Page, live_server: LiveServer) -> None:
    """Tab to a choice, pick it with the arrow keys, save with Enter; focus is visible."""
    issued = invite(live_server, role="staff")
    page.goto(live_server(f"/r/{issued.token}"))
    page.get_by_role("button", name="I agree, start").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()
    loaded(page)
    first = page.get_by_label("Non-existent", exact=True)
    for _ in range(30):
        page.keyboard.press("Tab")
        if first.evaluate("el => el === document.activeElement"):
            break
    outline = first.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline not in ("", "none"), "no visible focus on a radio button"
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Rudimentary", exact=True)).to_be_checked()
    wait_saved(page)


def test_a_typed_answer_survives_leaving_the_page_at_once(
    page: Page, live_server: LiveServer
) -> None:
    issued = invite(live_server, role="staff")
    page.goto(live_server(f"/r/{issued.token}"))
    page.get_by_role("button", name="I agree, start").click()
    page.goto(live_server(f"/r/{SLUG}/page/2"))
    page.get_by_label("Give an example.").fill("Typed just before leaving")
    page.get_by_role("link", name="Монгол").click()  # before the autosave's pause ends
    expect(page.locator("html")).to_have_attribute("lang", "mn")
    expect(page.get_by_label("Жишээ дурдана уу.")).to_have_value("Typed just before leaving")
