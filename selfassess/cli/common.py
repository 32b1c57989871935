"""What every command shares: one unit of work, user errors as one line each and exit
status 1."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click
from sqlalchemy.exc import OperationalError, ProgrammingError

from selfassess import unit_of_work
from selfassess.services.errors import ServiceError

F = TypeVar("F", bound=Callable[..., Any])


def fail(*lines: str) -> None:
    """Print one line per problem on stderr and exit with status 1."""
    for line in lines:
        click.echo(line, err=True)
    raise SystemExit(1)


def write_output(output: str, content: bytes) -> None:
    """Write a command's file, or fail with one line saying why not."""
    from pathlib import Path

    try:
        Path(output).write_bytes(content)
    except OSError as error:
        fail(f"error: {output}: {error.strerror}")
    click.echo(f"wrote {output}")


def user_errors(command: F) -> F:
    """Run the command as one unit of work (committed when it succeeds, rolled back when
    it fails) and turn a service's refusal into ``error: ...`` lines and exit 1, never a
    traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with unit_of_work.scope():
                return command(*args, **kwargs)
        except ServiceError as error:
            fail(*(error.problems or [f"error: {error}"]))
        except (OperationalError, ProgrammingError) as error:
            if "no such table" in str(error) or "does not exist" in str(error):
                fail("error: the database has no schema yet: run `selfassess db upgrade` first")
            fail(f"error: database error: {str(error.orig).splitlines()[0]}")
        return None

    wrapper.unit_of_work = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]
