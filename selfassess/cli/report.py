"""``selfassess report``: the assessment report as a Word draft."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from selfassess.cli.common import fail, user_errors, write_output
from selfassess.languages import LANGUAGES
from selfassess.services.report import report_bytes
from selfassess.services.rounds import get_round


@click.command("report")
@click.argument("slug")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help="The .docx file to write.",
)
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
@click.option(
    "--compare", "earlier", metavar="EARLIER_SLUG", help="An earlier round to compare with."
)
@with_appcontext
@user_errors
def report(slug: str, output: str, lang: str, earlier: str | None) -> None:
    """Write the assessment report of round SLUG as a Word draft."""
    if Path(output).suffix.lower() != ".docx":
        fail(f"error: {output}: the report file must end in .docx")
    round_ = get_round(slug)
    write_output(output, report_bytes(round_, lang, get_round(earlier) if earlier else None))
