"""Sessions end at sign-out and at a password change; change, reset and set-password."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from selfassess.extensions import db
from selfassess.models import OutboxMessage
from selfassess.services import mail, security
from tests.conftest import PASSWORD, post_form

NEW = "a brand new password"


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return post_form(client, "/auth/login", {"email": email, "password": password})


def test_a_session_cookie_copied_before_sign_out_no_longer_works_after_it(app, make_account):
    account = make_account("admin")
    browser = app.test_client()
    assert sign_in(browser, account.email).status_code == 302
    stolen = browser.get_cookie("session").value
    post_form(browser, "/auth/logout", {}, page="/admin/")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/admin/").status_code == 302  # to the sign-in page


def test_signing_out_one_browser_keeps_the_other_signed_in(app, make_account):
    account = make_account("admin")
    first, second = app.test_client(), app.test_client()
    sign_in(first, account.email)
    sign_in(second, account.email)
    post_form(first, "/auth/logout", {}, page="/admin/")
    assert first.get("/admin/").status_code == 302
    assert second.get("/admin/").status_code == 200


def test_changing_ones_password_ends_the_other_sessions_and_keeps_this_one(app, make_account):
    account = make_account("consultant")
    me, elsewhere = app.test_client(), app.test_client()
    sign_in(me, account.email)
    sign_in(elsewhere, account.email)
    reply = post_form(me, "/account/", {"current": PASSWORD, "password": NEW, "confirm": NEW})
    assert reply.status_code == 302, reply.get_data(as_text=True)
    assert me.get("/account/").status_code == 200
    assert elsewhere.get("/account/").status_code == 302
    # the old password no longer signs in, the new one does
    assert sign_in(app.test_client(), account.email).status_code == 200
    assert sign_in(app.test_client(), account.email, NEW).status_code == 302


def test_a_wrong_current_password_changes_nothing(app, client, login_as):
    account = login_as("admin")
    reply = post_form(
        client, "/account/", {"current": "wrong one!!", "password": NEW, "confirm": NEW}
    )
    assert reply.status_code == 200
    assert "The current password is not right." in reply.get_data(as_text=True)
    db.session.refresh(account)
    assert account.check_password(PASSWORD)


def test_set_password_command(app, runner, make_account):
    account = make_account("admin")
    browser = app.test_client()
    sign_in(browser, account.email)
    result = runner.invoke(
        args=["users", "set-password", account.email.upper(), "--password-stdin"], input=NEW + "\n"
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"password set for {account.email}"
    assert browser.get("/admin/").status_code == 302  # its sessions ended
    db.session.refresh(account)
    assert account.check_password(NEW)


def test_set_password_refusals_are_one_line_and_exit_1(app, runner, make_account):
    account = make_account("admin")
    unknown = runner.invoke(
        args=["users", "set-password", "nobody@example.org", "--password-stdin"], input=NEW + "\n"
    )
    short = runner.invoke(
        args=["users", "set-password", account.email, "--password-stdin"], input="short\n"
    )
    for result in (unknown, short):
        assert result.exit_code == 1
        assert len(result.output.strip().splitlines()) == 1
        assert "Traceback" not in result.output
    assert "nobody@example.org" in unknown.output
    assert "at least 10 characters" in short.output


def mail_app(app):  # type: ignore[no-untyped-def]
    app.config.update(MAIL_HOST="127.0.0.1", MAIL_SENDER="selfassess@example.org")
    return app


def test_reset_by_e_mail_answers_alike_and_queues_a_single_use_link(app, make_account):
    mail_app(app)
    account = make_account("admin")
    client = app.test_client()
    known = post_form(client, "/auth/forgot", {"email": account.email}, follow_redirects=True)
    unknown = post_form(
        client, "/auth/forgot", {"email": "ghost@example.org"}, follow_redirects=True
    )
    strip = lambda page: re.sub(r'name="csrf_token"[^>]*', "", page.get_data(as_text=True))  # noqa: E731
    assert strip(known) == strip(unknown)
    messages = db.session.query(OutboxMessage).all()
    assert [m.recipient for m in messages] == [account.email]
    link = mail.secret_link_of(messages[0])
    assert link and link not in messages[0].body and link not in messages[0].secret_link
    path = "/" + link.split("/", 3)[3]
    assert client.get(path).status_code == 200
    assert post_form(client, path, {"password": NEW, "confirm": NEW}).status_code == 302
    assert client.get(path).status_code == 404  # used once
    assert sign_in(app.test_client(), account.email, NEW).status_code == 302


def test_an_expired_reset_link_is_refused(app, make_account):
    from datetime import timedelta

    from selfassess.models import PasswordReset
    from selfassess.models.types import utcnow

    account = make_account("admin")
    secret = security.issue_reset(account)
    db.session.commit()
    reset = db.session.query(PasswordReset).one()
    reset.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert app.test_client().get(f"/auth/reset/{secret}").status_code == 404
    assert security.reset_account("not-a-token") is None


def test_without_mail_the_reset_page_is_off(app, client):
    assert client.get("/auth/forgot").status_code == 404
    assert "Forgot your password" not in client.get("/auth/login").get_data(as_text=True)


def test_a_sign_in_lasts_at_most_the_session_lifetime(app, make_account):
    from datetime import timedelta

    from selfassess.models import AccountSession
    from selfassess.models.types import utcnow

    account = make_account("admin")
    browser = app.test_client()
    sign_in(browser, account.email)
    assert browser.get("/admin/").status_code == 200
    for row in db.session.query(AccountSession).all():
        row.created_at = utcnow() - timedelta(hours=9)  # the lifetime is 8 hours
    db.session.commit()
    assert browser.get("/admin/").status_code == 302
    sign_in(app.test_client(), account.email)  # a new sign-in sweeps the old row
    assert db.session.query(AccountSession).count() == 1


def test_a_forged_host_header_does_not_move_the_reset_link(app, make_account):
    mail_app(app)
    app.config["BASE_URL"] = "https://assess.parliament.example"
    account = make_account("admin")
    app.config["WTF_CSRF_ENABLED"] = False  # the forged host gets no session cookie
    reply = app.test_client().post(
        "/auth/forgot", data={"email": account.email}, headers={"Host": "evil.example"}
    )
    assert reply.status_code == 302
    (message,) = db.session.query(OutboxMessage).all()
    assert mail.secret_link_of(message).startswith("https://assess.parliament.example/auth/reset/")
