"""The demo's e-mail side: invitations with addresses and what their messages look like
in the outbox (queued, sent with its link removed, failed), in English and Mongolian."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from flask import current_app

from selfassess.extensions import db
from selfassess.models import OutboxState, Round
from selfassess.models.mail import LINK_PLACEHOLDER
from selfassess.models.types import utcnow
from selfassess.services.invitation_mail import code_page_url, round_title
from selfassess.services.invitations import create_invitations, format_code, invitation_url
from selfassess.services.mail import LINK_REMOVED, queue_template

#: Demo people with an e-mail address (the example.mn domain receives nothing).
PEOPLE = (
    ("Б. Оюунчимэг", "oyunchimeg@example.mn", "mp", "mn"),
    ("Ts. Enkhjargal", "enkhjargal@example.mn", "staff", "en"),
    ("Д. Батбаяр", "batbayar@example.mn", "mp", "mn"),
)


def load(round_: Round) -> Iterator[str]:
    """Invite :data:`PEOPLE` and queue their invitation e-mails; one shown as sent, one
    as failed. Commits with the invitations (all or nothing)."""
    people = [
        {"label": f"{name} <{email}>", "role": role, "profile": {}, "language": language}
        for name, email, role, language in PEOPLE
    ]
    issued = create_invitations(round_, people)
    messages = []
    for item, (name, email, _role, language) in zip(issued, PEOPLE, strict=True):
        messages.append(
            queue_template(
                "invitation",
                email,
                language=language,
                secret_link=invitation_url(item.token),
                title=round_title(round_, language),
                name=name,
                code=format_code(item.code),
                code_url=code_page_url(),
            )
        )
    sent, failed = messages[1], messages[2]
    sent.state, sent.sent_at, sent.attempts = OutboxState.SENT, utcnow(), 1
    sent.body, sent.secret_link = sent.body.replace(LINK_PLACEHOLDER, LINK_REMOVED), None
    failed.state, failed.attempts = OutboxState.FAILED, int(current_app.config["MAIL_MAX_ATTEMPTS"])
    failed.last_error = "550 5.1.1 mailbox unavailable"
    failed.body, failed.secret_link = failed.body.replace(LINK_PLACEHOLDER, LINK_REMOVED), None
    failed.next_attempt_at = utcnow() + timedelta(hours=6)
    db.session.flush()
    yield f"invited {len(PEOPLE)} people with e-mail addresses; their messages are in the outbox (/admin/outbox)"
