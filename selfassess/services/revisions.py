"""Each round's results revision and the results cache that hangs on it.

Every write that changes what a round's results count (a submission, a reopening, an
import, a paper form, an agreed grade, a changed k or gap threshold) calls :func:`bump`
in its own transaction; deleting a counted response bumps by itself (:func:`_deleted`).
The computed results document is kept in the database, one row a round, with the
revision it was computed at: every worker of every server reads the same row, so none
can serve numbers another has already seen change, and a revision always stands for one
set of numbers. Beside the document the row keeps the dashboard's
view of the same computation (``services/results_view.py``): pages and the report read
both and compute nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, select, update
from sqlalchemy.dialects import postgresql, sqlite

from selfassess import unit_of_work
from selfassess.extensions import db
from selfassess.models import Response, ResponseState, ResultsCache, Round
from selfassess.models.base import Base
from selfassess.models.types import utcnow
from selfassess.services.results_view import CachedResults, view_of

if TYPE_CHECKING:
    from selfassess.services.results import Counted

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


@event.listens_for(Response, "after_delete")
def _deleted(_mapper: Any, connection: Any, response: Response) -> None:
    """A response deleted through the ORM (``session.delete``) that was counted bumps its
    round in the same flush: no code path may forget it. Bulk ``delete()`` statements do
    not pass here; a service issuing one calls :func:`bump` itself."""
    if response.state is ResponseState.SUBMITTED or response.reopened:
        connection.execute(
            update(Round.__table__)
            .where(Round.__table__.c.id == response.round_id)
            .values(results_revision=Round.__table__.c.results_revision + 1)
        )


def current(round_id: int) -> int:
    """The committed revision, read afresh (not from the session's copy of the round)."""
    return int(db.session.scalar(select(Round.results_revision).where(Round.id == round_id)) or 0)


def results_document(round_: Round) -> dict[str, Any]:
    """The results document of scoring.md for ``round_``: the cached one when it was
    computed at the current revision, else computed now and shared. Call it before any
    write of your own in the request: storing commits."""
    return cached_results(round_).document


def cached_results(round_: Round, read: Counted | None = None) -> CachedResults:
    """The results document of ``round_`` and the dashboard's view of the same
    computation, both cached at the current revision (computed now and shared if not).

    They are stored only if the revision did not move while they were computed, so a
    stored revision never labels numbers from a later one. Fresh or cached, both are
    read back from the stored JSON text, so every caller sees the same values.
    ``read``: the round's counted responses as the caller read them
    (``results.counted``), computed from when the cache is stale at the revision they
    were read at. Call it before any write of your own in the request: storing commits."""
    # results import this module (through consensus)
    from selfassess.services.results import draft_count, round_results

    before = current(round_.id)
    cached = db.session.execute(
        select(ResultsCache.revision, ResultsCache.document, ResultsCache.view).where(
            ResultsCache.round_id == round_.id
        )
    ).first()
    if (
        cached is not None
        and cached.revision == before
        and cached.view is not None
        and VIEW_MARK in cached.view  # not a view an older release stored
    ):
        text, view = cached.document, cached.view
        # Drafts are counted as they come and go, without bumping: read them live.
        drafts = draft_count(round_)
    else:
        outcome = round_results(round_, read if read and read.revision == before else None)
        text = json.dumps(outcome.as_dict, ensure_ascii=False)
        view = json.dumps(view_of(outcome), ensure_ascii=False)
        drafts = outcome.draft_count
        if current(round_.id) == before:
            _store(round_.id, before, text, view)
    parsed, view_parsed = _parsed(round_.id, before, text, view)
    # A copy down to the one live number: the parsed rows are shared by later requests.
    document = {**parsed, "responses": {**parsed["responses"], "draft": drafts}}
    return CachedResults(round_, round_.version.load(), before, document, view_parsed)


#: A key every stored view holds since the workbook reads it (``results_view.view_of``):
#: a view without it (an older release's, during a rolling upgrade) is computed again.
VIEW_MARK = '"protected":'

#: The last rows this process parsed, by round: (revision, texts, parsed). Parsing a
#: large round's JSON costs more than reading it, and the same text parses the same.
_PARSED: dict[int, tuple[int, str, str, dict[str, Any], dict[str, Any]]] = {}
#: Rounds whose parsed rows a process keeps.
PARSED_ROUNDS = 4


def _parsed(
    round_id: int, revision: int, text: str, view: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    kept = _PARSED.get(round_id)
    if kept is not None and kept[:3] == (revision, text, view):
        return kept[3], kept[4]
    parsed = json.loads(text), json.loads(view)
    _PARSED.pop(round_id, None)
    while len(_PARSED) >= PARSED_ROUNDS:
        _PARSED.pop(next(iter(_PARSED)))
    _PARSED[round_id] = (revision, text, view, *parsed)
    return parsed


def _store(round_id: int, revision: int, text: str, view: str) -> None:
    store(
        ResultsCache, {"round_id": round_id}, {"revision": revision, "document": text, "view": view}
    )


def store(model: type[Base], keys: dict[str, int], values: dict[str, Any]) -> None:
    """Insert or replace the cache row of ``model`` at ``keys`` with ``values`` (which hold
    its ``revision``), and commit; a computation finishing late at an older revision
    never overwrites a newer one."""
    insert = UPSERTS[db.session.get_bind().dialect.name]
    statement = insert(model).values(**keys, **values, computed_at=utcnow())
    table = model.__table__
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[table.c[key] for key in keys],
            set_={name: statement.excluded[name] for name in [*values, "computed_at"]},
            where=table.c.revision <= statement.excluded.revision,
        )
    )
    # Committed at once, deliberately: every worker reads this one row, and a document
    # computed by a page that then fails is still right for its revision.
    unit_of_work.commit()
