"""A panel's draft recommendation adopted into the recommendations register (issues 13, 14).

The panel drafts during a session; the consultant (or an administrator) decides what
enters the register. Adopting makes a *proposed* recommendation with the draft's texts,
links to its question and that question's dimension, and the round as its source; the
draft keeps the new reference, so it is adopted once and links to its entry.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import (
    Account,
    DraftRecommendation,
    Recommendation,
    RecommendationStatus,
    Round,
)
from selfassess.services import audit
from selfassess.services.errors import Conflict, NotFound
from selfassess.services.register import create_recommendation, set_fields


def ref_prefix(round_: Round) -> str:
    return f"SA-{round_.slug}-"


def next_ref(round_: Round) -> str:
    """``SA-<round>-<n>``, one more than the highest ``n`` taken (a removed entry's number
    is not given again, so an old reference never names another recommendation)."""
    prefix = ref_prefix(round_)
    taken = db.session.scalars(
        select(Recommendation.ref).where(Recommendation.ref.startswith(prefix, autoescape=True))
    )
    numbers = [int(ref[len(prefix) :]) for ref in taken if re.fullmatch(r"\d+", ref[len(prefix) :])]
    return f"{prefix}{max(numbers, default=0) + 1}"


def get_draft(round_: Round, draft_id: int) -> DraftRecommendation:
    draft = db.session.scalar(
        select(DraftRecommendation).filter_by(id=draft_id, round_id=round_.id)
    )
    if draft is None:
        raise NotFound(f"no draft recommendation {draft_id} in round {round_.slug}")
    return draft


def adopt(round_: Round, draft_id: int, *, by: Account | None = None) -> Recommendation:
    """Make the draft a proposed register entry; :class:`Conflict` when it is one already."""
    draft = get_draft(round_, draft_id)
    if draft.adopted_as:
        raise Conflict(f"this recommendation is in the register already as {draft.adopted_as}")
    definition = round_.version.load()
    question = definition.question(draft.question)
    instrument = round_.version.instrument.key
    links = [f"{instrument}:{question.key}", f"{instrument}:{question.dimension}"]
    recommendation = create_recommendation(next_ref(round_), by=by)
    set_fields(
        recommendation,
        {
            "text": dict(draft.text),
            "source": round_.slug,
            "links": links,
            "status": RecommendationStatus.PROPOSED,
        },
        by=by,
        initial=True,
    )
    draft.adopted_as = recommendation.ref
    audit.record(
        "panel.recommendation.adopt", f"{round_.slug} {draft.question} {recommendation.ref}"
    )
    db.session.flush()
    return recommendation
