"""Action reminders by e-mail (issue 14): each focal point whose bodies have overdue or
due-soon actions gets one message through the outbox, in every interface language.

Focal point accounts keep no language, and a parliament's staff read both: the message
is the same template rendered in each configured language, one after the other.
"""

from __future__ import annotations

from datetime import date

from flask import current_app, render_template
from flask_babel import force_locale

from selfassess.extensions import db
from selfassess.models.mail import OutboxMessage
from selfassess.services import audit, plan
from selfassess.services import register as reg
from selfassess.services.mail import mail_enabled, queue_message
from selfassess.urls import public_url

#: The outbox's kind for these messages (``selfassess mail status`` counts by kind).
KIND = "action_reminder"
#: Between the languages' texts of one message.
SEPARATOR = "\n\n* * *\n\n"


def _languages() -> list[str]:
    return list(current_app.config["LANGUAGES"])


def _render(language: str, items: list[plan.Reminder], today: date) -> tuple[str, str]:
    rows = [
        {
            "ref": f"{r.action.recommendation.ref}/{r.action.ref}",
            "text": reg.name_in(r.action.text, language),
            "due": r.action.due,
            "overdue": r.overdue,
            "days": abs(r.days),
        }
        for r in items
    ]
    with force_locale(language):
        text = render_template(
            "mail/action_reminder.txt",
            rows=rows,
            today=today,
            url=public_url("register.reminders"),
        )
    head, _sep, body = text.partition("\n\n")
    return head.removeprefix("Subject:").strip(), body.strip()


def queue_action_reminders(
    today: date | None = None, days: int = plan.DUE_SOON_DAYS
) -> list[OutboxMessage]:
    """Queue one reminder per focal point (from :func:`plan.reminder_messages`);
    nothing when no mail server is configured."""
    if not mail_enabled():
        return []
    today = today or date.today()
    pending = {(r.action.recommendation.ref, r.action.ref): r for r in plan.reminders(today, days)}
    queued = []
    for message in plan.reminder_messages(today, days):
        items = [pending[tuple(ref)] for ref in message["actions"] if tuple(ref) in pending]
        texts = [_render(language, items, today) for language in _languages()]
        queued.append(
            queue_message(
                KIND,
                message["to"],
                subject=" / ".join(dict.fromkeys(subject for subject, _ in texts)),
                body=SEPARATOR.join(body for _, body in texts) + "\n",
                language=_languages()[0],
            )
        )
    audit.record("recommendations.remind", "", count=len(queued))
    db.session.flush()
    return queued
