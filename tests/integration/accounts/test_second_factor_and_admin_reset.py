"""TOTP enrolment with a code check, required at sign-in, recovery by an administrator;
an administrator's reset of another's password."""

from __future__ import annotations

import re

import pyotp

from selfassess.extensions import db
from selfassess.models import Account
from selfassess.services.sealing import unseal
from tests.conftest import PASSWORD, post_form


def enrol(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "<svg" in page  # the QR code, inline
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    wrong = post_form(client, "/account/two-factor", {"code": "000000"})
    assert wrong.status_code == 200 and "The code is not right" in wrong.get_data(as_text=True)
    done = post_form(client, "/account/two-factor", {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 302
    return secret


def test_enrolment_then_every_sign_in_asks_for_a_code(app, client, login_as):
    account = login_as("consultant")
    secret = enrol(client)
    db.session.refresh(account)
    assert secret not in account.totp_secret  # sealed at rest
    assert unseal(account.totp_secret, "totp") == secret

    browser = app.test_client()
    step1 = post_form(browser, "/auth/login", {"email": account.email, "password": PASSWORD})
    assert step1.status_code == 302 and step1.location.endswith("/auth/second-factor")
    assert browser.get("/account/").status_code == 302  # not signed in yet
    refused = post_form(browser, "/auth/second-factor", {"code": "123456"})
    assert refused.status_code == 200
    # the code used at enrolment is spent: the next step's code signs in
    totp = pyotp.TOTP(secret)
    import time

    code = totp.at(time.time() + 30)
    assert post_form(browser, "/auth/second-factor", {"code": code}).status_code == 302
    assert browser.get("/account/").status_code == 200
    replay = app.test_client()
    post_form(replay, "/auth/login", {"email": account.email, "password": PASSWORD})
    assert post_form(replay, "/auth/second-factor", {"code": code}).status_code == 200  # no replay


def test_an_administrator_turns_a_lost_second_factor_off(app, client, login_as, make_account):
    user = make_account("consultant")
    user.totp_secret = pyotp.random_base32()
    db.session.commit()
    login_as("admin")
    page = client.get("/admin/accounts").get_data(as_text=True)
    assert "Turn second factor off" in page
    post_form(client, f"/admin/accounts/{user.id}/two-factor-off", {}, page="/admin/accounts")
    db.session.refresh(user)
    assert user.totp_secret is None
    browser = app.test_client()
    assert (
        post_form(browser, "/auth/login", {"email": user.email, "password": PASSWORD}).location
        == "/results/"
    )


def test_an_administrator_gives_a_temporary_password_shown_once(
    app, client, login_as, make_account
):
    user = make_account("consultant")
    victim_browser = app.test_client()
    post_form(victim_browser, "/auth/login", {"email": user.email, "password": PASSWORD})
    login_as("admin")
    reply = post_form(
        client, f"/admin/accounts/{user.id}/reset/temporary", {}, page="/admin/accounts"
    )
    temporary = re.search(r'id="shown-secret">([^<]+)<', reply.get_data(as_text=True)).group(1)
    assert victim_browser.get("/results/").status_code == 302  # its sessions ended
    db.session.refresh(user)
    assert user.check_password(temporary) and temporary not in user.password_hash


def test_an_administrator_makes_a_one_time_reset_link(app, client, login_as, make_account):
    user = make_account("consultant")
    login_as("admin")
    reply = post_form(client, f"/admin/accounts/{user.id}/reset/link", {}, page="/admin/accounts")
    link = re.search(r'id="shown-secret">([^<]+)<', reply.get_data(as_text=True)).group(1)
    path = "/" + link.split("/", 3)[3]
    other = app.test_client()
    new = "chosen by the person"
    assert post_form(other, path, {"password": new, "confirm": new}).status_code == 302
    assert other.get(path).status_code == 404
    db.session.refresh(user)
    assert user.check_password(new)


def test_nobody_resets_their_own_password_from_the_console(client, login_as):
    me = login_as("admin")
    reply = post_form(
        client, f"/admin/accounts/{me.id}/reset/temporary", {}, page="/admin/accounts"
    )
    assert reply.status_code == 302
    assert db.session.get(Account, me.id).check_password(PASSWORD)
