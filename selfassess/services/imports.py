"""Importing submitted responses from a file (paper forms typed in, other tools)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert

from selfassess.extensions import db
from selfassess.imports import ParsedResponse, parse_responses
from selfassess.instrument.answers import stored_number
from selfassess.instrument.model import Definition
from selfassess.models import Answer, Response, ResponseSource, ResponseState, Round
from selfassess.services import audit, revisions
from selfassess.services.errors import InvalidInput

#: Rows per INSERT statement batch.
BATCH = 5000


def import_file(
    round_: Round, data: bytes, filename: str, source: ResponseSource = ResponseSource.IMPORT
) -> int:
    """Validate every cell, then store all responses as submitted, or nothing at all.

    Raises :class:`InvalidInput` listing every problem as ``FILE:ROW:COLUMN: message``.
    A closed round still accepts imports (paper forms typed in later). Returns the
    number of responses imported. ``source`` is their channel: ``paper`` for paper forms
    typed into a spreadsheet.
    """
    definition = round_.version.load()
    parsed, problems = parse_responses(data, filename, definition)
    if problems:
        raise InvalidInput(f"{filename}: nothing imported", problems)
    if not parsed:
        raise InvalidInput(f"{filename}: the file has no responses")
    store_submitted(round_, definition, parsed, source)
    audit.record(
        "responses.import",
        round_.slug,
        file=Path(filename).name,
        count=len(parsed),
        channel=source.value,
    )
    db.session.flush()
    return len(parsed)


def store_submitted(
    round_: Round,
    definition: Definition,
    parsed: list[ParsedResponse],
    source: ResponseSource = ResponseSource.IMPORT,
) -> None:
    """Insert submitted responses and their answers in bulk (the caller commits)."""
    revisions.bump(round_.id)
    at = round_.timestamp()
    questions = {q.key: q for q in definition.iter_questions()}
    connection = db.session.connection()
    write_answers = _answer_writer(connection)
    to_db = Answer.__table__.c.updated_at.type.bind_processor(connection.dialect)
    stamp = to_db(at) if to_db else at
    for start in range(0, len(parsed), BATCH):
        chunk = parsed[start : start + BATCH]
        ids = db.session.scalars(
            insert(Response).returning(Response.id, sort_by_parameter_order=True),
            [
                {
                    "round_id": round_.id,
                    "role": item.role,
                    "profile": item.profile,
                    "state": ResponseState.SUBMITTED,
                    "source": source,
                    "started_at": at,
                    "updated_at": at,
                    "submitted_at": at,
                }
                for item in chunk
            ],
        ).all()
        rows = [
            (
                response_id,
                question,
                value or "",
                stored_number(questions[question], value),
                comment,
                stamp,
            )
            for response_id, item in zip(ids, chunk, strict=True)
            # Sorted: rows arrive in the order of the (response, question) index.
            for question, (value, comment) in sorted(item.answers.items())
        ]
        if rows:
            write_answers(rows)


#: Answer columns written by :func:`store_submitted`, in the order of its row tuples.
ANSWER_COLUMNS = ("response_id", "question", "value", "numeric", "comment", "updated_at")


def _answer_writer(connection: Connection) -> Callable[[list[tuple[Any, ...]]], None]:
    """The fastest bulk write of answer rows the database offers.

    At hundreds of thousands of rows, SQLAlchemy's per-row parameter processing costs
    more than the insert itself, so rows go to the driver as plain values (the timestamp
    is converted once): PostgreSQL's COPY, else the driver's executemany.
    """
    columns = ", ".join(ANSWER_COLUMNS)
    if connection.dialect.name == "postgresql":

        def copy(rows: list[tuple[Any, ...]]) -> None:
            cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
            with cursor.copy(f"COPY {Answer.__tablename__} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)

        return copy
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    marks = ", ".join([mark] * len(ANSWER_COLUMNS))
    # Names are this module's constants; every value is a bound parameter.
    sql = f"INSERT INTO {Answer.__tablename__} ({columns}) VALUES ({marks})"  # noqa: S608
    return lambda rows: connection.exec_driver_sql(sql, rows)  # type: ignore[arg-type]
