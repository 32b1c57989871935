"""Staff sign-in: right and wrong passwords, a fresh session, no open redirect, sign-out."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from selfassess.extensions import db
from selfassess.models import AuditEvent
from tests.conftest import PASSWORD, csrf_token, post_form


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD, next_: str | None = None):  # type: ignore[no-untyped-def]
    url = "/auth/login" + (f"?next={next_}" if next_ is not None else "")
    return post_form(client, url, {"email": email, "password": password}, page="/auth/login")


def signed_in(client: FlaskClient) -> bool:
    with client.session_transaction() as session:
        return "_user_id" in session


def test_the_right_password_signs_in_and_the_wrong_one_does_not(client, make_account):
    account = make_account("consultant")
    wrong = sign_in(client, account.email, "not the password")
    assert wrong.status_code == 200 and not signed_in(client)
    assert "is not right" in wrong.get_data(as_text=True)
    unknown = sign_in(client, "nobody@example.org", "whatever-password")
    # The same answer for an unknown address: no account enumeration.
    assert "is not right" in unknown.get_data(as_text=True)
    assert sign_in(client, account.email.upper()).status_code == 302
    assert signed_in(client)
    actions = [e.action for e in db.session.query(AuditEvent).order_by(AuditEvent.id)]
    assert actions[-3:] == ["auth.login_failed", "auth.login_failed", "auth.login"]


def test_signing_in_starts_a_fresh_session(client, make_account):
    """Nothing planted in the session before sign-in survives it (session fixation)."""
    account = make_account("admin")
    client.get("/language/mn")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
        session["respond"] = {"1": {"response": 1}}
        session["_user_id"] = "999:forged"
    before = client.get_cookie("session").value
    assert sign_in(client, account.email).status_code == 302
    with client.session_transaction() as session:
        assert "planted" not in session and "respond" not in session
        assert session["_user_id"] == account.get_id()
        assert session["lang"] == "mn"  # the chosen language is kept
    assert client.get_cookie("session").value != before


def test_a_forged_user_id_in_the_session_is_not_signed_in(client, make_account):
    account = make_account("admin")
    with client.session_transaction() as session:
        session["_user_id"] = f"{account.id}:not-the-token"
    assert client.get("/admin/").status_code == 302  # to the sign-in page


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "///evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "https:evil.example",
        " //evil.example",
        "/%09/evil.example",
        "evil.example",
    ],
)
def test_next_never_leaves_the_site(client, make_account, target):
    account = make_account("admin")
    reply = sign_in(client, account.email, next_=quote(target, safe=""))
    assert reply.status_code == 302
    location = reply.location
    # A path on this site; browsers read "//host" and "/\\host" as another site.
    assert urlsplit(location).netloc == "" and location.startswith("/"), location
    assert not location.startswith(("//", "/\\")), location


def test_next_on_the_site_is_followed(client, make_account):
    account = make_account("admin")
    reply = sign_in(client, account.email, next_="/admin/rounds")
    assert reply.location == "/admin/rounds"


def test_sign_out_needs_a_post_with_a_csrf_token(client, make_account):
    account = make_account("consultant")
    sign_in(client, account.email)
    assert client.get("/auth/logout").status_code == 405
    assert client.post("/auth/logout").status_code == 400
    assert signed_in(client)
    token = csrf_token(client, "/")  # the sign-out form of every page
    reply = client.post("/auth/logout", data={"csrf_token": token})
    assert reply.status_code == 302 and reply.location == "/auth/login"
    assert not signed_in(client)


def test_sign_in_without_a_csrf_token_is_refused(client, make_account):
    account = make_account("admin")
    reply = client.post("/auth/login", data={"email": account.email, "password": PASSWORD})
    assert reply.status_code == 400 and not signed_in(client)


def test_sign_in_attempts_are_rate_limited(app: Flask, client, make_account):
    app.config["RATELIMIT_LOGIN"] = "3 per minute"
    account = make_account("admin")
    for _ in range(3):
        assert sign_in(client, account.email, "wrong password!").status_code == 200
    assert sign_in(client, account.email).status_code == 429
    assert not signed_in(client)


def test_a_deactivated_account_cannot_sign_in_and_loses_its_session(client, make_account):
    account = make_account("admin")
    sign_in(client, account.email)
    account.active = False
    db.session.commit()
    assert client.get("/admin/").status_code == 302
    assert sign_in(client, account.email).status_code == 200
    assert client.get("/admin/").status_code == 302


def test_a_new_password_ends_the_old_sessions(client, make_account):
    account = make_account("admin")
    sign_in(client, account.email)
    assert client.get("/admin/").status_code == 200
    account.set_password("another long password")
    db.session.commit()
    assert client.get("/admin/").status_code == 302


def test_the_session_cookie_is_http_only_and_same_site(client, make_account):
    account = make_account("admin")
    reply = sign_in(client, account.email)
    cookie = next(h for h in reply.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_sends_the_session_cookie_over_https_only(database_url: str):
    from tests.conftest import make_app

    app = make_app(database_url, SELFASSESS_ENV="production", SECRET_KEY="k" * 40)
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]


def test_a_session_carried_to_another_browser_is_signed_out(client, make_account):
    """Flask-Login's "strong" protection still guards every session with an account: the
    same cookie from another browser (another User-Agent) is no longer signed in."""
    account = make_account("admin")
    assert sign_in(client, account.email).status_code == 302
    assert client.get("/admin/").status_code == 200  # the browser that signed in
    stolen = client.get("/admin/", headers={"User-Agent": "somebody else's browser"})
    assert stolen.status_code == 302 and "/auth/login" in stolen.location
