"""Throwaway PostgreSQL databases for the tests (and the load benchmark).

Here, in ``tests/``, so that the suite imports nothing from ``benchmarks/``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

#: The server's maintenance database; each run creates and drops its own beside it.
PG_ADMIN_URL = os.environ.get(
    "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


class Unavailable(RuntimeError):
    """A database server the run needs cannot be reached."""


@contextmanager
def fresh_postgres(prefix: str = "selfassess_load") -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped afterwards."""
    import sqlalchemy as sa

    admin = sa.create_engine(
        PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
    )
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        admin.dispose()
        where = PG_ADMIN_URL.split("@")[-1]
        raise Unavailable(f"PostgreSQL unreachable at {where}: {error.orig}") from None
    try:
        yield (
            sa.engine.make_url(PG_ADMIN_URL)
            .set(database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
