"""``selfassess mail send|status``: the worker that drains the e-mail outbox."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup

from selfassess.cli.common import fail, user_errors
from selfassess.services import mail

mail_group = AppGroup("mail", help="The e-mail outbox (invitations, reminders, resets).")


@mail_group.command("send")
@click.option("--limit", default=500, show_default=True, help="Most messages in one run.")
@user_errors
def send(limit: int) -> None:
    """Send the queued messages that are due; run it every minute (a systemd timer)."""
    if not mail.mail_enabled():
        fail("error: e-mail is off: set SELFASSESS_MAIL_HOST and SELFASSESS_MAIL_SENDER")
    report = mail.send_pending(limit=limit)
    purged = mail.purge_sent(timedelta(days=int(current_app.config["MAIL_KEEP_DAYS"])))
    click.echo(
        f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}, "
        f"queued {report.waiting}" + (f", purged {purged}" if purged else "")
    )


@mail_group.command("status")
@user_errors
def status() -> None:
    """How many messages are queued, sent and failed."""
    counts = mail.outbox_counts()
    state = "on" if mail.mail_enabled() else "off (SELFASSESS_MAIL_HOST is not set)"
    click.echo(f"e-mail {state}")
    click.echo(", ".join(f"{name} {n}" for name, n in counts.items()))
