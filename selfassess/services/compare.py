"""Comparing two rounds of one instrument: the database into the pure comparison core.

The CLI, the consultant's page, the workbook and the report all call
:func:`compare_rounds`, so they show the same numbers with the same suppression.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import ComparisonCache, Instrument, InstrumentVersion, Round
from selfassess.services import linked, revisions
from selfassess.services.errors import InvalidInput
from selfassess.services.results import RoundResults, round_results

if TYPE_CHECKING:
    from selfassess.scoring.compare import Comparison, Side


def side_of(outcome: RoundResults) -> Side:
    """One round's results as a side of a comparison."""
    from selfassess.scoring.compare import Side  # pandas, when a comparison is made

    return Side(
        outcome.round.slug,
        outcome.definition,
        outcome.respondents,
        outcome.answers,
        outcome.results,
        linked.consensus_block(outcome.round),
    )


def compare_rounds(
    round_a: Round,
    round_b: Round,
    *,
    results_a: RoundResults | None = None,
    results_b: RoundResults | None = None,
    register: bool = True,
) -> Comparison:
    """Round ``round_a`` (earlier) compared with ``round_b`` (compare.md).

    Raises :class:`InvalidInput` when the rounds use different instruments. Results
    already computed for either round may be passed in to save recomputing them;
    ``register=False`` leaves the register's recommendations uncounted.
    """
    key_a, key_b = round_a.version.instrument.key, round_b.version.instrument.key
    if key_a != key_b:
        raise InvalidInput(
            f"{round_a.slug} uses questionnaire {key_a} and {round_b.slug} uses {key_b}: "
            "only rounds of the same questionnaire compare"
        )
    a = side_of(results_a or round_results(round_a))
    b = side_of(results_b or round_results(round_b))
    from selfassess.scoring.compare import compare

    return compare(a, b, linked.list_recommendations() if register else ())


def cached_comparison(earlier: Round, later: Round) -> Comparison:
    """:func:`compare_rounds` as the dashboard and the report read it: the numbers from
    the comparison cache when both rounds are at the revisions it was computed at (else
    computed now and shared), the register's recommendation counts read live. Call it
    before any write of your own in the request: storing commits."""
    from selfassess.scoring.compare import count_recommendations, structure

    revision, earlier_revision = revisions.current(later.id), revisions.current(earlier.id)
    row = db.session.execute(
        select(
            ComparisonCache.revision, ComparisonCache.earlier_revision, ComparisonCache.document
        ).where(ComparisonCache.round_id == later.id, ComparisonCache.earlier_id == earlier.id)
    ).first()
    if row is not None and (row.revision, row.earlier_revision) == (revision, earlier_revision):
        text = row.document
    else:
        text = json.dumps(compare_rounds(earlier, later, register=False).document)
        moved = (revisions.current(later.id), revisions.current(earlier.id))
        if moved == (revision, earlier_revision):
            revisions.store(
                ComparisonCache,
                {"round_id": later.id, "earlier_id": earlier.id},
                {"revision": revision, "earlier_revision": earlier_revision, "document": text},
            )
    comparison = structure(earlier.version.load(), later.version.load(), json.loads(text))
    count_recommendations(
        comparison.document,
        earlier.version.load(),
        later.version.load(),
        linked.list_recommendations(),
    )
    return comparison


def earlier_rounds(round_: Round) -> list[Round]:
    """Other rounds of the same instrument created before ``round_``, newest first."""
    return list(
        db.session.scalars(
            select(Round)
            .join(InstrumentVersion, Round.version_id == InstrumentVersion.id)
            .join(Instrument, InstrumentVersion.instrument_id == Instrument.id)
            .where(
                Instrument.id == round_.version.instrument_id,
                Round.id != round_.id,
                Round.created_at <= round_.created_at,
            )
            .order_by(Round.created_at.desc(), Round.id.desc())
        )
    )
