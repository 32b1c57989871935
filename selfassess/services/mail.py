"""E-mail through an outbox: queued in the transaction that causes a message, sent later.

:func:`queue_message` adds a row to ``outbox`` and never talks to the network, so a
message exists exactly when what caused it was committed, and an SMTP outage loses
nothing. ``selfassess mail send`` (:func:`send_pending`) drains the outbox, retrying a
refused or unreachable server with exponential backoff. A message's secret link waits in
its own column and is put into the text only when it is handed to the SMTP server; once
sent (or given up), the column is emptied, so the stored row keeps no working secret.

Delivery is at least once: a worker stopped between the server's acceptance and the
commit sends that message again on its next run.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import delete, func, select

from selfassess import unit_of_work
from selfassess.extensions import db
from selfassess.models.mail import LINK_PLACEHOLDER, OutboxMessage, OutboxState
from selfassess.models.types import utcnow
from selfassess.services.sealing import seal, unseal

#: What replaces the link in a sent message's stored text.
LINK_REMOVED = "[link removed after sending]"
#: Longest wait between two attempts.
MAX_BACKOFF = timedelta(hours=6)


def mail_enabled() -> bool:
    """Whether an SMTP server is configured; without one, e-mail features are off."""
    return bool(current_app.config.get("MAIL_HOST"))


def queue_message(
    kind: str,
    recipient: str,
    *,
    subject: str,
    body: str,
    language: str = "en",
    secret_link: str | None = None,
) -> OutboxMessage:
    """Queue one message in the current transaction (the caller commits).

    ``body`` holds :data:`LINK_PLACEHOLDER` where ``secret_link`` goes. Any feature may
    call this (the recommendations' action reminders, for one).
    """
    message = OutboxMessage(
        kind=kind[:32],
        recipient=recipient.strip()[:254],
        language=language,
        subject=subject[:300],
        body=body,
        secret_link=seal(secret_link, "outbox") if secret_link else None,
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    return message


def queue_template(
    template: str,
    recipient: str,
    *,
    language: str,
    secret_link: str | None = None,
    **context: object,
) -> OutboxMessage:
    """Queue ``templates/mail/<template>.txt`` written in ``language``.

    The template's first line is ``Subject: ...``, then a blank line, then the text;
    ``{{ link }}`` marks where the secret link goes.
    """
    with force_locale(language):
        text = render_template(f"mail/{template}.txt", link=LINK_PLACEHOLDER, **context)
    head, _sep, body = text.partition("\n\n")
    subject = head.removeprefix("Subject:").strip()
    return queue_message(
        template,
        recipient,
        subject=subject,
        body=body.strip() + "\n",
        language=language,
        secret_link=secret_link,
    )


# -- sending ---------------------------------------------------------------------------------


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    #: Queued messages not yet due (waiting for their next attempt).
    waiting: int = 0


def backoff(attempts: int) -> timedelta:
    """Wait before attempt ``attempts + 1``: 1, 2, 4 ... minutes, at most six hours."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def connect() -> smtplib.SMTP:
    """An SMTP connection per the ``MAIL_*`` settings, signed in when a user is set."""
    config = current_app.config
    host, port = config["MAIL_HOST"], int(config["MAIL_PORT"])
    timeout = float(config["MAIL_TIMEOUT"])
    tls = str(config["MAIL_TLS"]).lower()
    if tls == "ssl":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
        if tls == "starttls":
            smtp.starttls(context=ssl.create_default_context())
    if config.get("MAIL_USER"):
        smtp.login(config["MAIL_USER"], config.get("MAIL_PASSWORD") or "")
    return smtp


def _email(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(domain="selfassess")
    email["Auto-Submitted"] = "auto-generated"
    link = unseal(message.secret_link, "outbox") if message.secret_link else ""
    email.set_content(message.body.replace(LINK_PLACEHOLDER, link or LINK_REMOVED))
    return email


def secret_link_of(message: OutboxMessage) -> str | None:
    """The link a queued message will carry (for tests and the demo), else None."""
    return unseal(message.secret_link, "outbox") if message.secret_link else None


def _spend_secret(message: OutboxMessage) -> None:
    message.body = message.body.replace(LINK_PLACEHOLDER, LINK_REMOVED)
    message.secret_link = None


def send_pending(*, limit: int = 500, connect: Callable[[], smtplib.SMTP] = connect) -> SendReport:
    """Send the due messages of the outbox, each committed on its own.

    A connection failure stops the run (the server is down: the rest waits for the next
    run); a temporary refusal (4xx) retries that message later; a permanent refusal
    (5xx) or the last allowed attempt marks it failed.
    """
    report = SendReport()
    max_attempts = int(current_app.config["MAIL_MAX_ATTEMPTS"])
    due = list(
        db.session.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.state == OutboxState.QUEUED)
            .where(OutboxMessage.next_attempt_at <= utcnow())
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
        )
    )
    smtp: smtplib.SMTP | None = None
    try:
        for message_id in due:
            message = db.session.scalar(
                select(OutboxMessage)
                .where(OutboxMessage.id == message_id, OutboxMessage.state == OutboxState.QUEUED)
                .with_for_update(skip_locked=True)
            )
            if message is None:  # another worker has it
                continue
            try:
                if smtp is None:
                    smtp = connect()
                smtp.send_message(_email(message))
            except smtplib.SMTPResponseException as error:
                permanent = error.smtp_code >= 500
                _failed_attempt(message, f"{error.smtp_code} {error.smtp_error!r}", permanent)
            except smtplib.SMTPRecipientsRefused as error:
                _failed_attempt(message, f"refused: {error.recipients!r}", permanent=True)
            except (OSError, smtplib.SMTPException) as error:
                _failed_attempt(message, f"{type(error).__name__}: {error}", permanent=False)
                unit_of_work.commit()  # the attempt is recorded at once, as below
                report.retrying += 1
                smtp = None
                break  # the server is unreachable: the others wait for the next run
            else:
                message.state = OutboxState.SENT
                message.sent_at = utcnow()
                message.attempts += 1
                message.last_error = ""
                _spend_secret(message)
                # Recorded at once: a message the server accepted is never sent twice
                # because a later one failed, and its secret link leaves the database.
                unit_of_work.commit()
                report.sent += 1
                continue
            if message.state is OutboxState.FAILED or message.attempts >= max_attempts:
                message.state = OutboxState.FAILED
                _spend_secret(message)
                report.failed += 1
            else:
                report.retrying += 1
            unit_of_work.commit()  # each attempt is recorded at once, as a sent message
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()
    report.waiting = int(
        db.session.scalar(
            select(func.count(OutboxMessage.id)).where(OutboxMessage.state == OutboxState.QUEUED)
        )
        or 0
    )
    return report


def _failed_attempt(message: OutboxMessage, error: str, permanent: bool) -> None:
    message.attempts += 1
    message.last_error = error[:500]
    message.next_attempt_at = utcnow() + backoff(message.attempts)
    max_attempts = int(current_app.config["MAIL_MAX_ATTEMPTS"])
    if permanent or message.attempts >= max_attempts:
        message.state = OutboxState.FAILED


def retry(message_id: int) -> OutboxMessage | None:
    """Queue a failed message again, unless it carried a link: that link was spent when it
    failed (reissue the invitation or ask for a new reset instead)."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.state is not OutboxState.FAILED:
        return None
    if LINK_REMOVED in message.body:
        return None
    message.state = OutboxState.QUEUED
    message.attempts = 0
    message.next_attempt_at = utcnow()
    db.session.flush()
    return message


def purge_sent(older_than: timedelta) -> int:
    """Delete sent messages older than ``older_than`` (who was mailed is not kept forever)."""
    cutoff: datetime = utcnow() - older_than
    result = db.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.state == OutboxState.SENT, OutboxMessage.sent_at < cutoff
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def outbox_counts() -> dict[str, int]:
    rows = db.session.execute(
        select(OutboxMessage.state, func.count(OutboxMessage.id)).group_by(OutboxMessage.state)
    ).all()
    counts = {state.value: 0 for state in OutboxState}
    counts.update({state.value: n for state, n in rows})
    return counts


def recent_messages(limit: int = 100) -> list[OutboxMessage]:
    return list(
        db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit))
    )
