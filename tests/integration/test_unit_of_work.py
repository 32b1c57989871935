"""One unit of work per request and per command (``selfassess/unit_of_work.py``).

These run with real commits (the ``commits`` marker) and count rows through a connection
of their own, so what they see is what the database keeps, not what a session holds.
"""

from __future__ import annotations

from collections.abc import Iterator

import click
import pytest
import sqlalchemy as sa
from flask import Blueprint, Flask, abort
from flask.testing import FlaskClient

from selfassess import unit_of_work
from selfassess.auth.access import declare_access
from selfassess.cli.common import user_errors
from selfassess.extensions import db
from selfassess.models import Account
from selfassess.services.accounts import create_account
from selfassess.services.errors import InvalidInput
from tests.conftest import PASSWORD, RequestIsolatingClient, empty_tables, make_app, rolled_back

pytestmark = pytest.mark.commits

#: Pages of the probe app only (never of the real one): each writes, then ends its way.
probe = declare_access(Blueprint("probe", __name__, url_prefix="/probe"), "public")


def _write(name: str) -> None:
    create_account(f"{name}@example.org", "admin", PASSWORD)


@probe.get("/write")
def write() -> str:
    _write("kept")
    return "ok"


@probe.get("/write-then-fail")
def write_then_fail() -> str:
    _write("lost")
    raise RuntimeError("a step after the service wrote")


@probe.get("/write-then-refuse")
def write_then_refuse() -> str:
    _write("lost")
    abort(409)


@probe.get("/write-then-show-errors")
def write_then_show_errors() -> tuple[str, int]:
    _write("kept")  # e.g. the valid answers of a page, shown again with the wrong one
    return "one field is wrong; the others are saved", 422


@probe.get("/commit-early-then-fail")
def commit_early_then_fail() -> str:
    _write("kept")
    unit_of_work.commit()
    _write("lost")
    raise RuntimeError("after the deliberate commit")


@click.command("probe-write")
@click.option("--then", type=click.Choice(["succeed", "refuse", "crash"]), default="succeed")
@user_errors
def probe_command(then: str) -> None:
    _write("command")
    if then == "refuse":
        raise InvalidInput("refused after writing")
    if then == "crash":
        raise RuntimeError("crashed after writing")
    click.echo("written")


@pytest.fixture
def probe_app(database_url: str) -> Iterator[Flask]:
    app = make_app(
        database_url,
        EXTRA_BLUEPRINTS=(f"{__name__}:probe",),
        EXTRA_COMMANDS=(f"{__name__}:probe_command",),
    )
    app.test_client_class = RequestIsolatingClient
    with app.app_context():
        yield app
        db.session.rollback()
        empty_tables()
        db.session.remove()
        db.engine.dispose()


def stored_accounts() -> set[str]:
    """The accounts the database keeps, read on a connection of its own."""
    with db.engine.connect() as connection:
        return set(connection.scalars(sa.select(Account.__table__.c.email)))


def test_a_successful_request_commits_what_the_service_wrote(probe_app: Flask) -> None:
    client: FlaskClient = probe_app.test_client()
    assert client.get("/probe/write").status_code == 200
    assert stored_accounts() == {"kept@example.org"}


@pytest.mark.parametrize("page", ["write-then-fail", "write-then-refuse"])
def test_a_failing_request_leaves_nothing_written(probe_app: Flask, page: str) -> None:
    reply = probe_app.test_client().get(f"/probe/{page}")
    assert reply.status_code in (409, 500)
    assert "Traceback" not in reply.get_data(as_text=True)
    assert stored_accounts() == set()


def test_a_view_that_returns_its_form_with_errors_keeps_what_it_saved(probe_app: Flask) -> None:
    assert probe_app.test_client().get("/probe/write-then-show-errors").status_code == 422
    assert stored_accounts() == {"kept@example.org"}


def test_a_deliberate_commit_keeps_only_what_came_before_it(probe_app: Flask) -> None:
    assert probe_app.test_client().get("/probe/commit-early-then-fail").status_code == 500
    assert stored_accounts() == {"kept@example.org"}


def test_a_command_commits_when_it_succeeds(probe_app: Flask) -> None:
    result = probe_app.test_cli_runner().invoke(args=["probe-write"])
    assert result.exit_code == 0, result.output
    assert stored_accounts() == {"command@example.org"}


@pytest.mark.parametrize("then", ["refuse", "crash"])
def test_a_failing_command_leaves_nothing_written(probe_app: Flask, then: str) -> None:
    result = probe_app.test_cli_runner().invoke(args=["probe-write", "--then", then])
    assert result.exit_code == 1
    assert stored_accounts() == set()


#: Commands that read files only and never open the database.
WITHOUT_DATABASE = {("questionnaire", "validate"), ("questionnaire", "convert")}


def test_every_command_runs_in_one_unit_of_work(probe_app: Flask) -> None:
    unwrapped = []

    def walk(command: click.Command, path: tuple[str, ...]) -> None:
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, (*path, name))
            return
        function = command.callback
        while function is not None and not getattr(function, "unit_of_work", False):
            function = getattr(function, "__wrapped__", None)
        if function is None and path not in WITHOUT_DATABASE:
            unwrapped.append(" ".join(path))

    for name, command in probe_app.cli.commands.items():
        if name != "db":  # Flask-Migrate's own
            walk(command, (name,))
    assert unwrapped == []


def test_the_rolled_back_fixture_keeps_nothing_of_a_test(probe_app: Flask) -> None:
    """What a test commits, directly or through requests and commands, is gone after it."""
    with rolled_back():
        _write("direct")
        db.session.commit()
        assert probe_app.test_client().get("/probe/write").status_code == 200
        assert probe_app.test_cli_runner().invoke(args=["probe-write"]).exit_code == 0
        seen = set(db.session.scalars(sa.select(Account.email)))
        assert seen == {"direct@example.org", "kept@example.org", "command@example.org"}
    assert stored_accounts() == set()
