"""Parse a panel's session worksheet (consensus.md): agreed grades from CSV or XLSX.

Pure: bytes in, rows or every error out. The file is read by the one reader of untrusted
tables with the response import's limits, and its problems collected by the one
collector, so every import accepts the same files and says the same things about broken
ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from selfassess.imports.responses import limits, problems
from selfassess.instrument.model import Definition
from selfassess.scoring.consensus import canonical_grade, grade_values
from selfassess.tabular.cells import quote
from selfassess.tabular.problems import Problems
from selfassess.tabular.reader import Rows, Unreadable, read_rows

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
    errors = problems(filename)
    parsed: list[ParsedGrade] = []
    try:
        rows = read_rows(data, filename, limits(), errors)
        header_row = next(rows, None)
        if header_row is None:
            raise Unreadable("the file is empty: expected a header row")
        columns = _header(header_row[1], errors)
        if columns is not None:
            parsed = _rows(rows, columns, definition, errors)
    except Unreadable as exc:
        errors.whole_file(str(exc))
    lines = errors.lines()
    return ([] if lines else parsed), lines


def _header(header: list[str], errors: Problems) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = raw.strip().lower()
        if name not in REQUIRED + OPTIONAL:
            continue
        if name in columns:
            errors.at(1, name, f"duplicate column (also column {columns[name] + 1})")
        else:
            columns[name] = index
    missing = [name for name in REQUIRED if name not in columns]
    for name in missing:
        errors.at(1, name, f"the column {name!r} is missing")
    return None if missing else columns


def _rows(
    rows: Rows,
    columns: dict[str, int],
    definition: Definition,
    errors: Problems,
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
            errors.at(number, "question", "the question is empty")
        elif key in first_row:
            errors.at(number, "question", f"question {key} twice (first on row {first_row[key]})")
        elif question is None:
            errors.at(number, "question", f"unknown question {quote(key)}")
        elif not question.panel:
            errors.at(number, "question", f"question {key} is not graded by the panel")
        if key and key not in first_row:
            first_row[key] = number
        grade: str | None = None
        if question is not None and question.panel and raw_grade:
            grade = canonical_grade(definition, question, raw_grade)
            if grade is None:
                accepted = ", ".join(grade_values(definition, question))
                errors.at(
                    number,
                    "grade",
                    f"{quote(raw_grade)} is not a point value nor a missing code of "
                    f"scale {question.scale} ({accepted})",
                )
        texts = {name: cell(cells, name) for name in OPTIONAL}
        for name, value in texts.items():
            if value is not None and len(value) > MAX_TEXT:
                errors.at(number, name, f"longer than {MAX_TEXT} characters")
        evidence, notes = (
            None if value is None else normalise_text(value) for value in texts.values()
        )
        parsed.append(ParsedGrade(number, key, grade, evidence, notes))
    return parsed
