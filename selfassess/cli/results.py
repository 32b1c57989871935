"""``selfassess results`` and ``selfassess export``."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from selfassess.cli.common import fail, user_errors, write_output
from selfassess.languages import LANGUAGES
from selfassess.services import revisions
from selfassess.services.results import round_results, workbook_bytes
from selfassess.services.rounds import get_round


@click.command("results")
@click.argument("slug")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@with_appcontext
@user_errors
def results(slug: str, fmt: str) -> None:
    """Print the results of round SLUG (scoring.md) to standard output."""
    round_ = get_round(slug)
    if fmt == "json":
        document = revisions.results_document(round_)
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        click.echo(round_results(round_).results.to_csv(), nl=False)


@click.command("export")
@click.argument("slug")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help="The .xlsx file to write.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="en",
    show_default=True,
    help="Language of the workbook's labels and texts.",
)
@click.option(
    "--compare",
    "earlier",
    metavar="EARLIER_SLUG",
    help="An earlier round of the same questionnaire: adds a Comparison sheet.",
)
@with_appcontext
@user_errors
def export(slug: str, output: str, lang: str, earlier: str | None) -> None:
    """Write the Excel workbook of round SLUG."""
    if Path(output).suffix.lower() != ".xlsx":
        fail(f"error: {output}: the workbook file must end in .xlsx")
    round_ = get_round(slug)
    write_output(output, workbook_bytes(round_, lang, get_round(earlier) if earlier else None))
