"""Demo data for comparing rounds: an earlier, closed round of the same questionnaire.

``baseline-2023`` is simulated like the demo round, then pulled down a step on part of
the answers, most in the areas a parliament typically works on first after a
self-assessment (a harassment policy, gender mainstreaming), so the comparison shows
clear progress there, little elsewhere, and a small group still suppressed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import select, update

from selfassess.extensions import db
from selfassess.instrument.answers import format_point
from selfassess.instrument.model import Definition
from selfassess.models import Response, ResponseState, Round
from selfassess.services import demo
from selfassess.services.rounds import close_round, create_round, open_round

BASELINE = "baseline-2023"
SEED = 2023
#: Per top-level dimension: the share of baseline answers one point lower than today.
LOWER = {"culture": 0.55, "mainstreaming": 0.45, "representation": 0.25, "oversight": 0.15}
OTHERS_LOWER = 0.08
OPENED, CLOSED = datetime(2023, 10, 2, tzinfo=UTC), datetime(2023, 11, 10, tzinfo=UTC)


def _lowered(definition: Definition, simulated: demo.Simulated, rng: np.random.Generator) -> None:
    """Move part of each scale answer one point down the scale (up for reverse items)."""
    for rows in simulated.answers:
        for row in rows:
            question = definition.question(row["question"])
            if question.type != "scale" or row["numeric"] is None:
                continue
            share = LOWER.get(definition.top_dimension_of(question).key, OTHERS_LOWER)
            if rng.random() >= share:
                continue
            values = sorted(float(p.value) for p in definition.scale_of(question).points)
            step = 1 if question.reverse else -1
            at = int(np.clip(values.index(float(row["numeric"])) + step, 0, len(values) - 1))
            row["numeric"] = values[at]
            row["value"] = format_point(values[at])


def load_baseline() -> Iterator[str]:
    """Create the closed baseline round (once); yields one line for the demo's output."""
    if db.session.scalar(select(Round.id).filter_by(slug=BASELINE)) is not None:
        return
    round_ = create_round(
        BASELINE, demo.QUESTIONNAIRE, title="Baseline 2023: human rights and gender"
    )
    open_round(BASELINE)
    rng = np.random.default_rng(SEED)
    definition = round_.version.load()
    simulated = demo.simulate(definition, rng)
    keep = [i for i, r in enumerate(simulated.responses) if r["state"] is ResponseState.SUBMITTED]
    simulated = demo.Simulated(
        [simulated.responses[i] for i in keep], [simulated.answers[i] for i in keep]
    )
    _lowered(definition, simulated, rng)
    for response in simulated.responses:
        for name in ("started_at", "updated_at", "submitted_at", "consented_at"):
            response[name] = response[name].replace(year=2023, month=11, day=1)
    demo._invite(round_, simulated)
    demo._insert_responses(round_, simulated)
    close_round(BASELINE)
    db.session.execute(
        update(Round)
        .where(Round.id == round_.id)
        .values(created_at=OPENED, opened_at=OPENED, closed_at=CLOSED)
    )
    db.session.flush()
    count = db.session.scalar(select(db.func.count(Response.id)).filter_by(round_id=round_.id))
    yield f"created the closed round {BASELINE} with {count} submitted responses (to compare with)"
