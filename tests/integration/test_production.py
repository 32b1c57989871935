"""Production settings: behind a reverse proxy, cookies and headers, redacted logs, backups.

What needs a real gunicorn (shared rate limits in Redis, 413 through the server, the
server's own logs) is in ``tests/load/test_server.py``.
"""

from __future__ import annotations

import logging
import runpy
import secrets
import sqlite3
import threading
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask, request
from werkzeug.serving import make_server

from selfassess import create_app
from selfassess.extensions import db
from selfassess.logs import REDACTED, redact
from selfassess.services import backup as backup_service
from selfassess.services.errors import InvalidInput
from tests.conftest import PASSWORD, make_app

ROOT = Path(__file__).resolve().parents[2]
TOKEN = secrets.token_urlsafe(24)
SECRET = "s" * 64


def probe_app(**config: Any) -> Flask:
    """An app (no database needed) with a page that shows what it believes of the client."""
    app = create_app({"SELFASSESS_ENV": "testing", "DATABASE_URL": "sqlite://", **config})
    app.add_url_rule(
        "/_probe",
        "probe",
        lambda: f"{request.remote_addr} {request.scheme} {request.host} {request.script_root}",
    )
    return app


PROXIED = {
    "X-Forwarded-For": "203.0.113.7",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "assess.parliament.mn",
    "X-Forwarded-Prefix": "/selfassess",
}


def test_forwarded_headers_are_ignored_unless_proxy_fix_is_set() -> None:
    reply = probe_app().test_client().get("/_probe", headers=PROXIED)
    assert reply.get_data(as_text=True) == "127.0.0.1 http localhost "
    assert "Strict-Transport-Security" not in reply.headers


def test_proxy_fix_trusts_the_proxy_for_address_scheme_host_and_prefix() -> None:
    reply = probe_app(PROXY_FIX=1).test_client().get("/_probe", headers=PROXIED)
    text = reply.get_data(as_text=True)
    assert text == "203.0.113.7 https assess.parliament.mn /selfassess"
    assert reply.headers["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.parametrize("value", [-1, 9])
def test_a_wrong_proxy_fix_stops_start_up(value: int) -> None:
    with pytest.raises(RuntimeError, match="PROXY_FIX must be the number of reverse proxies"):
        probe_app(PROXY_FIX=value)


def test_proxy_fix_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SELFASSESS_PROXY_FIX", "1")
    assert probe_app().config["PROXY_FIX"] == 1


def test_each_app_says_whether_it_rate_limits() -> None:
    probe_app(RATELIMIT_ENABLED=False)  # as the browser tests' live server is made
    app = probe_app(RATELIMIT_ACCESS_CODE="2 per minute", WTF_CSRF_ENABLED=False)
    client = app.test_client()
    statuses = [client.post("/r/code", data={"code": "x"}).status_code for _ in range(3)]
    assert statuses == [404, 404, 429]


# -- cookies and headers in production mode --------------------------------------------------


def https(client: Any, method: str, url: str, **kwargs: Any) -> Any:
    """A request as a browser makes it over https (Flask-WTF checks the referrer then)."""
    headers = {"Referer": f"https://localhost{url}", **kwargs.pop("headers", {})}
    return client.open(url, method=method, base_url="https://localhost", headers=headers, **kwargs)


def cookie_header(reply: Any, name: str) -> str:
    found = [h for h in reply.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]
    assert found, f"no {name} cookie in {reply.headers.getlist('Set-Cookie')}"
    return found[0]


def assert_locked_down(header: str) -> None:
    assert "; Secure" in header and "; HttpOnly" in header and "SameSite=Lax" in header, header


@pytest.fixture
def production(database_url: str, app: Flask) -> Iterator[Flask]:
    """A production-mode app on the test database (``app`` empties it afterwards)."""
    production = make_app(database_url, SELFASSESS_ENV="production", SECRET_KEY=SECRET)
    yield production
    with production.app_context():
        db.session.remove()
        db.engine.dispose()


def csrf_of(client: Any, url: str) -> str:
    from tests.conftest import CSRF

    match = CSRF.search(https(client, "GET", url).get_data(as_text=True))
    assert match, url
    return match.group(1)


def test_staff_session_cookie_is_secure_httponly_and_samesite(
    production: Flask, make_account: Any
) -> None:
    account = make_account("admin")
    client = production.test_client()
    token = csrf_of(client, "/auth/login")
    data = {"email": account.email, "password": PASSWORD, "csrf_token": token}
    reply = https(client, "POST", "/auth/login", data=data)
    assert reply.status_code == 302
    assert_locked_down(cookie_header(reply, "session"))


def test_respondent_cookies_are_secure_httponly_and_samesite(
    production: Flask, make_round: Any
) -> None:
    from selfassess.services import admission, anonymity, invitations, responses

    round_ = make_round()
    person = {"label": "x", "role": "staff", "profile": {"sex": "female"}}
    (issued,) = invitations.create_invitations(round_, [person])
    client = production.test_client()
    reply = https(client, "GET", f"/r/{issued.token}")
    assert reply.status_code == 302
    assert_locked_down(cookie_header(reply, "session"))
    consent = {"csrf_token": csrf_of(client, f"/r/{round_.slug}/consent")}
    assert https(client, "POST", f"/r/{round_.slug}/consent", data=consent).status_code == 302
    with production.app_context():
        # An anonymous draft is found through the invitation's key, as the link finds it.
        invitation = invitations.find_by_token(issued.token)
        key = anonymity.unseal(invitation, token=issued.token)
        draft = admission.find_draft(invitation.round, key)
        definition = invitation.round.version.load()
        changes = [
            responses.Change(q.key, value=valid_value(definition, q))
            for q in responses.unanswered(draft, definition)
        ]
        responses.save_answers(draft, definition, changes)
        db.session.commit()  # services flush: this block is the edge, as a request would be
    token = csrf_of(client, f"/r/{round_.slug}/review")
    reply = https(client, "POST", f"/r/{round_.slug}/submit", data={"csrf_token": token})
    assert reply.status_code == 302, reply.get_data(as_text=True)
    assert_locked_down(cookie_header(reply, f"selfassess_resume_{round_.id}"))


def valid_value(definition: Any, question: Any) -> str:
    if question.type == "scale":
        return str(definition.scale_of(question).missing_codes[0])
    if question.type in ("choice", "multi"):
        return str(question.options[0].code)
    if question.type == "number":
        return str(int(question.min or 0))
    return "text"


def test_every_response_carries_the_security_headers_over_https(production: Flask) -> None:
    client = production.test_client()
    for url in ("/", "/r/code", "/auth/login", "/no/such/page", "/static/css/app.css"):
        reply = https(client, "GET", url)
        reply.close()  # the static file's handle
        headers = reply.headers
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy, url
        assert "frame-ancestors 'none'" in policy, url
        assert headers["X-Frame-Options"] == "DENY", url
        assert headers["X-Content-Type-Options"] == "nosniff", url
        assert headers["Referrer-Policy"] == "no-referrer", url
        assert headers["Strict-Transport-Security"].startswith("max-age="), url


# -- no secret in the logs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (f'"GET /r/{TOKEN} HTTP/1.1" 302 -', f'"GET /r/{REDACTED} HTTP/1.1" 302 -'),
        (f"GET /r/{TOKEN}", f"GET /r/{REDACTED}"),
        (f"/selfassess/r/{TOKEN}?lang=mn", f"/selfassess/r/{REDACTED}?lang=mn"),
        ("GET /r/code HTTP/1.1", "GET /r/code HTTP/1.1"),
        ("POST /r/baseline-2026/autosave", "POST /r/baseline-2026/autosave"),
        ("GET /r/baseline-2026/page/3", "GET /r/baseline-2026/page/3"),
        (
            "GET /admin/instruments/new/AbCdEfGhIjKlMnOpQrStUv",
            f"GET /admin/instruments/new/{REDACTED}",
        ),
        (
            "GET /admin/rounds/r1/invitations/AbCdEfGhIjKlMnOpQrStUv/links.csv",
            f"GET /admin/rounds/r1/invitations/{REDACTED}/links.csv",
        ),
        ("GET /admin/rounds/r1/invitations", "GET /admin/rounds/r1/invitations"),
        ("GET /x?token=abc&lang=mn", f"GET /x?token={REDACTED}&lang=mn"),
    ],
)
def test_redact_removes_url_secrets_and_keeps_the_rest(line: str, expected: str) -> None:
    assert redact(line) == expected


def test_the_development_server_request_log_has_no_invitation_token(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    server = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=server.handle_request)
    thread.start()
    caplog.set_level(logging.INFO, logger="werkzeug")
    url = f"http://127.0.0.1:{server.server_port}/r/{TOKEN}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=10)
    refused.value.close()
    thread.join(10)
    server.server_close()
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert any(f"/r/{REDACTED}" in line for line in lines), lines
    assert not any(TOKEN in line for line in lines)


def test_a_server_error_on_an_invitation_link_is_logged_without_the_token(
    app: Flask, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from selfassess.services import invitations

    def broken(_token: str) -> None:
        raise RuntimeError(f"database gone while opening /r/{_token}")

    monkeypatch.setattr(invitations, "find_by_token", broken)
    reply = app.test_client().get(f"/r/{TOKEN}")
    assert reply.status_code == 500
    assert "Traceback" not in reply.get_data(as_text=True)
    records = [r for r in caplog.records if r.name == app.logger.name]
    assert records and records[0].getMessage() == f"unhandled error on GET /r/{REDACTED}"
    logged = "\n".join(logging.Formatter().format(r) for r in records)
    assert TOKEN not in logged and "RuntimeError" in logged


def test_gunicorn_logs_have_no_invitation_token(tmp_path: Path) -> None:
    from gunicorn.config import Config

    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    config = Config()
    for name in ("accesslog", "errorlog"):
        config.set(name, str(tmp_path / f"{name}.log"))
    config.set("access_log_format", settings["access_log_format"])
    logger = settings["logger_class"](config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/r/{TOKEN}",
        "PATH_INFO": f"/r/{TOKEN}",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
    }
    reply = SimpleNamespace(status="302 FOUND", headers=[], sent=0)
    try:
        logger.access(reply, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=3))
        try:
            raise ValueError(f"bad request /r/{TOKEN}")
        except ValueError:
            logger.exception("Error handling request %s", f"/r/{TOKEN}")
    finally:
        for log in (logger.error_log, logger.access_log):
            for handler in list(log.handlers):
                handler.close()
                log.removeHandler(handler)
    access = (tmp_path / "accesslog.log").read_text()
    errors = (tmp_path / "errorlog.log").read_text()
    assert f'"GET /r/{REDACTED}" 302' in access
    assert f"Error handling request /r/{REDACTED}" in errors and "ValueError" in errors
    assert TOKEN not in access + errors


# -- backups ---------------------------------------------------------------------------------


def test_a_backup_taken_while_writers_commit_is_one_consistent_moment(tmp_path: Path) -> None:
    """Each transaction inserts a row into both tables: every copy has equal counts."""
    source = tmp_path / "live.db"
    setup = sqlite3.connect(source)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.executescript("CREATE TABLE a (n INTEGER); CREATE TABLE b (n INTEGER);")
    setup.close()
    stop = threading.Event()

    def write() -> None:
        writer = sqlite3.connect(source, timeout=30)
        number = 0
        while not stop.is_set():
            number += 1
            with writer:
                writer.execute("INSERT INTO a VALUES (?)", (number,))
                writer.execute("INSERT INTO b VALUES (?)", (number,))
        writer.close()

    thread = threading.Thread(target=write)
    thread.start()
    counts = []
    try:
        for copy in range(5):
            result = backup_service.backup_sqlite(source, tmp_path / f"copy-{copy}.db")
            assert result.size > 0 and result.target.stat().st_mode & 0o777 == 0o600
            check = sqlite3.connect(result.target)
            (a,), (b,) = check.execute("SELECT count(*) FROM a UNION ALL SELECT count(*) FROM b")
            check.close()
            assert a == b
            counts.append(a)
    finally:
        stop.set()
        thread.join()
    assert counts == sorted(counts) and counts[-1] > 0
    assert not list(tmp_path.glob(".*.partial"))


def test_backup_refuses_what_it_cannot_copy(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="use pg_dump"):
        backup_service.sqlite_file("postgresql+psycopg://u@h/db", tmp_path)
    with pytest.raises(InvalidInput, match="in-memory"):
        backup_service.sqlite_file("sqlite://", tmp_path)
    assert backup_service.sqlite_file("sqlite:///x.db", tmp_path) == tmp_path / "x.db"
    assert backup_service.sqlite_file("sqlite:////srv/x.db", tmp_path) == Path("/srv/x.db")
    with pytest.raises(InvalidInput, match="no such database file"):
        backup_service.backup_sqlite(tmp_path / "missing.db", tmp_path / "copy.db")
    (tmp_path / "live.db").write_bytes(b"")
    (tmp_path / "copy.db").write_bytes(b"taken")
    with pytest.raises(InvalidInput, match="exists"):
        backup_service.backup_sqlite(tmp_path / "live.db", tmp_path / "copy.db")


def test_backup_command(app: Flask, runner: Any, tmp_path: Path) -> None:
    target = tmp_path / "nightly.db"
    result = runner.invoke(args=["backup", "-o", str(target)])
    if db.engine.dialect.name == "postgresql":
        assert result.exit_code == 1
        assert "use pg_dump" in result.output and "Traceback" not in result.output
        return
    assert result.exit_code == 0, result.output
    assert result.output.startswith("backed up ") and str(target) in result.output
    copy = sqlite3.connect(target)
    tables = {name for (name,) in copy.execute("SELECT name FROM sqlite_master")}
    copy.close()
    assert {"alembic_version", "responses", "answers"} <= tables
    again = runner.invoke(args=["backup", "-o", str(target)])
    assert again.exit_code == 1 and "exists" in again.output


# -- the web path's speed-ups keep what they replace -------------------------------------------


def test_choice_inputs_are_written_exactly_as_the_widget_writes_them(app: Flask) -> None:
    from flask import get_template_attribute

    from selfassess import instrument
    from selfassess.respond.forms import items_form
    from tests.conftest import MINIMAL

    definition, _issues = instrument.load(MINIMAL)
    assert definition is not None
    stored = {"q-ovs-tools": "hearings", "q-rep-women-leadership": "dk", "q-ovs-committee": "no"}
    with app.test_request_context():
        form = items_form(list(definition.iter_questions()), definition, "en", stored)
        write = get_template_attribute("respond/_macros.html", "choice_input")
        options = [
            o for f in form if f.type in ("OptionalRadioField", "CheckboxesField") for o in f
        ]
        assert len(options) > 20 and sum(o.checked for o in options) == 3
        for option in options:
            assert str(write(option)) == str(option(class_="choice-input"))


def test_a_request_reads_a_version_without_its_definition(app: Flask, load_instrument: Any) -> None:
    from sqlalchemy import inspect

    from selfassess.models import InstrumentVersion, instruments

    version_id = load_instrument().id
    db.session.expunge_all()
    instruments._DEFINITIONS.clear()
    version = db.session.get(InstrumentVersion, version_id)
    assert "definition" in inspect(version).unloaded  # not read, not parsed
    assert version.load().key == "minimal"  # read once, when no process has built it
    db.session.expunge_all()
    again = db.session.get(InstrumentVersion, version_id)
    assert again.load() is version.load() and "definition" in inspect(again).unloaded
