"""``selfassess invitations create``."""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask.cli import AppGroup

from selfassess.cli.common import fail, user_errors
from selfassess.services import invitations, rounds
from selfassess.services.invitation_admin import Duplicate, find_duplicates
from selfassess.services.people import parse_people

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
@click.option(
    "--keep-duplicates",
    is_flag=True,
    help="Also invite people who look already invited (default: skip them and say so).",
)
@user_errors
def create(slug: str, file: Path, output: Path | None, keep_duplicates: bool) -> None:
    """Invite the people of FILE (CSV or XLSX: name and/or email, role, profile fields)
    to round SLUG; write label, role, link and access code of each as CSV.

    People on an earlier row or already invited to the round (the same e-mail address,
    or the same name and role) are skipped unless --keep-duplicates is given."""
    round_ = rounds.get_round(slug)
    people, errors = parse_people(file.read_bytes(), str(file), round_.version.load())
    if errors:
        fail(*errors)
    duplicates = [] if keep_duplicates else find_duplicates(round_, people)
    skipped = {d.index for d in duplicates}
    people = [person for i, person in enumerate(people) if i not in skipped]
    issued = invitations.create_invitations(round_, people)
    fields = [f.key for f in round_.version.load().profile]
    table = invitations.links_csv(invitations.link_entries(issued), fields)
    if output is None:
        click.echo(table, nl=False)
        _report_skipped(file, duplicates)
        return
    # The only copy of the links and codes: readable by its owner only.
    descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as stream:
        stream.write(table)
    click.echo(
        f"created {len(issued)} invitations for round {slug}; links and access codes in "
        f"{output} (the only copy: keep it safe)"
    )
    _report_skipped(file, duplicates)


#: Why a person was skipped, in words.
REASONS = {
    ("email", "round"): "the same e-mail address is already invited to this round",
    ("name", "round"): "the same name and role are already invited to this round",
    ("email", "file"): "the same e-mail address is on an earlier row",
    ("name", "file"): "the same name and role are on an earlier row",
}


def _report_skipped(file: Path, duplicates: list[Duplicate]) -> None:
    """After the links (so the CSV on standard output starts with its header)."""
    for duplicate in duplicates:
        click.echo(
            f"{file}: skipped {duplicate.label!r} ({duplicate.role}): "
            f"{REASONS[duplicate.by, duplicate.where]} (--keep-duplicates invites anyway)",
            err=True,
        )


@invitations_group.command("remind")
@click.argument("slug")
@user_errors
def remind(slug: str) -> None:
    """E-mail a reminder, with a new link, to everyone of round SLUG with an address who
    has not submitted (the worker `selfassess mail send` delivers them)."""
    from selfassess.services.invitation_mail import send_reminders
    from selfassess.services.mail import mail_enabled

    round_ = rounds.get_round(slug)
    if not mail_enabled():
        fail("error: e-mail is off: set SELFASSESS_MAIL_HOST and SELFASSESS_MAIL_SENDER")
    click.echo(f"queued {send_reminders(round_)} reminders for round {slug}")
