"""Fixtures shared by the integration and browser tests.

Every test that uses ``app`` runs twice: on SQLite and on PostgreSQL. The schema is
built by the real migrations once per database and session. Each test runs inside one
outer transaction on one connection, rolled back afterwards: every commit of the test
and of its requests and commands is a SAVEPOINT released inside it (SQLAlchemy's
"joining a session into an external transaction"). Tests marked ``commits`` (threads,
other apps or connections, the database files) commit for real, and the tables are
emptied after them. PostgreSQL is found through ``TEST_DATABASE_URL`` (default: the local
server as user ``postgres``); when it is unreachable those tests skip, except under
CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, current_app
from flask.testing import FlaskClient, FlaskCliRunner
from flask_sqlalchemy.session import Session

from selfassess import create_app
from selfassess.extensions import db

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
MINIMAL = DATA / "instruments" / "minimal.yaml"
BUNDLED = ROOT / "questionnaires" / "parliament-hr-gender.yaml"
PASSWORD = "correct horse battery"


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for this test process, dropped afterwards."""
    from tests.databases import Unavailable, fresh_postgres

    try:
        with fresh_postgres() as url:
            yield url
    except Unavailable as error:
        if os.environ.get("CI"):
            pytest.fail(f"{error} (CI must run the PostgreSQL tests)")
        pytest.skip(f"{error} - set TEST_DATABASE_URL or start a server to run these tests")


def migrate(url: str) -> None:
    """Build the schema with the real migrations."""
    from flask_migrate import upgrade

    app = make_app(url)
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated, empty database of each kind, for the whole session."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        migrate(url)
        yield url
        return
    with postgres_database() as url:
        migrate(url)
        yield url


def make_app(url: str, **config: Any) -> Flask:
    settings = {"SELFASSESS_ENV": "testing", "DATABASE_URL": url, "SERVER_NAME": None}
    settings.update(config)
    return create_app(settings)


class RequestIsolatingClient(FlaskClient):
    """A test client whose every request runs in its own app context, as on a server.

    The ``app`` fixture keeps an app context open for the test's own database work;
    without this, requests would share its ``g`` (cached user, CSRF token) and its
    database session. What the test wrote before is committed first, as an earlier
    request would have; after each request the test's session forgets what it loaded,
    so it reads what the request wrote.
    """

    def open(self, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def,override]
        db.session.commit()
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response


#: Tests that need real commits, by the start of their id (or the ``commits`` marker).
COMMITTING = (
    # What an attacker holding the database files finds; concurrent submissions.
    "tests/integration/anonymity/",
    # Threads of their own, each a request on its own connection.
    "tests/integration/respond/test_concurrency.py",
    # Every row of every table, read on a connection of its own.
    "tests/integration/respond/test_anonymity.py",
    # Two more app instances reading what the first committed.
    "tests/integration/respond/test_results_cache.py::test_two_app_instances",
)


def commits(request: pytest.FixtureRequest) -> bool:
    marked = request.node.get_closest_marker("commits") is not None
    return marked or request.node.nodeid.startswith(COMMITTING)


class CommandRunner(FlaskCliRunner):
    """A command runner that commits what the test wrote before, as an earlier command
    would have: a command that fails rolls back its own unit of work only."""

    def invoke(self, *args: Any, **kwargs: Any) -> Any:
        db.session.commit()
        return super().invoke(*args, **kwargs)


@pytest.fixture
def app(database_url: str, request: pytest.FixtureRequest) -> Iterator[Flask]:
    app = make_app(database_url)
    app.test_client_class = RequestIsolatingClient
    app.test_cli_runner_class = CommandRunner
    with app.app_context():
        if commits(request):
            yield app
            db.session.rollback()
            empty_tables()
        else:
            with rolled_back():
                yield app
        db.session.remove()
        db.engine.dispose()
        if "express" in app.extensions:
            app.extensions["express"].pools.dispose()


class JoinedSession(Session):
    """Every session of the test on the test's one connection, whatever the table."""

    def get_bind(self, *args: Any, **kwargs: Any) -> Any:
        return self.bind


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run the body inside one transaction that is rolled back: every session made
    meanwhile (the test's, each request's, each command's) joins it, and its commits
    release SAVEPOINTs instead."""
    db.session.remove()
    connection = db.engine.connect()
    sqlite = connection.dialect.name == "sqlite"
    outer = connection.begin()
    if sqlite:  # pysqlite begins lazily and lets a SAVEPOINT be the outer transaction
        driver = connection.connection.driver_connection
        driver.isolation_level = None  # type: ignore[union-attr]
        connection.exec_driver_sql("BEGIN")
    options = {**db.session.session_factory.kw, "bind": connection}
    registry = db.session.registry
    made = registry.createfunc
    registry.createfunc = lambda: JoinedSession(  # type: ignore[method-assign]
        **options, join_transaction_mode="create_savepoint"
    )
    express = current_app.extensions.get("express")  # the respondent's express path
    if express is not None:
        express.pools.bind = connection
    try:
        yield
    finally:
        if express is not None:
            express.pools.bind = None
        db.session.remove()
        registry.createfunc = made  # type: ignore[method-assign]
        outer.rollback()
        if sqlite:
            driver.isolation_level = ""  # type: ignore[union-attr]
        connection.close()


def empty_tables() -> None:
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client: FlaskClient, url: str) -> str:
    """The CSRF token of the form on page ``url``."""
    page = client.get(url)
    match = CSRF.search(page.get_data(as_text=True))
    assert match, f"no csrf_token on {url} ({page.status_code})"
    return match.group(1)


def post_form(
    client: FlaskClient, url: str, data: dict[str, Any], *, page: str | None = None, **kwargs: Any
):  # type: ignore[no-untyped-def]
    """POST a form the way a browser does: with the token of the page that shows it."""
    token = csrf_token(client, page or url)
    return client.post(url, data={**data, "csrf_token": token}, **kwargs)


@pytest.fixture
def make_account(app: Flask):  # type: ignore[no-untyped-def]
    from selfassess.services.accounts import create_account

    def make(role: str = "admin", email: str | None = None, password: str = PASSWORD):  # type: ignore[no-untyped-def]
        return create_account(email or f"{role}-{uuid.uuid4().hex[:6]}@example.org", role, password)

    return make


@pytest.fixture
def login_as(client: FlaskClient, make_account):  # type: ignore[no-untyped-def]
    """Sign the test client in with a new account of ``role``; returns the account."""

    def login(role: str):  # type: ignore[no-untyped-def]
        account = make_account(role)
        response = post_form(client, "/auth/login", {"email": account.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return account

    return login


@pytest.fixture
def load_instrument(app: Flask):  # type: ignore[no-untyped-def]
    """Load a questionnaire file into the database; returns the stored version."""
    from selfassess import instrument
    from selfassess.services.instruments import load_definition

    def load(path: Path = MINIMAL):  # type: ignore[no-untyped-def]
        definition, issues = instrument.load(path)
        assert definition is not None, [str(i) for i in issues]
        return load_definition(definition, source_name=path.name).version

    return load


@pytest.fixture
def make_round(load_instrument):  # type: ignore[no-untyped-def]
    """An open round on an instrument file (the minimal fixture by default)."""
    from selfassess.services import rounds

    def make(
        slug: str = "test-round", path: Path = MINIMAL, *, state: str = "open", **options: Any
    ):  # type: ignore[no-untyped-def]
        version = load_instrument(path)
        round_ = rounds.create_round(
            slug, version.instrument.key, version=version.version, **options
        )
        if state in ("open", "closed"):
            rounds.open_round(slug)
        if state == "closed":
            rounds.close_round(slug)
        return round_

    return make
