"""An attacker's second look at sign-in: the second factor is the last line of defence
once a password leaked, so guessing it must meet a limit per account, not only per
address (a botnet has many addresses)."""

from __future__ import annotations

import uuid

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


def test_reset_requests_from_many_addresses_cannot_flood_one_mailbox(
    app: Flask, make_account
) -> None:  # type: ignore[no-untyped-def]
    from selfassess.models import OutboxMessage

    app.config.update(MAIL_HOST="127.0.0.1", MAIL_SENDER="selfassess@example.org")
    app.config["RATELIMIT_LOGIN"] = "1000 per minute"
    app.config["RATELIMIT_RESET_ADDRESS"] = "2 per hour"
    victim = make_account("admin")
    statuses = []
    for n in range(1, 6):
        browser = app.test_client()
        browser.environ_base["REMOTE_ADDR"] = f"198.51.100.{n}"
        typed = victim.email.upper() if n % 2 else victim.email  # the same address, any case
        statuses.append(post_form(browser, "/auth/forgot", {"email": typed}).status_code)
    assert statuses == [302, 302, 429, 429, 429]
    assert db.session.query(OutboxMessage).count() == 2
    # Unknown addresses meet the same limit: the answer tells nothing about accounts.
    ghost_address = f"ghost-{victim.id}-{uuid.uuid4().hex[:6]}@example.org"
    ghost = [
        post_form(app.test_client(), "/auth/forgot", {"email": ghost_address}).status_code
        for _ in range(3)
    ]
    assert ghost == [302, 302, 429]


def test_a_password_typed_into_the_address_field_is_not_kept_in_the_audit_log(
    app: Flask, make_account
) -> None:  # type: ignore[no-untyped-def]
    from selfassess.models import AuditEvent

    app.config.update(MAIL_HOST="127.0.0.1", MAIL_SENDER="selfassess@example.org")
    secret = "Tr0ub4dor&3 horse battery"
    browser = app.test_client()
    post_form(browser, "/auth/login", {"email": secret, "password": secret})
    post_form(browser, "/auth/forgot", {"email": secret})
    post_form(browser, "/auth/login", {"email": "nobody@example.org", "password": "x" * 12})
    events = db.session.query(AuditEvent).order_by(AuditEvent.id).all()
    kept = " ".join(f"{e.target} {e.details}" for e in events).lower()
    assert "tr0ub4dor" not in kept and "horse" not in kept
    assert [e.action for e in events] == [
        "auth.login_failed",
        "auth.reset_request",
        "auth.login_failed",
    ]
    assert events[-1].target == "nobody@example.org"  # an address stays readable
