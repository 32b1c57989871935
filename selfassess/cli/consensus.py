"""``selfassess consensus``: the panel's agreed grades on the command line (consensus.md)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from selfassess.cli.common import fail, user_errors
from selfassess.languages import LANGUAGES
from selfassess.services import consensus, panel
from selfassess.services.accounts import find_account
from selfassess.services.rounds import get_round


@click.group("consensus")
def consensus_group() -> None:
    """Agreed grades of a facilitated panel: the session worksheet and facilitators."""


@consensus_group.command("import")
@click.argument("slug")
@click.argument("file", type=click.Path(dir_okay=False))
@with_appcontext
@user_errors
def import_command(slug: str, file: str) -> None:
    """Record the grades of a session worksheet (CSV or XLSX) in round SLUG."""
    round_ = get_round(slug)
    try:
        data = Path(file).read_bytes()
    except OSError as error:
        fail(f"{file}: {error.strerror}")
    count = consensus.import_grades(round_, data, file)
    click.echo(f"{count} grades recorded")


@consensus_group.command("export")
@click.argument("slug")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
@with_appcontext
@user_errors
def export_command(slug: str, output: str, lang: str) -> None:
    """Write the session worksheet of round SLUG (.xlsx)."""
    if Path(output).suffix.lower() != ".xlsx":
        fail(f"error: {output}: the worksheet file must end in .xlsx")
    content = consensus.worksheet_bytes(get_round(slug), lang)
    try:
        Path(output).write_bytes(content)
    except OSError as error:
        fail(f"error: {output}: {error.strerror}")
    click.echo(f"wrote {output}")


@consensus_group.command("assign")
@click.argument("slug")
@click.argument("email")
@click.option("--remove", is_flag=True, help="Take the round away from the facilitator.")
@with_appcontext
@user_errors
def assign_command(slug: str, email: str, remove: bool) -> None:
    """Let facilitator EMAIL record the panel's grades in round SLUG."""
    round_ = get_round(slug)
    account = find_account(email)
    if account is None:
        fail(f"error: no account {email}")
        return
    changed = panel.unassign(round_, account) if remove else panel.assign(round_, account)
    verb = "removed from" if remove else "assigned to"
    click.echo(f"{account.email} {verb} {slug}" if changed else f"unchanged: {account.email}")
