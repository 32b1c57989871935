"""Getting in: the response an invitation or a resume code leads to, and consent.

In an identified round the invitation points to its response. In an anonymous round it
does not: the draft is found through the invitation's key (unsealed from the link or the
code, see ``services/anonymity.py``), and after submission only through the resume code.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from selfassess.extensions import db
from selfassess.models import Invitation, InvitationState, Response, Round
from selfassess.services import anonymity
from selfassess.services.errors import Conflict


class RoundNotOpen(Conflict):
    """The round is not open: nothing can be answered or changed."""


def require_open(round_: Round) -> None:
    if not round_.is_open:
        raise RoundNotOpen(f"round {round_.slug} is {round_.state.value}")


def find_by_resume(round_: Round, secret: str | None) -> Response | None:
    """The response of ``round_`` whose resume code this is, if any."""
    hashed = anonymity.resume_hash(secret or "")
    if hashed is None:
        return None
    return db.session.scalar(select(Response).filter_by(round_id=round_.id, resume_hash=hashed))


def find_draft(round_: Round, key: bytes | None) -> Response | None:
    """The draft an anonymous invitation's key leads to, if it was started."""
    if key is None:
        return None
    return db.session.scalar(
        select(Response).filter_by(round_id=round_.id, draft_key=anonymity.draft_key(key))
    )


def admit(
    invitation: Invitation, key: bytes | None = None, resume_secret: str | None = None
) -> Response | None:
    """The response an invitation leads to: its draft (through ``invitation.response`` in
    identified rounds, through the invitation's ``key`` in anonymous ones), or after an
    anonymous submission the response of the matching resume secret. ``None``: nothing
    to reopen (consent comes first, or the secret is missing or wrong)."""
    if invitation.response is not None:
        return invitation.response
    draft = find_draft(invitation.round, key)
    if draft is not None:
        return draft
    if invitation.state is InvitationState.SUBMITTED:
        return find_by_resume(invitation.round, resume_secret)
    return None


def linked_invitation(response: Response) -> Invitation | None:
    """The invitation pointing to ``response`` (identified rounds, older drafts)."""
    return db.session.scalar(select(Invitation).filter_by(response_id=response.id))


def consent(invitation: Invitation, key: bytes | None = None) -> Response:
    """Record consent: the response starts, with the invitation's role and profile. In
    an anonymous round (``key`` given) the invitation is not written at all."""
    round_ = invitation.round
    require_open(round_)
    existing = admit(invitation, key)
    if existing is not None:
        return existing
    if invitation.state is InvitationState.SUBMITTED:
        raise Conflict("this invitation has already been used to submit a response")
    anonymous = round_.anonymous and key is not None
    now = round_.timestamp()
    response = Response(
        round=round_,
        role=invitation.role,
        profile=dict(invitation.profile),
        preset=sorted(invitation.profile),
        consented_at=now,
        started_at=now,
        updated_at=now,
        draft_key=anonymity.draft_key(key) if anonymous and key is not None else None,
    )
    # Two tabs consenting at once: only one response may be kept; the savepoint drops the
    # other without touching the rest of the unit of work.
    savepoint = db.session.begin_nested()
    db.session.add(response)
    if anonymous:
        try:  # the locator is unique: one response wins
            savepoint.commit()
        except IntegrityError:
            savepoint.rollback()
            found = find_draft(round_, key)
            if found is None:
                raise
            return found
        return response
    db.session.flush()
    # Only one response may claim the invitation.
    claimed = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.response_id.is_(None),
            Invitation.state == InvitationState.PENDING,
        )
        .values(response_id=response.id, state=InvitationState.STARTED)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        savepoint.rollback()
        db.session.refresh(invitation)
        if invitation.response is None:
            raise Conflict("this invitation has already been used to submit a response")
        return invitation.response
    savepoint.commit()
    db.session.refresh(invitation)
    return response
