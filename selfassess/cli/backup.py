"""``selfassess backup``: a consistent copy of the SQLite database, the app running or not."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from selfassess.cli.common import user_errors
from selfassess.services import backup as backup_service


@click.command("backup")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The copy's file (default: backups/<name>-<UTC time>.db beside the database).",
)
@with_appcontext
@user_errors
def backup(output: Path | None) -> None:
    """Copy the SQLite database consistently while the app runs (PostgreSQL: pg_dump)."""
    source = backup_service.sqlite_file(
        current_app.config["SQLALCHEMY_DATABASE_URI"], current_app.instance_path
    )
    result = backup_service.backup_sqlite(source, output or backup_service.default_target(source))
    click.echo(f"backed up {result.source} to {result.target} ({result.size:,} bytes, checked)")
