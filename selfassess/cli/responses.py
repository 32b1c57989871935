"""``selfassess responses import``."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from selfassess.cli.common import fail, user_errors
from selfassess.models import ResponseSource
from selfassess.services.imports import import_file
from selfassess.services.rounds import get_round

responses = AppGroup("responses", help="Submitted responses.")

#: Largest import file read, in bytes.
MAX_IMPORT_BYTES = 200 * 1024 * 1024


@responses.command("import")
@click.argument("slug")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--paper",
    is_flag=True,
    help="The rows are paper forms typed in: count them as paper responses.",
)
@user_errors
def import_(slug: str, file: str, paper: bool) -> None:
    """Import submitted responses of round SLUG from FILE (CSV in UTF-8, or XLSX)."""
    round_ = get_round(slug)
    path = Path(file)
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            fail(f"{file}: the file is larger than {MAX_IMPORT_BYTES // 2**20} MB")
        data = path.read_bytes()
    except OSError as error:
        fail(f"{file}: {error.strerror}")
    count = import_file(
        round_, data, file, ResponseSource.PAPER if paper else ResponseSource.IMPORT
    )
    click.echo(f"imported {count} responses into {slug}")
