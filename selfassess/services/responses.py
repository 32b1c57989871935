"""Answering a round: consent, profile, answers, submission, reopening.

A response never holds who answered it. In an identified round its invitation points to
it. In an anonymous round nothing does: the draft carries a locator that only the link or
the access code recomputes, submission clears it and gives the respondent a resume code
instead, and every timestamp is kept to the day (see ``services/anonymity.py`` and the
README, "Anonymity").

Saving writes one answer at a time (an upsert on ``(response_id, question)``) and only
the answers a request carries, so two tabs saving at once lose nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import Connection, Table, bindparam, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import scoped_session
from sqlalchemy.sql.dml import Update

from selfassess import unit_of_work
from selfassess.extensions import db
from selfassess.instrument.answers import MAX_COMMENT, AnswerError, check_answer
from selfassess.instrument.model import Definition, ProfileField, Question, per_role
from selfassess.models import (
    Answer,
    Invitation,
    Response,
    ResponseState,
)
from selfassess.models.rounds import stamp
from selfassess.services import anonymity, counting, revisions
from selfassess.services.admission import linked_invitation, require_open
from selfassess.services.errors import Conflict, InvalidInput
from selfassess.services.people import profile_value


class Incomplete(InvalidInput):
    """Required questions or profile fields are unanswered; ``keys`` lists them."""

    def __init__(self, keys: list[str]) -> None:
        super().__init__(f"required items are unanswered: {', '.join(keys)}")
        self.keys = keys


@dataclass(frozen=True)
class Change:
    """What one request says about one question: ``None`` leaves a part as it is,
    an empty string clears it."""

    question: str
    value: str | None = None
    comment: str | None = None


# -- getting in ----------------------------------------------------------------------------


# -- profile --------------------------------------------------------------------------------


def editable_profile(response: Response, definition: Definition) -> list[ProfileField]:
    """Profile fields the respondent answers: those of their role that the invitation
    did not set."""
    if response.preset is not None:
        fixed = set(response.preset)
    else:  # responses started before ``preset`` was kept
        invitation = linked_invitation(response)
        fixed = set((invitation.profile if invitation else response.profile) or {})
    return profile_fields(definition, response.role, fixed)


def profile_fields(definition: Definition, role: str, fixed: Collection[str]) -> list[ProfileField]:
    """The profile fields a respondent of ``role`` answers, but the ``fixed`` ones."""
    return [f for f in definition.profile if role in f.roles and f.key not in fixed]


def save_profile(response: Response, definition: Definition, values: dict[str, str]) -> None:
    """Set the given profile values (an empty string clears one); others stay."""
    editable = {f.key: f for f in editable_profile(response, definition)}
    cleaned: dict[str, Any] = {}
    for key, raw in values.items():
        if key not in editable:
            raise InvalidInput(f"{key!r} is not a profile field you can answer")
        cleaned[key] = profile_value(editable[key], raw) if raw.strip() else None
    _lock(response, ResponseState.DRAFT)
    profile = dict(response.profile or {})
    for key, value in cleaned.items():
        if value is None:
            profile.pop(key, None)
        else:
            profile[key] = value
    response.profile = profile
    db.session.flush()


# -- answers ---------------------------------------------------------------------------------


def answers_of(response: Response) -> dict[str, Answer]:
    rows = db.session.scalars(select(Answer).filter_by(response_id=response.id))
    return {answer.question: answer for answer in rows}


class Saved(NamedTuple):
    """An answer as a page shows it: its value and comment, nothing to write back."""

    value: str
    comment: str | None


#: The statements every page view and autosave runs are plain Core on the tables:
#: built once, and no ORM step around them (building and wrapping cost more than running).
_answers, _responses = cast(Table, Answer.__table__), cast(Table, Response.__table__)
SAVED = select(_answers.c.question, _answers.c.value, _answers.c.comment).where(
    _answers.c.response_id == bindparam("response_id")
)


def saved_answers(response: Response | Draft) -> dict[str, Saved]:
    """The response's answers by question, read as plain rows (every page view reads
    them: no ORM objects to build)."""
    rows = db.session.execute(SAVED, {"response_id": response.id})
    return {question: Saved(value, comment) for question, value, comment in rows}


def applicable(definition: Definition, role: str) -> list[Question]:
    """The questions respondents of ``role`` answer, in file order."""
    return list(_applicable(definition, role))


@per_role
def _applicable(definition: Definition, role: str) -> tuple[Question, ...]:
    return tuple(q for q in definition.iter_questions() if q.applies_to(role))


@dataclass(frozen=True)
class Draft:
    """What writing a draft's answers needs to know of it: read from the loaded response,
    or from one row by the express path (``respond/express.py``)."""

    id: int
    role: str
    #: Its round's: an anonymous round keeps its timestamps to the day.
    anonymous: bool


def save_answers(response: Response, definition: Definition, changes: Iterable[Change]) -> None:
    """Write what each change carries, one answer at a time; an empty value and comment
    delete the answer. Checks every change first: nothing is written if one is wrong."""
    require_open(response.round)
    save_draft(Draft(response.id, response.role, response.round.anonymous), definition, changes)


def save_draft(
    draft: Draft,
    definition: Definition,
    changes: Iterable[Change],
    on: Connection | None = None,
) -> None:
    """:func:`save_answers` for a draft whose round the caller found open; ``on``: a
    connection in a transaction of the caller's (the express path), else the session."""
    checked = [
        (change.question, answer_columns(definition, draft.role, change))
        for change in sorted(changes, key=lambda c: c.question)  # one lock order for all
    ]
    # Nothing read from the response after the lock: its id and role never change.
    now = stamp(draft.anonymous)
    executor = db.session if on is None else on
    _touch(draft.id, ResponseState.DRAFT, now, executor)
    for question, columns in checked:
        if columns:
            _upsert(draft.id, question, columns, now, executor)
    if on is None:
        db.session.flush()


def answer_columns(definition: Definition, role: str, change: Change) -> dict[str, Any]:
    """The answer columns a change sets, checked against the question."""
    try:
        question = definition.question(change.question)
    except KeyError:
        raise InvalidInput(f"{change.question!r} is not a question of this round") from None
    if not question.surveyed:
        raise InvalidInput(f"question {question.key} is graded by the panel only")
    if not question.applies_to(role):
        raise InvalidInput(f"question {question.key} does not apply to role {role}")
    columns: dict[str, Any] = {}
    if change.value is not None:
        try:
            stored = check_answer(definition, question, change.value)
        except AnswerError as error:
            raise InvalidInput(str(error)) from None
        columns["value"], columns["numeric"] = stored.value, stored.number
    if change.comment is not None:
        if not question.comment and change.comment.strip():
            raise InvalidInput(f"question {question.key} takes no comment")
        comment = change.comment.strip()
        if len(comment) > MAX_COMMENT:  # refused, never cut: the respondent must know
            raise InvalidInput(f"the comment on {question.key} is longer than {MAX_COMMENT}")
        columns["comment"] = comment or None
    return columns


#: What runs the statements of a write: the session, or a connection of the caller's.
Executor = Connection | scoped_session[Any]


def _upsert(
    response_id: int,
    question: str,
    columns: dict[str, Any],
    now: datetime,
    executor: Executor,
) -> None:
    """Update the answer, else insert it; a concurrent insert turns into an update."""
    changed = _update_answer(tuple(sorted(columns)))
    params = {"b_response_id": response_id, "b_question": question, "b_now": now}
    params |= {f"new_{name}": value for name, value in columns.items()}
    if executor.execute(changed, params).rowcount == 0 and (  # type: ignore[attr-defined]
        columns.get("value") or columns.get("comment")
    ):
        row = {"value": "", "numeric": None, "comment": None, **columns}
        try:
            with executor.begin_nested():
                executor.execute(
                    insert(Answer).values(
                        response_id=response_id, question=question, updated_at=now, **row
                    )
                )
        except IntegrityError:  # another request inserted it first: update theirs
            executor.execute(changed, params)
    if columns.get("value") or columns.get("comment"):
        return  # the row keeps a value or a comment: nothing to delete
    executor.execute(
        delete(Answer)
        .where(
            Answer.response_id == response_id,
            Answer.question == question,
            Answer.value == "",
            or_(Answer.comment.is_(None), Answer.comment == ""),
        )
        .execution_options(synchronize_session=False)
    )


@functools.cache
def _update_answer(names: tuple[str, ...]) -> Update:
    """The update of an answer's ``names`` columns, built once per set of columns (an
    autosave runs it on every keystroke's pause; building it cost more than running it)."""
    return (
        update(_answers)
        .where(
            _answers.c.response_id == bindparam("b_response_id"),
            _answers.c.question == bindparam("b_question"),
        )
        .values(
            {**{name: bindparam(f"new_{name}") for name in names}, "updated_at": bindparam("b_now")}
        )
    )


#: Touches a response in a given state (see :func:`_lock`), built once; the express path
#: writes with it too (``respond/express_save.py``).
TOUCH = (
    update(_responses)
    .where(
        _responses.c.id == bindparam("b_response_id"), _responses.c.state == bindparam("b_state")
    )
    .values(updated_at=bindparam("b_now"))
)


def _lock(response: Response, state: ResponseState, *, refresh: bool = True) -> datetime:
    """Touch the response if it is in ``state``, which serialises writers of one response
    (a row lock on PostgreSQL, the write lock on SQLite); then read it afresh (unless
    ``refresh`` is false: the caller reads nothing that another writer may change)."""
    require_open(response.round)
    now = response.round.timestamp()
    _touch(response.id, state, now, db.session)
    if refresh:
        db.session.refresh(response)
    return now


def _touch(response_id: int, state: ResponseState, now: datetime, executor: Executor) -> None:
    """Touch the response if it is in ``state``, else refuse with a conflict (and roll
    the session back; a connection's transaction is its owner's to roll back)."""
    touched = executor.execute(
        TOUCH, {"b_response_id": response_id, "b_state": state, "b_now": now}
    )
    if touched.rowcount != 1:  # type: ignore[attr-defined]
        if executor is db.session:
            db.session.rollback()
        if state is ResponseState.DRAFT:
            raise Conflict("this response is submitted: reopen it to change it")
        raise Conflict("this response is not submitted")


# -- submission -----------------------------------------------------------------------------


def unanswered(
    response: Response,
    definition: Definition,
    answers: Mapping[str, Answer | Saved] | None = None,
) -> list[Question]:
    """Applicable questions without an answer value, in file order; ``answers``: the
    response's answers when the caller has just read them."""
    answers = answers_of(response) if answers is None else answers
    return unanswered_of(definition, response.role, answers)


def unanswered_of(
    definition: Definition, role: str, answers: Mapping[str, Answer | Saved]
) -> list[Question]:
    """:func:`unanswered` for a respondent of ``role`` whose ``answers`` these are."""
    return [
        q for q in applicable(definition, role) if not (q.key in answers and answers[q.key].value)
    ]


def missing_required(response: Response, definition: Definition) -> list[str]:
    """Keys of required profile fields, then required questions, still unanswered."""
    profile = response.profile or {}
    fields = [
        f.key
        for f in definition.profile
        if f.required and response.role in f.roles and profile.get(f.key) in (None, "")
    ]
    return fields + [q.key for q in unanswered(response, definition) if q.required]


def submit(
    response: Response, definition: Definition, invitation: Invitation | None = None
) -> str | None:
    """Submit the response; ``invitation`` is the one it was started from, if known.

    In an anonymous round the invitation is marked first, in a transaction of its own
    (:func:`anonymity.mark_submitted`), then the response is submitted without touching
    it: its draft locator cleared, and at its first submission a resume code issued,
    which is returned (only its HMAC is stored). Returns ``None`` otherwise: an identified
    round, or a resubmission, whose code stays the one the respondent noted.
    """
    missing = missing_required(response, definition)
    if missing:
        raise Incomplete(missing)
    anonymous = response.round.anonymous
    if invitation is None or invitation.round_id != response.round_id:
        invitation = linked_invitation(response)
    if anonymous and invitation is not None and not invitation.is_submitted:
        require_open(response.round)
        anonymity.mark_submitted(invitation)
    now = _lock(response, ResponseState.DRAFT)
    missing = missing_required(response, definition)
    if missing:
        db.session.rollback()
        raise Incomplete(missing)
    response.submit(now)
    counting.drop_kept(response)
    secret = None
    if anonymous:
        response.draft_key = None
        if response.resume_hash is None:
            secret = anonymity.new_resume_code()
            response.resume_hash = anonymity.resume_hash(secret)
    elif invitation is not None:
        invitation.submit()
    revisions.bump(response.round_id)
    if anonymous:
        # Deliberately committed here, not at the end of the request: what settle()
        # removes are the row versions this transaction and the mark's replaced.
        unit_of_work.commit()
        anonymity.settle()
    return secret


def reopen(response: Response) -> None:
    """Make a submitted response a draft again (while the round is open); it keeps
    counting with its submitted answers until it is submitted again."""
    _lock(response, ResponseState.SUBMITTED)
    counting.keep_submitted(response)
    response.reopen()
    invitation = linked_invitation(response)
    if invitation is not None and invitation.is_submitted:  # identified rounds keep the link
        invitation.reopen()
    revisions.bump(response.round_id)
    db.session.flush()
