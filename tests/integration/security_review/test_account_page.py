"""An attacker's second look at the account page, with a signed-in browser left open (or a
stolen session): what it can do there must still ask for what only the owner knows."""

from __future__ import annotations

import time

import pyotp

from selfassess.extensions import db
from tests.conftest import PASSWORD, post_form
from tests.integration.accounts.test_second_factor_and_admin_reset import enrol

NEW = "a brand new passphrase"


def test_turning_the_second_factor_off_asks_for_a_current_code(app, client, login_as) -> None:  # type: ignore[no-untyped-def]
    account = login_as("consultant")
    secret = enrol(client)
    page = client.get("/account/").get_data(as_text=True)
    assert 'name="code"' in page  # the form asks for a code
    post_form(client, "/account/two-factor/off", {}, page="/account/")
    db.session.refresh(account)
    assert account.totp_secret  # still on without a code
    post_form(client, "/account/two-factor/off", {"code": "000000"}, page="/account/")
    db.session.refresh(account)
    assert account.totp_secret  # still on with a wrong one
    code = pyotp.TOTP(secret).at(time.time() + 30)  # the enrolment's code is spent
    done = post_form(client, "/account/two-factor/off", {"code": code}, page="/account/")
    assert done.status_code == 302
    db.session.refresh(account)
    assert account.totp_secret is None


def test_guessing_the_current_password_on_the_account_page_meets_a_limit(
    app, client, login_as
) -> None:  # type: ignore[no-untyped-def]
    app.config["RATELIMIT_REAUTH"] = "3 per hour"
    login_as("consultant")
    wrong = {"current": "not the password", "password": NEW, "confirm": NEW}
    statuses = [post_form(client, "/account/", wrong).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    right = {"current": PASSWORD, "password": NEW, "confirm": NEW}
    assert post_form(client, "/account/", right).status_code == 429


def test_the_secret_being_enrolled_is_not_readable_in_the_session_cookie(client, login_as) -> None:  # type: ignore[no-untyped-def]
    # Flask's session cookie is signed, not encrypted: anyone who sees it reads it.
    import re

    login_as("consultant")
    page = client.get("/account/two-factor").get_data(as_text=True)
    shown = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    with client.session_transaction() as session:
        assert shown not in repr(dict(session))
    again = client.get("/account/two-factor").get_data(as_text=True)
    assert shown in again.replace(" ", "")  # the same secret until enrolment ends
    secret = enrol(client)  # and enrolment still works with it
    assert secret == shown
