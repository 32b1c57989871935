"""Parse a response import file (interfaces.md, "Response import file").

Pure: bytes and a definition in, parsed responses and error lines out; the service
stores them. The file is read by the one reader of untrusted tables (``tabular.reader``)
and every problem is collected by the one collector (``tabular.problems``), each as
``FILE:ROW:COLUMN: message`` (ROW as a spreadsheet numbers it, the header being row 1;
COLUMN the column's header); any error means no response is returned at all: the import
is all or nothing.

Speed comes from doing the per-column work once: each column gets a check function
from :data:`CHECKS` (a lookup table by question type), and each role gets the list of
columns it may fill, so the per-cell work is a dict lookup and a call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from selfassess.instrument.answers import answer_check, comment_check, profile_check
from selfassess.instrument.model import Definition, ProfileField, Question
from selfassess.tabular.cells import quote
from selfassess.tabular.problems import Problems
from selfassess.tabular.reader import Limits, Rows, Unreadable, read_rows

#: Limits: bigger inputs are refused before parsing, with one error line.
MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 5_000
#: For XLSX: the whole archive unpacked, and how much a member may expand.
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
#: Cells of the workbook, empty ones included (10,000 responses of 200 columns).
MAX_CELLS = 2_000_000
#: Beyond this many errors, one line says how many more there were.
MAX_ERRORS = 10_000

COMMENT_PREFIX = "COMMENT:"

#: A cell check: the raw (stripped, non-empty) text in, the stored value out;
#: raises ValueError (AnswerError) with the message for the user.
Check = Callable[[str], Any]


@dataclass(frozen=True)
class ParsedResponse:
    """One row of the file: a submitted response."""

    respondent: str
    role: str
    #: Profile field key -> value (option code, number, or text), as every path stores it.
    profile: dict[str, str | int | float]
    #: Question key -> (value, comment). The value is canonical (a scale's ``3.0`` is
    #: ``3``; multi codes joined by ``;``); None when only a comment was given.
    answers: dict[str, tuple[str | None, str | None]]


def limits() -> Limits:
    """The reader's limits for a response file, which other imports share (read when
    called: tests lower them)."""
    return Limits(
        max_bytes=MAX_BYTES,
        max_rows=MAX_ROWS,
        max_columns=MAX_COLUMNS,
        max_unpacked=MAX_UNPACKED_BYTES,
        max_ratio=MAX_COMPRESSION_RATIO,
        max_cells=MAX_CELLS,
    )


def problems(filename: str) -> Problems:
    """The collector of an import's problems: at most MAX_ERRORS lines, then a count."""
    return Problems(filename, limit=MAX_ERRORS)


def parse_responses(
    data: bytes, filename: str, definition: Definition
) -> tuple[list[ParsedResponse], list[str]]:
    """Parse a CSV (UTF-8, ``,`` ``;`` or tab) or XLSX response file.

    Returns the responses and no errors, or no responses and every error found.
    """
    errors = problems(filename)
    responses: list[ParsedResponse] = []
    try:
        rows = read_rows(data, filename, limits(), errors)
        header_row = next(rows, None)
        if header_row is None:
            raise Unreadable("the file is empty: expected a header row")
        _, header = header_row
        columns = _Columns(header, definition, errors)
        responses = columns.parse(rows) if columns.usable else []
    except Unreadable as exc:
        errors.whole_file(str(exc))
    lines = errors.lines()
    return ([] if lines else responses), lines


# -- checks by type: instrument/answers.py, the one home of answer types ----------------


def _answer(definition: Definition, question: Question) -> Check:
    check = answer_check(definition, question)
    return lambda raw: check(raw).value


_comment = comment_check()


# -- columns and rows ------------------------------------------------------------------

PROFILE, ANSWER, COMMENT = "profile", "answer", "comment"


@dataclass(frozen=True)
class _Spec:
    """What one column means for one role."""

    index: int
    column: str
    kind: str
    key: str
    #: None: the column does not apply to the role; ``message`` says why.
    check: Check | None
    message: str = ""


class _Columns:
    """The header, understood once: which column is what, and per role what applies."""

    def __init__(self, header: list[str], definition: Definition, errors: Problems) -> None:
        self.errors = errors
        self.header = header
        self.width = len(header)
        questions = {q.key: q for q in definition.iter_questions()}
        profile = {p.key: p for p in definition.profile}
        checks = {q.key: _answer(definition, q) for q in questions.values()}
        self.roles = definition.role_keys
        seen: dict[str, int] = {}
        found: list[tuple[int, str, str, ProfileField | Question]] = []
        self.respondent = self.role = -1
        #: Columns without a header: a value there is an error, not silently dropped.
        self.unnamed = [index for index, name in enumerate(header) if not name]
        for index, name in enumerate(header):
            if not name:
                continue
            if name in seen:
                errors.at(1, name, f"duplicate column (also column {seen[name] + 1})")
                continue
            seen[name] = index
            if name == "respondent":
                self.respondent = index
            elif name == "role":
                self.role = index
            elif name in profile:
                found.append((index, name, PROFILE, profile[name]))
            elif name in questions:
                found.append((index, name, ANSWER, questions[name]))
            elif name.upper().startswith(COMMENT_PREFIX):
                key = name[len(COMMENT_PREFIX) :].strip()
                if key in questions:
                    found.append((index, name, COMMENT, questions[key]))
                else:
                    errors.at(1, name, f"unknown question {key!r} in a comment column")
            else:
                errors.at(
                    1,
                    name,
                    "unknown column (not respondent, role, a profile field, a question "
                    "or COMMENT:question)",
                )
        for required, index in (("respondent", self.respondent), ("role", self.role)):
            if index < 0:
                errors.at(1, required, f"the column {required!r} is missing")
        self.usable = self.respondent >= 0 and self.role >= 0
        # Answers before comments, so that a comment finds its answer already stored.
        found.sort(key=lambda f: f[2] == COMMENT)
        self.by_role = {role: self._specs(found, checks, role) for role in self.roles}
        #: For a row with an unknown role: the values are still checked.
        self.any_role = self._specs(found, checks, None)

    def _specs(
        self,
        found: list[tuple[int, str, str, ProfileField | Question]],
        checks: dict[str, Check],
        role: str | None,
    ) -> list[_Spec]:
        specs = []
        for index, name, kind, item in found:
            applies = role is None or role in item.roles
            if kind == PROFILE:
                assert isinstance(item, ProfileField)
                check = profile_check(item) if applies else None
                why = f"the profile field {item.key} does not apply to role {role}"
            elif kind == ANSWER:
                check = checks[item.key] if applies else None
                why = f"question {item.key} does not apply to role {role}"
            else:
                assert isinstance(item, Question)
                check = _comment if applies else None
                why = f"question {item.key} does not apply to role {role}"
                if not item.comment:
                    check, why = None, f"question {item.key} takes no comment"
            if isinstance(item, Question) and not item.surveyed:
                # The panel agrees its grade (consensus.md); no respondent answers it.
                check = None
                why = (
                    f"question {item.key} is graded by the panel only; respondents do not answer it"
                )
            specs.append(_Spec(index, name, kind, item.key, check, why))
        return specs

    def parse(self, rows: Rows) -> list[ParsedResponse]:
        errors, width = self.errors, self.width
        first_row: dict[str, int] = {}
        responses = []
        count = 0
        for number, cells in rows:
            if len(cells) != width:
                if len(cells) < width:
                    cells += [""] * (width - len(cells))
                else:
                    for extra in range(width, len(cells)):
                        if cells[extra]:
                            errors.at(number, f"column {extra + 1}", "a value beyond the header")
            if not any(cells):
                continue
            for index in self.unnamed:
                if cells[index]:
                    errors.at(number, f"column {index + 1}", "a value under an empty header")
            count += 1
            if count > MAX_ROWS:
                raise Unreadable(f"more than {MAX_ROWS} rows")
            respondent, role = cells[self.respondent], cells[self.role]
            if not respondent:
                errors.at(number, "respondent", "the respondent id is empty")
            elif respondent in first_row:
                errors.at(
                    number,
                    "respondent",
                    f"duplicate respondent id {quote(respondent)} (first on row "
                    f"{first_row[respondent]})",
                )
            else:
                first_row[respondent] = number
            specs = self.by_role.get(role)
            if specs is None:
                if role:
                    roles = ", ".join(self.roles)
                    errors.at(number, "role", f"unknown role {quote(role)} (roles: {roles})")
                else:
                    errors.at(number, "role", "the role is empty")
                specs = self.any_role
            profile: dict[str, str | int | float] = {}
            answers: dict[str, tuple[str | None, str | None]] = {}
            for spec in specs:
                raw = cells[spec.index]
                if not raw:
                    continue
                if spec.check is None:
                    errors.at(number, spec.column, spec.message)
                    continue
                try:
                    value = spec.check(raw)
                except ValueError as exc:
                    errors.at(number, spec.column, str(exc))
                    continue
                if spec.kind == ANSWER:
                    answers[spec.key] = (value, None)
                elif spec.kind == COMMENT:
                    answers[spec.key] = (answers.get(spec.key, (None, None))[0], value)
                else:
                    profile[spec.key] = value
            responses.append(ParsedResponse(respondent, role, profile, answers))
        return responses
