"""One invitation's life after creation (revoke, reissue) and duplicates before creation."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Invitation, Round, RoundState, StateError
from selfassess.models.types import utcnow
from selfassess.services import anonymity, audit
from selfassess.services.errors import Conflict, NotFound
from selfassess.services.invitations import (
    TOKEN_BYTES,
    IssuedInvitation,
    code_hash,
    new_code,
    split_label,
    token_hash,
)


@dataclass(frozen=True)
class Duplicate:
    """A person of an upload who looks already invited."""

    #: Position of the person in the upload (0-based).
    index: int
    label: str
    role: str
    #: ``file`` (an earlier row of the same file) or ``round`` (an existing invitation).
    where: str
    #: ``email`` or ``name`` (same name and role).
    by: str
    #: The matching label (the earlier row's or the invitation's).
    matches: str


def _keys(label: str, role: str) -> list[tuple[str, str]]:
    name, email = split_label(label)
    keys = []
    if email:
        keys.append(("email", email))
    if name:
        keys.append(("name", f"{' '.join(name.casefold().split())}\x1f{role}"))
    return keys


def find_duplicates(round_: Round, people: list[dict[str, Any]]) -> list[Duplicate]:
    """People of an upload who are already on an earlier row or invited to ``round_``
    (the same e-mail address, or the same name and role), before anything is created."""
    existing: dict[tuple[str, str], str] = {}
    for label, role in db.session.execute(
        select(Invitation.label, Invitation.role).filter(
            Invitation.round_id == round_.id, Invitation.revoked_at.is_(None)
        )
    ):
        for key in _keys(label, role):
            existing.setdefault(key, label)
    earlier: dict[tuple[str, str], str] = {}
    found = []
    for index, person in enumerate(people):
        label, role = str(person.get("label", "")), str(person.get("role", ""))
        keys = _keys(label, role)
        hit = next((("round", k) for k in keys if k in existing), None) or next(
            (("file", k) for k in keys if k in earlier), None
        )
        if hit:
            where, key = hit
            matches = (existing if where == "round" else earlier)[key]
            found.append(Duplicate(index, label, role, where, key[0], matches))
        for key in keys:
            earlier.setdefault(key, label)
    return found


def get_invitation(round_: Round, invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.round_id != round_.id:
        raise NotFound(f"no invitation {invitation_id} in round {round_.slug}")
    return invitation


def revoke(invitation: Invitation) -> None:
    """Its link and code stop working at once; a submitted response still counts."""
    if invitation.revoke(utcnow()):
        audit.record("invitation.revoke", invitation.round.slug, count=1)
        db.session.flush()


def reissue(invitation: Invitation, *, send_email: bool = False) -> IssuedInvitation:
    """A new link and code for the same person; the old ones are dead. A draft is kept.
    With ``send_email``, the new link is e-mailed (queued in the same transaction)."""
    try:
        invitation.require_reissuable()
    except StateError as error:
        raise Conflict(str(error)) from None
    if invitation.round.state is RoundState.CLOSED:
        raise Conflict(f"round {invitation.round.slug} is closed")
    taken = set(
        db.session.scalars(
            select(Invitation.code_hash).filter(Invitation.round_id == invitation.round_id)
        )
    )
    token, code = secrets.token_urlsafe(TOKEN_BYTES), new_code()
    while code_hash(code) in taken:
        code = new_code()
    key = anonymity.server_key(invitation) or anonymity.new_key()  # the draft stays found
    invitation.token_hash = token_hash(token)
    invitation.code_hash = code_hash(code)
    anonymity.seal(invitation, key, token=token, code=code)
    invitation.revoked_at = None
    audit.record("invitation.reissue", invitation.round.slug, count=1)
    if send_email:
        from selfassess.services.invitation_mail import queue_invitation

        queue_invitation(invitation, token, code)
    db.session.flush()
    return IssuedInvitation(
        invitation.label, invitation.role, invitation.profile, token, code, invitation.language
    )


def list_invitations(round_: Round) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation).filter(Invitation.round_id == round_.id).order_by(Invitation.id)
        )
    )
