"""Parse a panel's session worksheet (consensus.md): agreed grades from CSV or XLSX.

Pure: bytes in, rows or every error out. The file is read by the response import's
readers (the same limits, the same defences against hostile workbooks), so the two
imports accept the same files and say the same things about broken ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from selfassess.imports.cells import _quote
from selfassess.imports.responses import InvalidFile, _Errors, _limited, _read
from selfassess.instrument.model import Definition
from selfassess.scoring.consensus import canonical_grade, grade_values

#: The columns the import reads; any other column is ignored (the export's reference
#: columns, notes of a secretary), so the session worksheet imports back as it is.
REQUIRED = ("question", "grade")
OPTIONAL = ("evidence", "notes")
#: Longest evidence or notes text, in characters (an Excel cell holds 32,767).
MAX_TEXT = 20_000


@dataclass(frozen=True)
class ParsedGrade:
    """One row: the question's new grade (None removes it); evidence and notes are None
    when the file has no such column (the current text is then kept)."""

    row: int
    question: str
    grade: str | None
    evidence: str | None
    notes: str | None


def normalise_text(value: str) -> str:
    """Texts as stored: line ends ``\\n``, no surrounding blanks (a spreadsheet cell
    gives no more), so the same text read back from a worksheet compares equal."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def parse_grades(
    data: bytes, filename: str, definition: Definition
) -> tuple[list[ParsedGrade], list[str]]:
    """The rows of a grades file, or no rows and every error as ``FILE:ROW:COLUMN: msg``."""
    errors = _Errors(filename)
    parsed: list[ParsedGrade] = []
    try:
        rows = _limited(_read(data, filename))
        header_row = next(rows, None)
        if header_row is None:
            raise InvalidFile("the file is empty: expected a header row")
        columns = _header(header_row[1], errors)
        if columns is not None:
            parsed = _rows(rows, columns, definition, errors)
    except InvalidFile as exc:
        errors.whole_file(str(exc))
    lines = errors.result()
    return ([] if lines else parsed), lines


def _header(header: list[str], errors: _Errors) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = raw.strip().lower()
        if name not in REQUIRED + OPTIONAL:
            continue
        if name in columns:
            errors.add(1, name, f"duplicate column (also column {columns[name] + 1})")
        else:
            columns[name] = index
    missing = [name for name in REQUIRED if name not in columns]
    for name in missing:
        errors.add(1, name, f"the column {name!r} is missing")
    return None if missing else columns


def _rows(
    rows: Iterator[tuple[int, list[str]]],
    columns: dict[str, int],
    definition: Definition,
    errors: _Errors,
) -> list[ParsedGrade]:
    questions = {q.key: q for q in definition.iter_questions()}
    first_row: dict[str, int] = {}
    parsed = []

    def cell(cells: list[str], name: str) -> str | None:
        if name not in columns:
            return None
        index = columns[name]
        return cells[index] if index < len(cells) else ""

    for number, cells in rows:
        if not any(cells):
            continue
        key = cell(cells, "question") or ""
        raw_grade = cell(cells, "grade") or ""
        question = questions.get(key)
        if not key:
            errors.add(number, "question", "the question is empty")
        elif key in first_row:
            errors.add(number, "question", f"question {key} twice (first on row {first_row[key]})")
        elif question is None:
            errors.add(number, "question", f"unknown question {_quote(key)}")
        elif not question.panel:
            errors.add(number, "question", f"question {key} is not graded by the panel")
        if key and key not in first_row:
            first_row[key] = number
        grade: str | None = None
        if question is not None and question.panel and raw_grade:
            grade = canonical_grade(definition, question, raw_grade)
            if grade is None:
                accepted = ", ".join(grade_values(definition, question))
                errors.add(
                    number,
                    "grade",
                    f"{_quote(raw_grade)} is not a point value nor a missing code of "
                    f"scale {question.scale} ({accepted})",
                )
        texts = {name: cell(cells, name) for name in OPTIONAL}
        for name, value in texts.items():
            if value is not None and len(value) > MAX_TEXT:
                errors.add(number, name, f"longer than {MAX_TEXT} characters")
        evidence, notes = (
            None if value is None else normalise_text(value) for value in texts.values()
        )
        parsed.append(ParsedGrade(number, key, grade, evidence, notes))
    return parsed
