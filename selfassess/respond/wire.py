"""What the express path (``respond/express.py``) reads and writes below Flask.

The browser's session and CSRF token as Flask and Flask-WTF sign them (:class:`Signing`),
the request's JSON body (:func:`buffered`, :func:`payload`), statements compiled once and run
on the DBAPI cursor (:class:`Statement`), two connection pools of its own (:class:`Pools`), and
finished WSGI answers (:class:`Reply`). Each does what Flask, Flask-WTF or SQLAlchemy
would do for the app, without the work around it that a respondent's commonest requests
cannot afford (issue 16); tests compare every answer with the app's.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import io
import json
import os
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import TYPE_CHECKING, Any, NamedTuple

from flask import Flask
from flask_wtf.csrf import same_origin
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.sql import Executable
from werkzeug.http import parse_cookie, parse_options_header
from werkzeug.wsgi import get_host

from selfassess.extensions import db, tune_sqlite
from selfassess.web import holds_nul, security_headers

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

#: An autosave body larger than this goes to the app (one answer with a long comment is
#: a few kilobytes).
MAX_BODY = 64 * 1024
#: Flask-WTF's salt for CSRF tokens (``flask_wtf.csrf.generate_csrf``).
CSRF_SALT = "wtf-csrf-token"


class Signing:
    """The session cookie read as Flask reads it, CSRF tokens made and checked as
    Flask-WTF makes and checks them; the serializers made once per secret."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._made: tuple[Any, Verified | None, Verified] | None = None

    def _serializers(self) -> tuple[Verified | None, Verified]:
        app = self.app
        # Flask-WTF's key as it takes it (``validate_csrf``): a ``bytes`` key is no ``str()``.
        csrf_key = app.config.get("WTF_CSRF_SECRET_KEY", app.secret_key)
        if csrf_key is None:  # as Flask-WTF: no CSRF without a key (the app fails too)
            raise RuntimeError("A secret key is required to use CSRF.")
        # A copy of the fallbacks: a list changed in place is a change of keys too.
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()), csrf_key)
        if self._made is None or self._made[0] != keys:
            cookie = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
            token = URLSafeTimedSerializer(csrf_key, salt=CSRF_SALT)
            self._made = (keys, cookie and Verified(cookie), Verified(token))
        return self._made[1], self._made[2]

    def session(self, environ: WSGIEnvironment) -> dict[str, Any] | None:
        """The browser's session (its signed cookie), or ``None``: none, expired, not
        ours, or permanent (whose cookie the app sends again, refreshed)."""
        app = self.app
        cookie = parse_cookie(environ).get(app.config["SESSION_COOKIE_NAME"])
        serializer = self._serializers()[0]
        if not cookie or serializer is None:
            return None
        try:
            data = serializer.loads(
                cookie, max_age=int(app.permanent_session_lifetime.total_seconds())
            )
        except BadData:
            return None
        return data if isinstance(data, dict) and not data.get("_permanent") else None

    def token(self, session: dict[str, Any]) -> str:
        """A CSRF token for ``session`` (which holds its raw token)."""
        return str(self._serializers()[1].serializer.dumps(session["csrf_token"]))

    def passes(self, environ: WSGIEnvironment, session: dict[str, Any]) -> bool:
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
            limit = config.get("WTF_CSRF_TIME_LIMIT", 3600)
            value = self._serializers()[1].loads(token, limit)
        except BadData:
            return False
        if not hmac.compare_digest(session[field], value):
            return False
        if environ["wsgi.url_scheme"] == "https" and config.get("WTF_CSRF_SSL_STRICT", True):
            referrer = environ.get("HTTP_REFERER")
            return bool(referrer) and same_origin(referrer, f"https://{get_host(environ)}/")
        return True


#: Signed strings a process remembers having verified (:class:`Verified`) before it
#: starts again: a few for each browser active in the last hour.
VERIFIED_KEPT = 20_000


class Verified:
    """A timed serializer that verifies a signed string once per process: the strings it
    verified are kept by digest, with when each was signed, so that the same string seen
    again (the session cookie and the CSRF token of every request of a browser) has only
    its age checked before its payload is read. Its signature, an HMAC of those very bytes
    under the same keys, cannot have changed. Nothing read is kept: a session names the
    grants of its browser, and no process keeps those (``express_grants``)."""

    def __init__(self, serializer: URLSafeTimedSerializer) -> None:
        self.serializer = serializer
        self._separator = serializer.signer_kwargs.get("sep", ".").encode()
        self._signed: dict[bytes, int] = {}

    def loads(self, signed: str, max_age: int | None) -> Any:
        """``serializer.loads(signed, max_age=max_age)``: raises ``BadData`` as it does."""
        data = signed.encode()
        digest = hashlib.sha256(data).digest()
        when = self._signed.get(digest)
        if when is None:
            value, signed_at = self.serializer.loads(data, max_age=max_age, return_timestamp=True)
            if len(self._signed) >= VERIFIED_KEPT:
                self._signed.clear()
            self._signed[digest] = int(signed_at.timestamp())
            return value
        if max_age is not None and not 0 <= int(time.time()) - when <= max_age:
            raise SignatureExpired("signature expired")  # as itsdangerous's own check
        # The payload before the timestamp and the signature, read as loads() reads it.
        return self.serializer.load_payload(data.rsplit(self._separator, 2)[0])


def buffered(environ: WSGIEnvironment, limit: int | None) -> bool:
    """Read a small JSON body into memory, so that a declined request can be read again:
    JSON as Flask takes it (``request.is_json``), no query string (whose values the app
    checks too), within :data:`MAX_BODY` and the app's own limit."""
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
    stream, chunks, missing = environ["wsgi.input"], [], length
    while missing > 0:  # a server may hand the body over in parts
        chunk = stream.read(missing)
        if not chunk:
            break
        chunks.append(chunk)
        missing -= len(chunk)
    environ["wsgi.input"] = io.BytesIO(b"".join(chunks))
    return missing == 0  # cut short: the app reads what came and refuses it


def payload(environ: WSGIEnvironment) -> Any:
    """The JSON body (read by :func:`buffered`), or ``None`` when the app must answer:
    unreadable, nested too deeply, or holding a NUL character (which the app refuses)."""
    try:
        found = json.loads(environ["wsgi.input"].getvalue())
    except (ValueError, RecursionError):
        return None
    return None if holds_nul([found]) else found


class Statement:
    """A Core statement compiled once per dialect and run on the connection's DBAPI
    cursor, its parameters and results converted by the columns' own types: a statement
    without SQLAlchemy's work around each execution, which on PostgreSQL costs as much
    again as psycopg's own (about 0.1 ms a statement here). Whatever listens to the
    connection's statements (logging, tracing, the tests' counts) hears these too."""

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        returned = getattr(statement, "selected_columns", None)
        if returned is None:  # a write: its RETURNING columns, if any
            returned = getattr(statement, "_returning", ())
        self.returned = tuple(returned)
        self.names = tuple(column.key for column in self.returned)
        self._compiled: dict[str, _Compiled] = {}

    def _for(self, dialect: Any) -> _Compiled:
        found = self._compiled.get(dialect.name)
        if found is None:
            compiled = self.statement.compile(dialect=dialect)
            order = tuple(compiled.positiontup or compiled.binds)
            binds = [
                (
                    name,
                    compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect),
                    REQUIRED if compiled.binds[name].required else compiled.binds[name].value,
                )
                for name in order
            ]
            results = [
                column.type.dialect_impl(dialect).result_processor(dialect, None)
                for column in self.returned
            ]
            found = _Compiled(compiled.string, dialect.positional, binds, results)
            self._compiled[dialect.name] = found
        return found

    def rows(self, connection: Connection, parameters: dict[str, Any]) -> list[dict[str, Any]]:
        """The rows of the statement with ``parameters``, as dicts by column name."""
        compiled = self._for(connection.dialect)
        found, _ = self._execute(connection, compiled, parameters)
        return [
            {
                name: value if convert is None else convert(value)
                for name, convert, value in zip(self.names, compiled.results, row, strict=True)
            }
            for row in found
        ]

    def count(self, connection: Connection, parameters: dict[str, Any]) -> int:
        """The number of rows the statement (a write) changed."""
        return self._execute(connection, self._for(connection.dialect), parameters)[1]

    @staticmethod
    def _execute(
        connection: Connection, compiled: _Compiled, parameters: dict[str, Any]
    ) -> tuple[list[Any], int]:
        values = []
        for name, convert, given in compiled.binds:
            value = parameters[name] if given is REQUIRED else parameters.get(name, given)
            values.append((name, value if convert is None else convert(value)))
        bound = tuple(value for _, value in values) if compiled.positional else dict(values)
        cursor = connection.connection.cursor()
        connection.dispatch.before_cursor_execute(
            connection, cursor, compiled.sql, bound, None, False
        )
        try:
            cursor.execute(compiled.sql, bound)
            return (cursor.fetchall() if cursor.description else []), cursor.rowcount
        finally:
            cursor.close()


#: A parameter the caller must give (:class:`Statement`).
REQUIRED = object()


class _Compiled(NamedTuple):
    sql: str
    positional: bool
    #: Each parameter's name, in the order a positional driver takes them, the
    #: conversion of its type (None: passed as it is) and the value the statement gives
    #: it when the caller does not (:data:`REQUIRED`: none).
    binds: list[tuple[str, Callable[[Any], Any] | None, Any]]
    results: list[Callable[[Any], Any] | None]


class Pools:
    """Two connection pools of the app's database: reads in autocommit (one round trip a
    statement) and writes in a transaction each. Neither pings: a dropped connection fails
    its request over to the app, whose pool does."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        #: Tests run every request on their one connection (tests/conftest.py).
        self.bind: Connection | None = None
        self._engines: dict[bool, Engine] = {}
        self._lock = threading.Lock()
        self._sqlite_writer = threading.Lock()
        #: (process id, descriptor) of the SQLite writers' lock file (:meth:`_writers`).
        self._locks: tuple[int, int | None] | None = None
        self._closing: weakref.finalize[Any, Any] | None = None

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        if self.bind is not None:
            yield self.bind
            return
        with self._engine(writing=False).connect() as connection:
            yield connection

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A connection in a transaction, committed when the body returns, rolled back
        when it raises: the test's (a savepoint), else one of the writing pool's."""
        if self.bind is not None:
            with self.bind.begin_nested():
                yield self.bind
            return
        engine = self._engine(writing=True)
        queue = self._writers(engine.url.database) if engine.dialect.name == "sqlite" else None
        with queue or nullcontext(), engine.begin() as connection:
            yield connection

    @contextmanager
    def _writers(self, database: str | None) -> Iterator[None]:
        """SQLite's writers of every worker in one queue. SQLite takes one writer at a
        time, and one that finds the database locked sleeps 1, 2, 5, 10... ms before it
        tries again, so under load a few autosaves waited 100 ms and more (issue 16).
        Queued on a lock of the kernel's instead (``flock`` on ``<database>-writers``),
        each is woken as soon as the one before it commits. The kernel's lock is held by
        a process, so its threads queue on a thread lock first. Without the file (a
        read-only folder, a database in memory) only the threads queue."""
        with self._sqlite_writer:
            descriptor = self._lock_file(database)
            if descriptor is None:
                yield
                return
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(descriptor, fcntl.LOCK_UN)

    def _lock_file(self, database: str | None) -> int | None:
        """This process's descriptor of the writers' lock file (opened after the fork: a
        descriptor shared with another process would share its lock), or ``None``;
        closed with these pools."""
        if not database or database == ":memory:" or database.startswith("file:"):
            return None
        if self._locks is None or self._locks[0] != os.getpid():
            flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC
            try:
                descriptor: int | None = os.open(f"{database}-writers", flags, 0o600)
            except OSError:
                descriptor = None
            else:
                self._closing = weakref.finalize(self, os.close, descriptor)
            self._locks = (os.getpid(), descriptor)
        return self._locks[1]

    def _engine(self, writing: bool) -> Engine:
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
        """The engines made so far (for the benchmarks' statement counts)."""
        with self._lock:
            return list(self._engines.values())

    def dispose(self) -> None:
        with self._lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()
        if self._closing is not None:
            self._closing()  # once only, and not again when these pools are collected
        self._locks = self._closing = None


class Reply:
    """A finished answer: a 200 with the headers the app's hooks give it
    (``web.security_headers``, and ``Vary: Cookie`` since it read the session)."""

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
