"""Paper forms typed in from the console: a submitted response on the ``paper`` channel.

A printed form carries a number so that no form is typed in twice; the number says
nothing about who filled it in (forms are handed out in any order, and nobody records
who took which). Answers are checked by the same rules as answers given online.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from selfassess.extensions import db
from selfassess.instrument.model import Definition
from selfassess.models import Answer, Response, ResponseSource, ResponseState, Round
from selfassess.services import audit, revisions
from selfassess.services.errors import Conflict, InvalidInput
from selfassess.services.people import profile_value
from selfassess.services.responses import Change, answer_columns

#: Largest form number (a printed run is numbered from 1).
MAX_NUMBER = 99_999


def entered_numbers(round_: Round) -> list[int]:
    """Form numbers of the round's paper responses, in order."""
    return list(
        db.session.scalars(
            select(Response.paper_number)
            .where(Response.round_id == round_.id, Response.paper_number.is_not(None))
            .order_by(Response.paper_number)
        )
    )


def count(round_: Round) -> int:
    """Responses of the round that came on paper (typed in or imported as paper)."""
    return int(
        db.session.scalar(
            select(func.count(Response.id)).where(
                Response.round_id == round_.id, Response.source == ResponseSource.PAPER
            )
        )
        or 0
    )


def next_number(round_: Round) -> int:
    """The number after the highest printed-and-entered one (1 for the first run)."""
    highest = db.session.scalar(
        select(func.max(Response.paper_number)).where(Response.round_id == round_.id)
    )
    return int(highest or 0) + 1


def record_form(
    round_: Round,
    definition: Definition,
    *,
    number: int,
    role: str,
    profile: dict[str, str],
    changes: list[Change],
) -> Response:
    """Store one paper form as a submitted response, all or nothing (the caller commits).

    Raises :class:`InvalidInput` for a wrong role, number or value and :class:`Conflict`
    when the form number is already entered in this round."""
    if role not in {r.key for r in definition.roles}:
        raise InvalidInput(f"{role!r} is not a role of this questionnaire")
    if not 1 <= number <= MAX_NUMBER:
        raise InvalidInput(f"form number {number}: use 1 to {MAX_NUMBER}")
    fields = {f.key: f for f in definition.profile if role in f.roles}
    stored: dict[str, Any] = {}
    for key, raw in profile.items():
        if key not in fields:
            raise InvalidInput(f"{key!r} is not a profile field of role {role}")
        if raw.strip():
            stored[key] = profile_value(fields[key], raw)
    columns = [(c.question, answer_columns(definition, role, c)) for c in changes]
    at = round_.timestamp()
    response = Response(
        round_id=round_.id,
        role=role,
        profile=stored,
        state=ResponseState.SUBMITTED,
        source=ResponseSource.PAPER,
        paper_number=number,
        started_at=at,
        updated_at=at,
        submitted_at=at,
    )
    try:
        with db.session.begin_nested():
            db.session.add(response)
            db.session.flush()
    except IntegrityError:
        raise Conflict(f"form number {number} is already entered in this round") from None
    for question, values in columns:
        if values.get("value") or values.get("comment"):
            db.session.add(
                Answer(
                    response_id=response.id,
                    question=question,
                    value=values.get("value", ""),
                    numeric=values.get("numeric"),
                    comment=values.get("comment"),
                    updated_at=at,
                )
            )
    audit.record("responses.paper", round_.slug, count=1)
    revisions.bump(round_.id)
    db.session.flush()
    return response
