"""The express path's write of one autosaved answer, in as few round trips as it takes.

The ordinary path (``responses.save_draft``) opens a transaction, touches the response
(the lock that orders its writers, refused once it is submitted), updates the answer or
inserts it, and commits: five round trips on PostgreSQL, each with SQLAlchemy's work
around it. An autosave is nearly always one answer that keeps a value or a comment, so
the express path writes that case as one upsert guarded by the same touch:

- on PostgreSQL, a single statement in autocommit: the touch is a data-modifying ``WITH``
  whose row lock orders it against a submission, and the upsert inserts from its row, so
  a submitted response gets nothing;
- on SQLite, the touch and the upsert in the caller's transaction (each a call into the
  library, not a round trip).

Both are compiled once and run on the DBAPI cursor (``wire.Statement``). The answer's
columns are checked by the ordinary path's own code (``responses.answer_columns``) before
anything is written. Any other change (several answers at once, or one that empties an
answer, which the ordinary path then deletes) is written by ``responses.save_draft``.
"""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite

from selfassess.instrument.model import Definition
from selfassess.models import Answer, InstrumentVersion, Response, ResponseState, Round, RoundState
from selfassess.models.rounds import stamp
from selfassess.respond import wire
from selfassess.services import admission, responses
from selfassess.services.errors import Conflict

_answers, _responses = Answer.__table__, Response.__table__
_invitations = admission._invitations
#: Every column of an answer the upsert writes, with what a new row holds unless set.
ANSWER_DEFAULTS: dict[str, Any] = {"value": "", "numeric": None, "comment": None}


def save_one(
    connection: Connection,
    guard: dict[str, Any],
    draft: responses.Draft,
    definition: Definition,
    changes: list[responses.Change],
) -> bool:
    """Write ``changes`` on ``connection`` when they are one answer that keeps a value or
    a comment (on PostgreSQL one statement, so the connection may be in autocommit; on
    SQLite two, so it must be in a transaction, which the caller commits);
    ``False`` when they are not (nothing written: ``responses.save_draft`` writes them).
    ``guard``: the grant as read (``express_grants.Grant.guard``), which the write checks again.
    Raises ``InvalidInput`` for a wrong answer, and ``Conflict`` when the grant no
    longer holds (the response submitted, the round closed, an invitation revoked...),
    with nothing written."""
    if len(changes) != 1:
        return False
    (change,) = changes
    columns = responses.answer_columns(definition, draft.role, change)
    if not (columns.get("value") or columns.get("comment")):  # emptied: maybe deleted
        return False
    parameters = {
        **_touching(guard, draft),
        "b_question": change.question,
        **{f"new_{name}": columns.get(name, default) for name, default in ANSWER_DEFAULTS.items()},
    }
    names = tuple(sorted(columns))
    if connection.dialect.name == "postgresql":
        written = _upsert(names, "postgresql", touched=True).count(connection, parameters)
    else:
        written = _sqlite_write(connection, names, parameters)
    if written != 1:
        raise Conflict("this response can no longer be changed here")
    return True


def touch(connection: Connection, guard: dict[str, Any], draft: responses.Draft) -> bool:
    """The guarded touch alone, in the caller's transaction (before a write of the
    ordinary path's): whether the grant still holds, its draft now locked for the rest
    of that transaction."""
    return _TOUCH.count(connection, _touching(guard, draft)) == 1


def _touching(guard: dict[str, Any], draft: responses.Draft) -> dict[str, Any]:
    """The parameters of :data:`GUARDED_TOUCH` for ``draft`` under ``guard``."""
    return {
        **guard,
        "b_response_id": draft.id,
        "b_state": ResponseState.DRAFT,
        "b_now": stamp(draft.anonymous),
    }


def _sqlite_write(
    connection: Connection, names: tuple[str, ...], parameters: dict[str, Any]
) -> int:
    """The touch, then the upsert, in the caller's transaction."""
    if _TOUCH.count(connection, parameters) != 1:
        return 0
    return _upsert(names, "sqlite", touched=False).count(connection, parameters)


@functools.cache
def _upsert(names: tuple[str, ...], dialect: str, *, touched: bool) -> wire.Statement:
    """The upsert of an answer's ``names`` columns; ``touched``: from the rows of a
    touch of the draft in the same statement (PostgreSQL), else from the values."""
    values = {
        "response_id": bindparam("b_response_id"),
        "question": bindparam("b_question", type_=_answers.c.question.type),
        **{name: bindparam(f"new_{name}", type_=_answers.c[name].type) for name in ANSWER_DEFAULTS},
        "updated_at": bindparam("b_now", type_=_answers.c.updated_at.type),
    }
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect](_answers)
    if touched:
        touch = GUARDED_TOUCH.returning(_responses.c.id).cte("touched")
        values["response_id"] = touch.c.id
        statement = insert.from_select(list(values), select(*values.values()))
    else:
        statement = insert.values(values)
    excluded = statement.excluded
    return wire.Statement(
        statement.on_conflict_do_update(
            index_elements=[_answers.c.response_id, _answers.c.question],
            set_={name: excluded[name] for name in (*names, "updated_at")},
        )
    )


_rounds, _versions = Round.__table__, InstrumentVersion.__table__
#: The touch of a draft (``responses.TOUCH``, whose row lock orders the draft's writers)
#: only while the browser's grant still holds as it was read (``express_grants.Grant.guard``):
#: the round of that id and slug open on that version, the response of that role still
#: a draft in it, no invitation behind it revoked. A write never relies on an earlier
#: read: whatever changed since, it writes nothing and the app answers.
GUARDED_TOUCH = responses.TOUCH.where(
    _responses.c.role == bindparam("g_role"),
    select(_rounds.c.id)
    .join(_versions, _versions.c.id == _rounds.c.version_id)
    .where(
        _rounds.c.id == _responses.c.round_id,
        _rounds.c.id == bindparam("g_round_id"),
        _rounds.c.slug == bindparam("g_slug"),
        _rounds.c.state == bindparam("g_open", RoundState.OPEN, type_=_rounds.c.state.type),
        _rounds.c.anonymous == bindparam("g_anonymous"),
        _versions.c.content_hash == bindparam("g_hash"),
        ~admission.revoked(_invitations.c.id == bindparam("g_invitation_id")),
    )
    .exists(),
)
_TOUCH = wire.Statement(GUARDED_TOUCH)
