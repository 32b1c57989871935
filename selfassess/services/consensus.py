"""Agreed grades of a round's panel (consensus.md): record, import, read, score.

Every change adds a :class:`GradeVersion`; the current grade of a question is its highest
version. A save names the version it was based on: when someone else saved meanwhile,
it is refused with :class:`GradeConflict` (both versions survive: theirs is stored, and
the refused one is handed back to be kept or dropped). Services flush; the edge commits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from selfassess.extensions import db
from selfassess.imports.grades import MAX_TEXT, normalise_text, parse_grades
from selfassess.instrument.model import Definition, Question
from selfassess.models import Account, GradeSource, GradeVersion, PanelSession, Round
from selfassess.models.types import utcnow
from selfassess.scoring.consensus import canonical_grade, consensus_scores, panel_questions
from selfassess.services import audit, revisions
from selfassess.services.errors import Conflict, InvalidInput, NotFound

#: At most this many evidence links per grade, each at most this long.
MAX_LINKS = 20
MAX_LINK = 2000
LINK = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
#: The texts a version carries besides the grade; all of them compare for "unchanged".
TEXTS = ("evidence", "links", "notes", "dissent")


@dataclass(frozen=True)
class GradeInput:
    """What a person submits for a question: the grade (None removes it) and the texts.
    A text left None keeps the current one (an import without a ``notes`` column)."""

    grade: str | None
    evidence: str | None = None
    links: str | None = None
    notes: str | None = None
    dissent: str | None = None


class GradeConflict(Conflict):
    """The grade changed since the version the save was based on."""

    def __init__(self, current: GradeVersion | None, attempted: GradeInput) -> None:
        super().__init__("someone else changed this grade meanwhile")
        self.current = current
        self.attempted = attempted


# -- reading ---------------------------------------------------------------------------


def current_versions(round_: Round) -> dict[str, GradeVersion]:
    """Question key -> its current (highest) version, for every question ever graded."""
    latest = (
        select(GradeVersion.question, func.max(GradeVersion.version).label("version"))
        .where(GradeVersion.round_id == round_.id)
        .group_by(GradeVersion.question)
        .subquery()
    )
    rows = db.session.scalars(
        select(GradeVersion)
        .join(
            latest,
            (GradeVersion.question == latest.c.question)
            & (GradeVersion.version == latest.c.version),
        )
        .where(GradeVersion.round_id == round_.id)
    )
    return {version.question: version for version in rows}


def current_version(round_: Round, key: str) -> GradeVersion | None:
    return db.session.scalar(
        select(GradeVersion)
        .where(GradeVersion.round_id == round_.id, GradeVersion.question == key)
        .order_by(GradeVersion.version.desc())
        .limit(1)
    )


def current_grades(round_: Round) -> dict[str, dict[str, Any]]:
    """Question key -> ``{"grade", "evidence", "notes", "recorded_by", "recorded_at"}``
    for every panel question with a current grade (``recorded_at``: an aware datetime)."""
    panel = {q.key for q in panel_questions(round_.version.load())}
    return {
        key: {
            "grade": version.grade,
            "evidence": version.evidence,
            "notes": version.notes,
            "recorded_by": version.recorded_by,
            "recorded_at": version.recorded_at,
        }
        for key, version in current_versions(round_).items()
        if key in panel and version.grade is not None
    }


def consensus_block(round_: Round) -> dict[str, Any] | None:
    """The ``consensus`` block of the results JSON; None without panel questions."""
    definition = round_.version.load()
    if not panel_questions(definition):
        return None
    grades = {key: version.grade for key, version in current_versions(round_).items()}
    return consensus_scores(definition, grades).to_dict()


def worksheet_grades(round_: Round) -> dict[str, dict[str, Any]]:
    """Question key -> ``{"grade", "evidence", "notes"}`` of every current version,
    removed grades included (their texts are still the panel's record)."""
    return {
        key: {"grade": v.grade, "evidence": v.evidence, "notes": v.notes}
        for key, v in current_versions(round_).items()
    }


def worksheet_bytes(round_: Round, lang: str = "en") -> bytes:
    """The session worksheet of ``selfassess consensus export`` (consensus.md)."""

    definition = round_.version.load()
    if not panel_questions(definition):
        raise InvalidInput(f"the questionnaire of round {round_.slug} has no panel question")
    from selfassess.exports.consensus import build_worksheet  # xlsxwriter, when used

    published = revisions.results_document(round_)
    content = build_worksheet(definition, worksheet_grades(round_), published, lang)
    audit.record("consensus.export", round_.slug, lang=lang)
    return content


def history(round_: Round, key: str) -> list[GradeVersion]:
    """Every version of a question's grade, newest first."""
    return list(
        db.session.scalars(
            select(GradeVersion)
            .where(GradeVersion.round_id == round_.id, GradeVersion.question == key)
            .order_by(GradeVersion.version.desc())
        )
    )


def panel_question(definition: Definition, key: str) -> Question:
    """The panel question ``key``; :class:`NotFound` for any other key."""
    try:
        question = definition.question(key)
    except KeyError:
        raise NotFound(f"no question {key}") from None
    if not question.panel:
        raise NotFound(f"question {key} is not graded by the panel")
    return question


# -- writing ---------------------------------------------------------------------------


def record_grade(
    round_: Round,
    key: str,
    submitted: GradeInput,
    *,
    based_on: int | None,
    actor: Account | None,
    session: PanelSession | None = None,
) -> GradeVersion | None:
    """Record a new version of the grade of question ``key`` made on top of version
    ``based_on`` (0 or None: on no grade). Returns it, or None when nothing changed.

    Raises :class:`InvalidInput` for a grade off the scale or an unusable text,
    :class:`GradeConflict` when the current version is not ``based_on``.
    """
    definition = round_.version.load()
    question = panel_question(definition, key)
    values = _checked(definition, question, submitted)
    current = current_version(round_, key)
    if (current.version if current else 0) != (based_on or 0):
        raise GradeConflict(current, submitted)
    version = _store(round_, key, values, current, actor, session, GradeSource.WEB)
    if version is not None:
        audit.record(
            "consensus.grade",
            f"{round_.slug} {key}",
            actor=actor,
            version=version.version,
            grade=version.grade,
        )
    return version


def import_grades(
    round_: Round, data: bytes, filename: str, *, actor: Account | None = None
) -> int:
    """Apply a session worksheet: every row or, on any error, nothing.

    Raises :class:`InvalidInput` with every problem as ``FILE:ROW:COLUMN: message``.
    Returns the number of grades recorded (rows whose values changed).
    """
    definition = round_.version.load()
    parsed, problems = parse_grades(data, filename, definition)
    if problems:
        raise InvalidInput(f"{filename}: nothing imported", problems)
    current = current_versions(round_)
    recorded = 0
    for row in parsed:
        values = GradeInput(row.grade, evidence=row.evidence, notes=row.notes)
        before = current.get(row.question)
        if _store(round_, row.question, values, before, actor, None, GradeSource.IMPORT):
            recorded += 1
    audit.record(
        "consensus.import", round_.slug, actor=actor, file=Path(filename).name, count=recorded
    )
    return recorded


def _checked(definition: Definition, question: Question, submitted: GradeInput) -> GradeInput:
    grade = submitted.grade
    if grade is not None and grade != "":
        grade = canonical_grade(definition, question, grade.strip())
        if grade is None:
            raise InvalidInput(f"{submitted.grade!r} is not a grade of question {question.key}")
    else:
        grade = None
    texts = {name: getattr(submitted, name) for name in TEXTS}
    for name, value in texts.items():
        if value is not None and len(value) > MAX_TEXT:
            raise InvalidInput(f"the {name} is longer than {MAX_TEXT} characters")
    links = texts["links"]
    if links is not None:
        texts["links"] = "\n".join(_checked_links(links))
    normalised = {k: normalise_text(v) if v is not None else None for k, v in texts.items()}
    return GradeInput(grade, **normalised)


def _checked_links(raw: str) -> list[str]:
    links = [line.strip() for line in raw.splitlines() if line.strip()]
    if len(links) > MAX_LINKS:
        raise InvalidInput(f"at most {MAX_LINKS} links")
    for link in links:
        if len(link) > MAX_LINK or not LINK.match(link):
            raise InvalidInput(f"not a web address (http:// or https://): {link[:80]}")
    return links


def _merge(values: GradeInput, before: GradeVersion | None) -> GradeInput:
    """Texts left None take the current version's."""
    kept = {
        name: getattr(values, name)
        if getattr(values, name) is not None
        else (getattr(before, name) if before else "")
        for name in TEXTS
    }
    return GradeInput(values.grade, **kept)


def _store(
    round_: Round,
    key: str,
    values: GradeInput,
    before: GradeVersion | None,
    actor: Account | None,
    session: PanelSession | None,
    source: GradeSource,
) -> GradeVersion | None:
    merged = _merge(values, before)
    old = (before.grade, *(getattr(before, n) for n in TEXTS)) if before else (None, "", "", "", "")
    new = (merged.grade, *(getattr(merged, n) for n in TEXTS))
    if new == old:
        return None
    version = GradeVersion(
        round_id=round_.id,
        question=key,
        version=(before.version if before else 0) + 1,
        grade=merged.grade,
        recorded_by_id=actor.id if actor else None,
        recorded_by=actor.email if actor else audit.COMMAND_LINE,
        recorded_at=utcnow(),
        session_id=session.id if session else None,
        source=source,
        **{name: getattr(merged, name) for name in TEXTS},
    )
    db.session.add(version)
    try:
        db.session.flush()
    except IntegrityError:
        # Two saves on the same version at the same instant: the other one won. The whole
        # unit of work goes (an import is all or nothing; a web save is one grade).
        db.session.rollback()
        raise GradeConflict(current_version(round_, key), values) from None
    revisions.bump(round_.id)  # an agreed grade is in the results document
    return version
