"""Each round's results revision and the results cache that hangs on it.

Every write that changes what a round's results count (a submission, a reopening, an
import, a paper form, an agreed grade, a changed k or gap threshold) calls :func:`bump`
in its own transaction. The computed results document is kept in the database, one row
a round, with the revision it was computed at: every worker of every server reads the
same row, so none can serve numbers another has already seen change, and a revision
always stands for one set of numbers.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from selfassess import unit_of_work
from selfassess.extensions import db
from selfassess.models import ResultsCache, Round
from selfassess.models.types import utcnow

#: The upsert of each database (both spell ``ON CONFLICT ... DO UPDATE`` alike).
UPSERTS: dict[str, Callable[..., Any]] = {
    "sqlite": sqlite.insert,
    "postgresql": postgresql.insert,
}


def bump(round_id: int) -> None:
    """Mark the round's results as changed; part of the caller's transaction, so the
    revision moves exactly when the change is committed."""
    db.session.execute(
        update(Round)
        .where(Round.id == round_id)
        .values(results_revision=Round.results_revision + 1)
        .execution_options(synchronize_session="fetch")
    )


def current(round_id: int) -> int:
    """The committed revision, read afresh (not from the session's copy of the round)."""
    return int(db.session.scalar(select(Round.results_revision).where(Round.id == round_id)) or 0)


def results_document(round_: Round) -> dict[str, Any]:
    """The results document of scoring.md for ``round_``: the cached one when it was
    computed at the current revision, else computed now and shared.

    A document is stored only if the revision did not move while it was computed, so a
    stored revision never labels numbers from a later one. Call it before any write of
    your own in the request: storing commits."""
    # results import this module (through consensus)
    from selfassess.services.results import draft_count, round_results

    before = current(round_.id)
    cached = db.session.execute(
        select(ResultsCache.revision, ResultsCache.document).where(
            ResultsCache.round_id == round_.id
        )
    ).first()
    if cached is not None and cached.revision == before:
        document: dict[str, Any] = json.loads(cached.document)
        # Drafts are counted as they come and go, without bumping: read them live.
        document["responses"]["draft"] = draft_count(round_)
        return document
    document = round_results(round_).as_dict
    if current(round_.id) == before:
        _store(round_.id, before, json.dumps(document, ensure_ascii=False))
    return document


def _store(round_id: int, revision: int, text: str) -> None:
    insert = UPSERTS[db.session.get_bind().dialect.name]
    statement = insert(ResultsCache).values(
        round_id=round_id, revision=revision, document=text, computed_at=utcnow()
    )
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[ResultsCache.round_id],
            set_={
                "revision": statement.excluded.revision,
                "document": statement.excluded.document,
                "computed_at": statement.excluded.computed_at,
            },
            # An older computation finishing late never overwrites a newer one.
            where=ResultsCache.revision <= statement.excluded.revision,
        )
    )
    # Committed at once, deliberately: every worker reads this one row, and a document
    # computed by a page that then fails is still right for its revision.
    unit_of_work.commit()
