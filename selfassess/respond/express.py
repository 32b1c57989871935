"""The express path: a respondent's two commonest requests without the app's floor.

Opening a questionnaire page (a plain GET) and the autosave of an answer are nearly every
request a respondent makes. Through the whole app each pays a floor several times its own
work: URL routing, every ``before_request`` hook (the rate limiter, the account guard,
the grant check loading the round, its version and the response as ORM objects), and
the ORM around each statement (issue 16: 0.09x a bare Flask endpoint).

:class:`Express` is WSGI middleware in front of the app. It recognises those two requests
by their address and serves them in the app's own request context (its session cookie,
locale, CSRF check, ``after_request`` hooks and unit of work), with the grant, the round
and the version read in one Core statement, the page filled from its skeleton
(``respond/page_cache.py``) and the autosave checked and written by the same code as the
ordinary path (``views.autosave_reply``, ``services/responses.save_draft``).

It serves only the plain case: a draft granted to this browser in an open round, an
instrument already loaded by this process, a skeleton already built. Anything else
(no grant or a revoked one, a submitted response, a flashed message, a refused token,
a closed round, a first visit, an error) is *declined*: the request goes on to the app
unchanged, which answers it as it always has. So the express path can be wrong only by
declining too often, never by answering differently; tests compare the two answers.
"""

from __future__ import annotations

import functools
import hmac
import io
import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from babel import Locale
from flask import Flask
from flask_babel import force_locale
from flask_wtf.csrf import same_origin
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import Connection, Engine, bindparam, create_engine, select
from sqlalchemy.sql import Select
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header, parse_cookie, parse_options_header
from werkzeug.wsgi import get_host

from selfassess.extensions import choose_locale, db, tune_sqlite
from selfassess.models import InstrumentVersion, Response, ResponseState, Round, RoundState
from selfassess.models.instruments import built_definition
from selfassess.respond import page_cache, views
from selfassess.respond.pages import pages_for
from selfassess.services import admission, responses
from selfassess.web import security_headers

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

#: The two addresses (below the blueprint's ``/r``); a page number fits PostgreSQL's integer.
PAGE = re.compile(r"/r/([^/]+)/page/([1-9][0-9]{0,8})")
AUTOSAVE = re.compile(r"/r/([^/]+)/autosave")
#: An autosave body larger than this goes to the app (one answer with a long comment is
#: a few kilobytes).
MAX_BODY = 64 * 1024
#: The environ key that says which path served a request (read by tests and benchmarks).
SERVED = "selfassess.express"
#: Flask-WTF's salt for CSRF tokens (``flask_wtf.csrf.generate_csrf``).
CSRF_SALT = "wtf-csrf-token"

_rounds, _versions, _responses = Round.__table__, InstrumentVersion.__table__, Response.__table__
_invitations = admission._invitations
#: The round of a slug with its version, and the response a browser's grant for that
#: round names, with whether an invitation behind it is revoked: one statement (what
#: ``admission.round_and_grant`` loads as ORM objects for every other respondent page).
GRANTED = (
    select(
        _rounds.c.state.label("round_state"),
        _rounds.c.title,
        _rounds.c.titles,
        _rounds.c.anonymous,
        _versions.c.id.label("version_id"),
        _versions.c.content_hash,
        _responses.c.state,
        _responses.c.role,
        _responses.c.reopened,
        _responses.c.preset,
        admission.revoked(_invitations.c.id == bindparam("invitation_id")),
    )
    .select_from(
        _rounds.join(_versions, _versions.c.id == _rounds.c.version_id).join(
            _responses, _responses.c.round_id == _rounds.c.id
        )
    )
    .where(
        _rounds.c.id == bindparam("round_id"),
        _rounds.c.slug == bindparam("slug"),
        _responses.c.id == bindparam("response_id"),
    )
)


class Grant:
    """A draft granted to this browser in an open round (a row of :data:`GRANTED`)."""

    def __init__(self, slug: str, round_id: int, response_id: int, row: dict[str, Any]) -> None:
        self.slug, self.round_id, self.response_id = slug, round_id, response_id
        self.row = row
        self.draft = responses.Draft(response_id, row["role"], row["anonymous"])


class Reply:
    """A finished answer of the express path: a 200 with the headers the app's hooks give
    it (``web.security_headers``, and ``Vary: Cookie`` since it reads the session)."""

    def __init__(self, body: bytes, content_type: str, environ: WSGIEnvironment) -> None:
        self.body = body
        self.headers = [
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
            *security_headers(environ["wsgi.url_scheme"] == "https"),
            ("Vary", "Cookie"),
        ]

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        start_response("200 OK", self.headers)
        return [self.body]


class Express:
    """WSGI middleware: the questionnaire page and the autosave on the express path when
    it can serve them, everything else (and anything it declines) on ``wsgi_app``."""

    def __init__(self, app: Flask, wsgi_app: WSGIApplication) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        #: Tests run every request on their one connection (tests/conftest.py).
        self.bind: Connection | None = None
        self._engines: dict[bool, Engine] = {}
        self._signing: tuple[Any, Any, URLSafeTimedSerializer] | None = None
        self._lock = threading.Lock()
        app.extensions["express"] = self

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        served: Any = None
        if "\x00" in path or not self.app.config["RESPOND_EXPRESS"]:  # the app answers
            pass
        elif method == "GET" and (found := PAGE.fullmatch(path)):
            served = self._guarded(environ, self.page, found[1], int(found[2]))
        elif (
            method == "POST"
            and (found := AUTOSAVE.fullmatch(path))
            and _buffered(environ, self.app.config["MAX_CONTENT_LENGTH"])
        ):
            served = self._guarded(environ, self.autosave, found[1])
        environ[SERVED] = served is not None
        if served is None:
            if isinstance(environ.get("wsgi.input"), io.BytesIO):
                environ["wsgi.input"].seek(0)
            return self.wsgi_app(environ, start_response)
        return served(environ, start_response)  # type: ignore[no-any-return]

    def _guarded(self, environ: WSGIEnvironment, handler: Callable[..., Any], *args: Any) -> Any:
        """``handler``'s response, or ``None``: declined, or failed (the app answers it, or
        shows its own error page)."""
        try:
            return handler(environ, *args)
        except _Declined:
            return None
        except Exception:
            self.app.logger.warning("express path declined %s", environ["PATH_INFO"], exc_info=True)
            return None

    # -- the questionnaire page: no request context, two reads -----------------------------

    def page(self, environ: WSGIEnvironment, slug: str, number: int) -> Reply | None:
        """A questionnaire page from its skeleton (``views.page`` on a plain GET, served
        from a skeleton by ``page_cache.usable``'s rules)."""
        config = self.app.config
        session = self._session(environ)
        if (
            session is None
            or not config["RESPOND_PAGE_CACHE"]
            or environ.get("QUERY_STRING")
            or "_flashes" in session
            or "_user_id" in session
            or not isinstance(session.get("csrf_token"), str)  # the app would make one
        ):
            return None
        with self._connection() as connection:
            grant = self._granted(connection, session, slug)
            if grant is None or grant.row["preset"] is None:  # an old response: the app
                return None
            definition = built_definition(grant.row["content_hash"])
            if definition is None:
                return None
            answers = {
                row["question"]: responses.Saved(row["value"], row["comment"])
                for row in _SAVED.rows(connection, {"response_id": grant.response_id})
            }
        all_pages = pages_for(definition, grant.draft.role)
        if number > len(all_pages):
            return None
        lang = self._lang(environ, session)
        row = grant.row
        asked = page_cache.Asked(
            definition,
            row["version_id"],
            row["content_hash"],
            grant.round_id,
            slug,
            row["title"],
            row["titles"],
            grant.draft.role,
            row["reopened"],
            bool(responses.profile_fields(definition, grant.draft.role, row["preset"])),
            lang,
        )
        html = page_cache.filled(
            asked,
            all_pages[number - 1],
            all_pages,
            answers,
            csrf_token=self._serializers()[1].dumps(session["csrf_token"]),
            script_root=environ.get("SCRIPT_NAME", "").rstrip("/"),
        )
        if html is None:
            return None
        return Reply(html.encode(), "text/html; charset=utf-8", environ)

    # -- the autosave: its checks, then the ordinary path's code on one transaction ---------

    def autosave(self, environ: WSGIEnvironment, slug: str) -> Reply | None:
        """An autosave (``views.autosave``): served only when it is saved; any refusal
        goes to the app, which says why in the respondent's language."""
        session = self._session(environ)
        if session is None or not self._csrf_passes(environ, session):
            return None
        payload = _payload(environ)
        if payload is None:
            return None
        lang = self._lang(environ, session)
        with self._transaction() as connection:
            grant = self._granted(connection, session, slug)
            if grant is None:
                return None
            definition = built_definition(grant.row["content_hash"])
            if definition is None:
                return None
            draft = grant.draft
            with self.app.app_context(), force_locale(_locale(lang)):
                body, status = views.autosave_reply(
                    payload,
                    definition,
                    draft.role,
                    lang,
                    lambda changes: responses.save_draft(draft, definition, changes, on=connection),
                )
            if status != 200:
                raise _Declined
        made = self.app.json.response(body)  # the app's own JSON, byte for byte
        return Reply(made.get_data(), made.content_type, environ)  # type: ignore[attr-defined]

    def _csrf_passes(self, environ: WSGIEnvironment, session: dict[str, Any]) -> bool:
        """Flask-WTF's check of this request (``CSRFProtect.protect``): a token in a
        header, signed for this session's secret, and on HTTPS a referrer of this host."""
        config = self.app.config
        field = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
        if not config.get("WTF_CSRF_ENABLED", True) or not isinstance(session.get(field), str):
            return False
        headers = config.get("WTF_CSRF_HEADERS", ["X-CSRFToken", "X-CSRF-Token"])
        keys = ("HTTP_" + name.upper().replace("-", "_") for name in headers)
        token = next((environ[key] for key in keys if environ.get(key)), None)
        if token is None:
            return False
        try:
            value = self._serializers()[1].loads(
                token, max_age=config.get("WTF_CSRF_TIME_LIMIT", 3600)
            )
        except BadData:
            return False
        if not hmac.compare_digest(session[field], value):
            return False
        if environ["wsgi.url_scheme"] == "https" and config.get("WTF_CSRF_SSL_STRICT", True):
            referrer = environ.get("HTTP_REFERER")
            return bool(referrer) and same_origin(referrer, f"https://{get_host(environ)}/")
        return True

    def _lang(self, environ: WSGIEnvironment, session: dict[str, Any]) -> str:
        """The interface language, as the app's locale selector chooses it."""
        accepted = parse_accept_header(environ.get("HTTP_ACCEPT_LANGUAGE"), LanguageAccept)
        return choose_locale(session.get("lang"), accepted, self.app.config["LANGUAGES"])

    # -- what both read ---------------------------------------------------------------------

    def _session(self, environ: WSGIEnvironment) -> dict[str, Any] | None:
        """The browser's session as the app reads it (its signed cookie), or ``None``."""
        app = self.app
        cookie = parse_cookie(environ).get(app.config["SESSION_COOKIE_NAME"])
        serializer = self._serializers()[0]
        if not cookie or serializer is None:
            return None
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            data = serializer.loads(cookie, max_age=max_age)
        except BadData:  # expired or not ours: the app starts a new session
            return None
        # A permanent session's cookie the app sends again (refreshed): the app answers.
        return data if isinstance(data, dict) and not data.get("_permanent") else None

    def _serializers(self) -> tuple[Any, URLSafeTimedSerializer]:
        """The session cookie's serializer (Flask's own) and the CSRF token's, made once
        per secret."""
        app = self.app
        keys = (app.secret_key, app.config.get("WTF_CSRF_SECRET_KEY"))
        if self._signing is None or self._signing[0] != keys:
            cookie = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
            token = URLSafeTimedSerializer(str(keys[1] or keys[0]), salt=CSRF_SALT)
            self._signing = (keys, cookie, token)
        return self._signing[1], self._signing[2]

    def _granted(self, connection: Connection, session: dict[str, Any], slug: str) -> Grant | None:
        """The draft this browser's session grants in the open round of ``slug``."""
        grants = session.get("respond")
        if not isinstance(grants, dict):
            return None
        for round_key, given in grants.items():
            if not (
                isinstance(given, dict)
                and isinstance(given.get("response"), int)
                and str(round_key).isdigit()
            ):
                continue
            invitation = given.get("invitation")
            parameters = {
                "round_id": int(round_key),
                "slug": slug,
                "response_id": given["response"],
                "invitation_id": invitation if isinstance(invitation, int) else None,
            }
            found = _GRANTED.rows(connection, parameters)
            if not found:
                continue
            row = found[0]
            if (
                row["round_state"] is not RoundState.OPEN
                or row["state"] is not ResponseState.DRAFT
                or row["revoked"]
            ):
                return None
            return Grant(slug, parameters["round_id"], given["response"], row)
        return None

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        """The test's connection, else one of the express engine's (autocommit, no ping:
        a dropped connection fails the request over to the app, which pings)."""
        if self.bind is not None:
            yield self.bind
            return
        with self._made_engine().connect() as connection:
            yield connection

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """A connection in a transaction, committed when the body returns: the test's
        (a savepoint), else one of the writing engine's."""
        if self.bind is not None:
            with self.bind.begin_nested():
                yield self.bind
            return
        with self._made_engine(writing=True).begin() as connection:
            yield connection

    def _made_engine(self, writing: bool = False) -> Engine:
        """The reading engine (autocommit: one round trip a statement) or the writing one;
        neither pings: a dropped connection fails the request over to the app, which does."""
        with self._lock:
            if writing not in self._engines:
                with self.app.app_context():
                    url = db.engine.url
                options = dict(self.app.config["SQLALCHEMY_ENGINE_OPTIONS"])
                options.pop("pool_pre_ping", None)
                if not writing:
                    options["isolation_level"] = "AUTOCOMMIT"
                engine = self._engines[writing] = create_engine(url, **options)
                if url.get_backend_name() == "sqlite":
                    tune_sqlite(engine)
            return self._engines[writing]

    def engines(self) -> list[Engine]:
        """The engines it has made so far (for the benchmarks' statement counts)."""
        with self._lock:
            return list(self._engines.values())

    def dispose(self) -> None:
        with self._lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()


def _buffered(environ: WSGIEnvironment, limit: int | None) -> bool:
    """Read a small JSON body into memory, so that a declined request can be read again:
    JSON as Flask takes it (``request.is_json``), no query string (whose values the app
    checks too), within ``MAX_BODY`` and the app's own limit."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    mimetype = parse_options_header(environ.get("CONTENT_TYPE", ""))[0]
    is_json = mimetype == "application/json" or (
        mimetype.startswith("application/") and mimetype.endswith("+json")
    )
    if (
        not is_json
        or environ.get("QUERY_STRING")
        or not 0 < length <= min(MAX_BODY, limit or MAX_BODY)
    ):
        return False
    environ["wsgi.input"] = io.BytesIO(environ["wsgi.input"].read(length))
    return True


class Read:
    """A Core select compiled once per dialect and run on the connection's DBAPI cursor,
    its values converted by the columns' own types: the express path's reads without
    SQLAlchemy's work around each execution, which on PostgreSQL costs as much again as
    psycopg's own (about 0.1 ms a statement here, issue 16)."""

    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement
        self.names = tuple(statement.selected_columns.keys())
        self._compiled: dict[str, tuple[str, tuple[str, ...] | None, list[Any]]] = {}

    def _for(self, dialect: Any) -> tuple[str, tuple[str, ...] | None, list[Any]]:
        found = self._compiled.get(dialect.name)
        if found is None:
            compiled = self.statement.compile(dialect=dialect)
            order = tuple(compiled.positiontup or ()) if dialect.positional else None
            processors = [
                column.type.dialect_impl(dialect).result_processor(dialect, None)
                for column in self.statement.selected_columns
            ]
            found = self._compiled[dialect.name] = (compiled.string, order, processors)
        return found

    def rows(self, connection: Connection, parameters: dict[str, Any]) -> list[dict[str, Any]]:
        """The rows of the statement with ``parameters``, as dicts by column name."""
        sql, order, processors = self._for(connection.dialect)
        bound = parameters if order is None else tuple(parameters[name] for name in order)
        cursor = connection.connection.cursor()
        # What listens to the connection's statements (logging, tracing, tests) hears these.
        connection.dispatch.before_cursor_execute(connection, cursor, sql, bound, None, False)
        try:
            cursor.execute(sql, bound)
            found = cursor.fetchall()
        finally:
            cursor.close()
        return [
            {
                name: value if convert is None else convert(value)
                for name, convert, value in zip(self.names, processors, row, strict=True)
            }
            for row in found
        ]


_GRANTED = Read(GRANTED)
_SAVED = Read(responses.SAVED)


@functools.cache
def _locale(lang: str) -> Locale:
    """``lang`` parsed once (``force_locale`` takes a parsed locale as it is)."""
    return Locale.parse(lang)


class _Declined(Exception):
    """Leaves a transaction of the express path rolled back: the app answers instead."""


def _payload(environ: WSGIEnvironment) -> Any:
    """The JSON body (read by :func:`_buffered`), or ``None`` when the app must answer:
    not JSON, unreadable, or holding a NUL character (which the app refuses)."""
    try:
        payload = json.loads(environ["wsgi.input"].getvalue())
    except (ValueError, RecursionError):
        return None
    found = [payload]
    while found:
        value = found.pop()
        if isinstance(value, str) and "\x00" in value:
            return None
        if isinstance(value, dict):
            found += [*value.keys(), *value.values()]
        elif isinstance(value, list):
            found += value
    return payload
