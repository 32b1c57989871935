"""``selfassess bodies import`` and ``selfassess recommendations
import|list|export|reminders|remind``."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from selfassess.cli.common import fail, user_errors
from selfassess.languages import LANGUAGES
from selfassess.models import RecommendationStatus
from selfassess.services import register as reg
from selfassess.services.register_import import import_bodies, import_register

bodies = AppGroup("bodies", help="Bodies responsible for recommendations and actions.")
recommendations = AppGroup("recommendations", help="The recommendations register.")

#: Largest register file read, in bytes.
MAX_FILE_BYTES = 20 * 1024 * 1024
STATUSES = [s.value for s in RecommendationStatus]


def _read(file: str) -> bytes:
    path = Path(file)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            fail(f"{file}: the file is larger than {MAX_FILE_BYTES // 2**20} MB")
        return path.read_bytes()
    except OSError as error:
        fail(f"{file}: {error.strerror}")
    raise AssertionError  # fail() exits


@bodies.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@user_errors
def bodies_import(file: str) -> None:
    """Create or rename bodies from FILE (CSV or XLSX: key, name::LANG...)."""
    count = import_bodies(_read(file), file)
    click.echo(f"{count} bodies")


@recommendations.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@user_errors
def recommendations_import(file: str) -> None:
    """Create or update recommendations and actions from FILE (CSV or XLSX)."""
    count, actions = import_register(_read(file), file)
    click.echo(f"{count} recommendations, {actions} actions")


@recommendations.command("list")
@click.option("--format", "form", type=click.Choice(["text", "json"]), default="text")
@click.option("--status", help=f"Only recommendations of this status ({', '.join(STATUSES)}).")
@click.option("--overdue", is_flag=True, help="Only overdue recommendations.")
@user_errors
def recommendations_list(form: str, status: str | None, overdue: bool) -> None:
    """The register, in ref order."""
    if status is not None and status not in STATUSES:
        fail(f"error: {status!r} is not a status ({', '.join(STATUSES)})")
    listed = reg.list_recommendations(status=status, overdue=overdue)
    if form == "json":
        click.echo(json.dumps(listed, ensure_ascii=False, indent=2))
        return
    for item in listed:
        mark = "  OVERDUE" if item["overdue"] else ""
        text = reg.name_in(item["text"], "en").replace("\n", " ")
        click.echo(f"{item['ref']}\t{item['status']}\t{item['due'] or '-'}{mark}\t{text[:80]}")
        for action in item["actions"]:
            late = "  OVERDUE" if action["overdue"] else ""
            click.echo(
                f"  {action['ref']}\t{action['status']}\t{action['due'] or '-'}{late}"
                f"\t{action['responsible'] or '-'}"
            )


@recommendations.command("export")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@click.option("--lang", type=click.Choice(LANGUAGES), default="en")
@user_errors
def recommendations_export(output: str, lang: str) -> None:
    """Write the register and the plan of action to an .xlsx workbook."""
    if Path(output).suffix.lower() != ".xlsx":
        fail(f"error: {output}: the workbook file must end in .xlsx")
    content = reg.export_workbook(lang, current_app.config["LANGUAGES"])
    try:
        Path(output).write_bytes(content)
    except OSError as error:
        fail(f"error: {output}: {error.strerror}")
    click.echo(f"wrote {output}")


@recommendations.command("reminders")
@click.option("--days", type=click.IntRange(0, 365), default=14, show_default=True)
@user_errors
def recommendations_reminders(days: int) -> None:
    """Overdue and due-soon actions, one line each, then who the outbox would e-mail."""
    from selfassess.services import plan

    for item in plan.reminders(days=days):
        action = item.action
        mark = "OVERDUE" if item.overdue else f"due in {item.days} days"
        click.echo(
            f"{action.recommendation.ref}/{action.ref}\t{action.due}\t{mark}"
            f"\t{action.responsible or '-'}"
        )
    for message in plan.reminder_messages(days=days):
        click.echo(f"to {message['to']}: {len(message['actions'])} actions")


@recommendations.command("remind")
@click.option("--days", type=click.IntRange(0, 365), default=14, show_default=True)
@user_errors
def recommendations_remind(days: int) -> None:
    """E-mail each focal point its bodies' overdue and due-soon actions (through the
    outbox; ``selfassess mail send`` delivers them). Run it from a weekly timer."""
    from selfassess.services import action_mail
    from selfassess.services.mail import mail_enabled

    if not mail_enabled():
        fail("e-mail is not configured (SELFASSESS_MAIL_HOST): no reminders queued")
    queued = action_mail.queue_action_reminders(days=days)
    for message in queued:
        click.echo(f"queued {message.recipient}")
    click.echo(f"queued {len(queued)} reminders")
