"""A browser walk of invitations with duplicates, revoke and reissue, slips, password
change and reset by e-mail, and TOTP enrolment; screenshots (en/mn, 1280/360 px) go to
``test-artifacts/mail/`` for looking at."""

from __future__ import annotations

import re
from pathlib import Path

import pyotp
from playwright.sync_api import Page, expect

from tests.conftest import MINIMAL, PASSWORD
from tests.e2e.conftest import PHONE, LiveServer, axe_check
from tests.e2e.test_console import file_payload, make_account, sign_in

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "mail"
DESKTOP = {"width": 1280, "height": 900}
PEOPLE = "name,email,role,sex,language\nAnu,anu@example.org,mp,female,mn\nBat,,staff,male,en\n"


def make_round(server: LiveServer) -> None:
    from selfassess import instrument
    from selfassess.services import rounds
    from selfassess.services.instruments import load_definition

    with server.unit_of_work():
        definition, _issues = instrument.load(MINIMAL)
        load_definition(definition, source_name=MINIMAL.name)
        rounds.create_round("pilot", "minimal", title="Pilot 2026")
        rounds.open_round("pilot")


def shoot(page: Page, server: LiveServer, name: str, path: str) -> None:
    """The page at ``path`` in both languages, at desktop and phone widths."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for lang in ("en", "mn"):
        page.goto(server(f"/language/{lang}"))
        for size, label in ((DESKTOP, "1280"), (PHONE, "360")):
            page.set_viewport_size(size)
            page.goto(server(path))
            page.screenshot(path=str(SHOTS / f"{name}-{lang}-{label}.png"), full_page=True)
    page.goto(server("/language/en"))
    page.set_viewport_size(DESKTOP)
    page.goto(server(path))


def upload(page: Page, content: str, *, email: bool = False) -> None:
    page.get_by_label("List of people (CSV)").set_input_files(
        file_payload("people.csv", content.encode(), "text/csv")
    )
    if email:
        page.get_by_label("E-mail each person who has an address their invitation").check()
    page.get_by_role("button", name="Create the invitations").click()


def test_invitations_duplicates_revoke_reissue_and_slips(
    page: Page, live_server: LiveServer
) -> None:
    server = live_server
    server.app.config.update(MAIL_HOST="127.0.0.1", MAIL_SENDER="selfassess@example.org")
    make_round(server)
    sign_in(page, server, make_account(server, "admin"))
    page.goto(server("/admin/rounds/pilot/invitations"))
    upload(page, PEOPLE, email=True)
    expect(page.get_by_role("heading", name="2 new invitations")).to_be_visible()
    issued = page.url.removeprefix(server.url)

    page.goto(server("/admin/rounds/pilot/invitations"))
    upload(page, PEOPLE + "Dorj,,mp,,\n")
    expect(page.get_by_role("heading", name="Check before inviting")).to_be_visible()
    expect(page.get_by_text("2 of 3 people look already invited")).to_be_visible()
    axe_check(page)
    check = page.url.removeprefix(server.url)
    shoot(page, server, "invitations-check", check)
    page.get_by_label("Skip them: invite only the others").check()
    page.get_by_role("button", name="Create the invitations").click()
    expect(page.get_by_role("heading", name="1 new invitation")).to_be_visible()

    page.goto(server(issued + "/slips?lang=both"))
    expect(page.locator(".slip")).to_have_count(2)
    expect(page.locator(".slip svg")).to_have_count(2)
    expect(page.get_by_text("Pilot 2026").first).to_be_visible()
    shoot(page, server, "slips", issued + "/slips?lang=both")

    page.goto(server("/admin/rounds/pilot/invitations/people"))
    page.on("dialog", lambda dialog: dialog.accept())
    row = page.get_by_role("row").filter(has_text="Bat")
    row.get_by_role("button", name="Reissue").click()
    expect(page.get_by_text("the old ones no longer work")).to_be_visible()
    page.goto(server("/admin/rounds/pilot/invitations/people"))
    page.get_by_role("row").filter(has_text="Dorj").get_by_role("button", name="Revoke").click()
    expect(page.get_by_role("row").filter(has_text="Dorj")).to_contain_text("revoked")
    axe_check(page)
    shoot(page, server, "invited-people", "/admin/rounds/pilot/invitations/people")
    shoot(page, server, "outbox", "/admin/outbox")
    with server.unit_of_work():  # another account, with a second factor
        from selfassess.extensions import db
        from selfassess.services.accounts import find_account

        find_account(make_account(server, "consultant")).totp_secret = "sealed"
        db.session.commit()
    shoot(page, server, "accounts", "/admin/accounts")


def test_password_change_reset_and_second_factor(page: Page, live_server: LiveServer) -> None:
    server = live_server
    server.app.config.update(MAIL_HOST="127.0.0.1", MAIL_SENDER="selfassess@example.org")
    email = make_account(server, "consultant")
    sign_in(page, server, email)
    page.get_by_role("link", name="My account").click()
    shoot(page, server, "account", "/account/")
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill("a changed password")
    page.get_by_label("New password again").fill("a changed password")
    page.get_by_role("button", name="Change the password").click()
    expect(page.get_by_text("Your password is changed.")).to_be_visible()

    page.get_by_role("link", name="Turn the second factor on").click()
    shoot(page, server, "two-factor", "/account/two-factor")
    secret = page.locator("code.secret").inner_text().replace(" ", "")
    page.get_by_label("Six-digit code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn it on").click()
    expect(page.get_by_text("The second factor is on")).to_be_visible()
    axe_check(page)
    shoot(page, server, "account-factor-on", "/account/")  # turning it off asks for a code

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Forgot your password?").click()
    shoot(page, server, "forgot", "/auth/forgot")
    page.get_by_label("E-mail").fill(email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_text("a message with a link is on its way")).to_be_visible()
    with server.app.app_context():
        from selfassess.extensions import db
        from selfassess.models import OutboxMessage
        from selfassess.services.mail import secret_link_of

        link = secret_link_of(db.session.scalar(db.select(OutboxMessage)))
    page.goto(link)
    page.get_by_label("New password", exact=True).fill("reset by e-mail!")
    page.get_by_label("New password again").fill("reset by e-mail!")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_text("Your password is changed. Sign in with it.")).to_be_visible()

    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill("reset by e-mail!")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Second factor")).to_be_visible()
    shot = page.url.removeprefix(server.url)
    assert re.search(r"/auth/second-factor$", shot)
    import time

    page.get_by_label("Six-digit code").fill(pyotp.TOTP(secret).at(time.time() + 30))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
