"""An attacker's second look at sign-in: the second factor is the last line of defence
once a password leaked, so guessing it must meet a limit per account, not only per
address (a botnet has many addresses)."""

from __future__ import annotations

import pyotp
from flask import Flask

from selfassess.extensions import db
from tests.conftest import PASSWORD, post_form


def test_guessing_a_second_factor_from_many_addresses_meets_a_limit_per_account(
    app: Flask, make_account
) -> None:  # type: ignore[no-untyped-def]
    app.config["RATELIMIT_LOGIN"] = "1000 per minute"
    app.config["RATELIMIT_SECOND_FACTOR"] = "3 per hour"
    account = make_account("consultant")
    secret = pyotp.random_base32()
    from selfassess.services.sealing import seal

    account.totp_secret = seal(secret, "totp")
    db.session.commit()

    def attempt(address: str, code: str) -> int:
        browser = app.test_client()
        browser.environ_base["REMOTE_ADDR"] = address
        step1 = post_form(browser, "/auth/login", {"email": account.email, "password": PASSWORD})
        assert step1.status_code == 302
        return post_form(browser, "/auth/second-factor", {"code": code}).status_code

    wrong = [attempt(f"203.0.113.{n}", "000000") for n in range(1, 4)]
    assert wrong == [200, 200, 200]  # refused, the form again
    # The fourth address has the right code, but the account's guesses are spent.
    assert attempt("203.0.113.9", pyotp.TOTP(secret).now()) == 429

