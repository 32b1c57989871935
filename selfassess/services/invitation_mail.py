"""Invitations and reminders by e-mail, through the outbox, in each person's language."""

from __future__ import annotations

import secrets

from flask import current_app

from selfassess.extensions import db
from selfassess.instrument.model import text
from selfassess.models import Invitation, Round
from selfassess.services import anonymity, audit
from selfassess.services.invitations import (
    TOKEN_BYTES,
    awaiting_submission,
    format_code,
    split_label,
    token_hash,
)
from selfassess.services.mail import mail_enabled, queue_template
from selfassess.urls import public_url


def language_of(invitation: Invitation) -> str:
    """The person's language when the questionnaire has it, else the questionnaire's first."""
    languages = invitation.round.version.load().languages
    return invitation.language if invitation.language in languages else languages[0]


def round_title(round_: Round, language: str) -> str:
    """The round's title (the questionnaire's in ``language`` when the round has none)."""
    return round_.title or text(round_.version.load().title, language)


def code_page_url() -> str:
    """Where an access code is typed, on the configured public address."""
    endpoint = "respond.code" if "respond.code" in current_app.view_functions else "main.home"
    return public_url(endpoint)


def queue_invitation(invitation: Invitation, token: str, code: str | None) -> None:
    """Queue the invitation e-mail of a freshly issued link (the caller commits)."""
    if not (mail_enabled() and invitation.email):
        return
    language = language_of(invitation)
    queue_template(
        "invitation",
        invitation.email,
        language=language,
        secret_link=public_url("respond.enter", token=token),
        title=round_title(invitation.round, language),
        name=split_label(invitation.label)[0],
        code=format_code(code) if code else "",
        code_url=code_page_url(),
    )


def send_reminders(round_: Round) -> int:
    """E-mail everyone of ``round_`` with an address who has not submitted yet.

    The stored link token is a hash, so a reminder carries a new link: the token is
    replaced (the old e-mail's link stops working, the draft and the access code are
    kept). Returns how many were queued; the caller's transaction commits them.
    """
    if not mail_enabled():
        return 0
    count = 0
    for invitation in awaiting_submission(round_):
        if not invitation.email:
            continue
        token = secrets.token_urlsafe(TOKEN_BYTES)
        invitation.token_hash = token_hash(token)
        key = anonymity.server_key(invitation)
        if key is not None:  # the new link finds the draft the old one saved
            anonymity.reseal_token(invitation, key, token)
        language = language_of(invitation)
        queue_template(
            "reminder",
            invitation.email,
            language=language,
            secret_link=public_url("respond.enter", token=token),
            title=round_title(round_, language),
            name=split_label(invitation.label)[0],
        )
        count += 1
    audit.record("invitations.remind", round_.slug, count=count)
    db.session.flush()
    return count
