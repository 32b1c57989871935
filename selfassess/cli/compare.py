"""``selfassess compare``: two rounds of one instrument side by side (compare.md)."""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext

from selfassess.cli.common import user_errors
from selfassess.services.compare import compare_rounds
from selfassess.services.rounds import get_round


@click.command("compare")
@click.argument("round_a")
@click.argument("round_b")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@with_appcontext
@user_errors
def compare(round_a: str, round_b: str, fmt: str) -> None:
    """Compare round ROUND_A (earlier) with ROUND_B: scores, changes and their intervals."""
    comparison = compare_rounds(get_round(round_a), get_round(round_b))
    click.echo(json.dumps(comparison.document, ensure_ascii=False, indent=2))
