"""Comparing two rounds of one instrument: the database into the pure comparison core.

The CLI, the consultant's page, the workbook and the report all call
:func:`compare_rounds`, so they show the same numbers with the same suppression.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Instrument, InstrumentVersion, Round
from selfassess.services import linked
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
) -> Comparison:
    """Round ``round_a`` (earlier) compared with ``round_b`` (compare.md).

    Raises :class:`InvalidInput` when the rounds use different instruments. Results
    already computed for either round may be passed in to save recomputing them.
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

    return compare(a, b, linked.list_recommendations())


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
