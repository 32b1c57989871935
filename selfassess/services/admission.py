"""Getting in: the response an invitation or a resume code leads to, and consent.

In an identified round the invitation points to its response. In an anonymous round it
does not: the draft is found through the invitation's key (unsealed from the link or the
code, see ``services/anonymity.py``), and after submission only through the resume code.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, bindparam, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Exists

from selfassess.extensions import db
from selfassess.models import Invitation, InvitationState, Response, Round
from selfassess.services import anonymity
from selfassess.services.errors import Conflict


class RoundNotOpen(Conflict):
    """The round is not open: nothing can be answered or changed."""


def require_open(round_: Round) -> None:
    if not round_.is_open:
        raise RoundNotOpen(f"round {round_.slug} is {round_.state.value}")


#: Built once: building the statement cost more than running it. An anonymous draft's
#: invitation is known only from this browser's grant (its signed cookie), never from the
#: database; an identified response is named by its invitation.
_invitations = Invitation.__table__


def revoked(granted: ColumnElement[bool]) -> ColumnElement[bool]:
    """Whether an invitation behind the response is revoked: the one that names it, or
    one of this round that the browser's grant names (``granted``, on the invitations'
    columns), on the enclosing statement's responses and rounds. Plain Core on the
    tables, shared with the express path (``respond/express.py``, ``express_save.py``).
    Two lookups, each with an index of its own: the revoked invitations'
    (``ix_invitations_revoked``) and the key of the one granted. (One lookup with both
    conditions in an ``OR`` let PostgreSQL read the round's every invitation.)"""
    return or_(
        _revoked(_invitations.c.response_id == Response.__table__.c.id),
        _revoked(granted, _invitations.c.round_id == Round.__table__.c.id),
    )


def _revoked(*conditions: ColumnElement[bool]) -> Exists:
    return (
        select(_invitations.c.id)
        .where(_invitations.c.revoked_at.is_not(None), *conditions)
        .correlate_except(_invitations)  # at whatever depth the statement nests it
        .exists()
    )


_ROUND_AND_GRANT = (
    select(
        Round,
        Response,
        revoked(_invitations.c.id.in_(bindparam("invitation_ids", expanding=True))).label(
            "revoked"
        ),
    )
    .join(Round.version)
    .outerjoin(
        Response,
        and_(
            Response.round_id == Round.id,
            Response.id.in_(bindparam("response_ids", expanding=True)),
        ),
    )
    .where(Round.slug == bindparam("slug"))
    .options(contains_eager(Round.version))
)


def round_and_grant(
    slug: Any, grants: dict[str, Any]
) -> tuple[Round | None, Response | None, bool]:
    """The round of ``slug`` with its version, the response a browser's ``grants`` (by
    round id, respond/grants.py) give in it, and whether an invitation behind that
    response is revoked: one query, since every respondent request asks it (the grants
    are keyed by round id, so the granted responses of every round are candidates,
    matched to the round here)."""
    rows = db.session.execute(_ROUND_AND_GRANT, grant_parameters(slug, grants)).all()
    if not rows:
        return None, None, False
    round_ = rows[0][0]
    wanted = (grants.get(str(round_.id)) or {}).get("response")
    for _round, response, is_revoked in rows:
        if response is not None and response.id == wanted:
            return round_, response, bool(is_revoked)
    return round_, None, False


def grant_parameters(slug: Any, grants: dict[str, Any]) -> dict[str, Any]:
    """The parameters of a round's lookup with the responses and invitations that a
    browser's ``grants`` name."""
    given = [v for v in grants.values() if isinstance(v, dict)]
    return {
        "slug": slug,
        "response_ids": [v["response"] for v in given if isinstance(v.get("response"), int)],
        "invitation_ids": [v["invitation"] for v in given if isinstance(v.get("invitation"), int)],
    }


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
