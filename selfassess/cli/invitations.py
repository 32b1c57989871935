"""``selfassess invitations create``."""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask.cli import AppGroup

from selfassess.cli.common import fail, user_errors
from selfassess.services import invitations, rounds

invitations_group = AppGroup("invitations", help="Invite respondents: links and access codes.")


@invitations_group.command("create")
@click.argument("slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the links and codes to this CSV file (default: standard output).",
)
@user_errors
def create(slug: str, file: Path, output: Path | None) -> None:
    """Invite the people of FILE (CSV or XLSX: name and/or email, role, profile fields)
    to round SLUG; write label, role, link and access code of each as CSV."""
    round_ = rounds.get_round(slug)
    people, errors = invitations.parse_people(file.read_bytes(), str(file), round_.version.load())
    if errors:
        fail(*errors)
    issued = invitations.create_invitations(round_, people)
    fields = [f.key for f in round_.version.load().profile]
    table = invitations.links_csv(invitations.link_entries(issued), fields)
    if output is None:
        click.echo(table, nl=False)
        return
    # The only copy of the links and codes: readable by its owner only.
    descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as stream:
        stream.write(table)
    click.echo(
        f"created {len(issued)} invitations for round {slug}; links and access codes in "
        f"{output} (the only copy: keep it safe)"
    )
