"""Parse register import files: bodies, recommendations and actions (recommendations.md).

Pure: bytes and what the database knows in, parsed rows and error lines out. Every
problem is reported as ``FILE:ROW:COLUMN: message`` (``FILE:SHEET!ROW:COLUMN:`` on a
workbook sheet other than the first); any error means nothing is returned, so the
service stores all or nothing. Files are read by the response import's safe readers.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from selfassess.imports.responses import (
    MAX_COLUMNS,
    MAX_ERRORS,
    InvalidFile,
    _cell_text,
    _check_archive,
    _csv_rows,
    _limited,
    _quote,
)
from selfassess.recommendations.rules import (
    ACTION_STATUSES,
    BODY_KEY,
    LANGUAGE,
    LINK,
    MAX_KEY,
    MAX_REF,
    RECOMMENDATION_STATUSES,
    REF,
    SDG,
)

Rows = list[tuple[int, list[str]]]
SPLIT = re.compile(r"[\s,;]+")
#: A date cell of a workbook reads as ``2026-03-31T00:00:00``.
MIDNIGHT = "T00:00:00"


@dataclass(frozen=True)
class Known:
    """What the database holds, for the checks that need it."""

    bodies: frozenset[str] = frozenset()
    #: Instrument key -> dimension and question keys of all its loaded versions.
    items: dict[str, frozenset[str]] = field(default_factory=dict)
    recommendations: frozenset[str] = frozenset()
    #: (recommendation ref, action ref) pairs in the register.
    actions: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class BodyRow:
    key: str
    name: dict[str, str]


@dataclass(frozen=True)
class RecommendationRow:
    ref: str
    #: Language -> text, for the languages whose column the file has (empty: remove).
    text: dict[str, str]
    source: str
    links: tuple[str, ...]
    responsible: tuple[str, ...]
    sdg: tuple[str, ...]
    #: None: the file leaves it (a new recommendation is ``proposed``).
    status: str | None
    due: date | None
    #: The columns the file has: a column it lacks leaves that field as it is.
    present: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ActionRow:
    recommendation: str
    ref: str
    text: dict[str, str]
    responsible: str | None
    start: date | None
    due: date | None
    status: str | None
    present: frozenset[str] = frozenset()


@dataclass
class RegisterFile:
    recommendations: list[RecommendationRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)


@dataclass
class _Errors:
    filename: str
    lines: list[str] = field(default_factory=list)

    def add(self, where: str, row: int, column: str, message: str) -> None:
        if len(self.lines) < MAX_ERRORS:
            self.lines.append(f"{self.filename}:{where}{row}:{column}: {message}")

    def whole_file(self, message: str) -> None:
        self.lines.append(f"{self.filename}: {message}")


class _Sheet:
    """One table of the file: its header, its rows, and where its errors point."""

    def __init__(self, rows: Rows, where: str, errors: _Errors) -> None:
        self.where = where
        self.errors = errors
        self.header = [cell.strip() for cell in rows[0][1]] if rows else []
        self.rows = [(n, cells) for n, cells in rows[1:] if any(cells)]
        self.columns: dict[str, int] = {}
        for index, name in enumerate(self.header):
            key = name if name.startswith(("text::", "name::")) else name.lower()
            if not key:
                continue
            if key in self.columns:
                self.error(1, name, "this column appears twice")
            self.columns[key] = index

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.add(self.where, row, column, message)

    def require(self, *names: str) -> bool:
        missing = [name for name in names if name not in self.columns]
        for name in missing:
            self.error(1, name, "missing column")
        return not missing

    def languages(self, prefix: str) -> list[str]:
        found = []
        for name in self.columns:
            if name.startswith(prefix):
                lang = name[len(prefix) :]
                if LANGUAGE.fullmatch(lang):
                    found.append(lang)
                else:
                    self.error(1, name, f"{_quote(lang)} is not a language code such as en or mn")
        return found

    def cell(self, cells: list[str], name: str) -> str:
        index = self.columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""


class _Row:
    """One row being checked: every cell's problem is reported, ``ok`` says if any was."""

    def __init__(self, sheet: _Sheet, number: int, cells: list[str]) -> None:
        self.sheet, self.number, self.cells = sheet, number, cells
        self.ok = True

    def fail(self, column: str, message: str) -> None:
        self.sheet.error(self.number, column, message)
        self.ok = False

    def checked(self, column: str, check: Callable[[str], Any]) -> Any:
        try:
            return check(self.sheet.cell(self.cells, column))
        except ValueError as exc:
            self.fail(column, str(exc))
            return None


# -- reading ---------------------------------------------------------------------------


def _tables(data: bytes, filename: str) -> list[tuple[str, Rows]]:
    """(sheet name, rows) of the file: one unnamed table for a CSV."""
    if filename.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
        return _workbook(data)
    return [("", list(_limited(_csv_rows(data))))]


def _workbook(data: bytes) -> list[tuple[str, Rows]]:
    data = _check_archive(data)
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a broken workbook raises anything from zip to XML errors
        raise InvalidFile(f"not a readable XLSX workbook ({type(exc).__name__})") from None
    try:
        if not book.worksheets:
            raise InvalidFile("the workbook has no worksheet")
        return [(sheet.title, list(_limited(_sheet_rows(sheet)))) for sheet in book.worksheets]
    finally:
        book.close()


def _sheet_rows(sheet: Any) -> Iterator[tuple[int, list[str]]]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sheet.reset_dimensions()  # trust the cells, not the declared size
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                last = len(row)
                while last and row[last - 1] is None:
                    last -= 1
                yield number, [_cell_text(v) for v in row[: min(last, MAX_COLUMNS + 1)]]
    except InvalidFile:
        raise
    except Exception as exc:  # broken sheet XML, bad numbers, ...
        raise InvalidFile(f"not a readable XLSX workbook ({type(exc).__name__})") from None


# -- cell checks: raw text in, value out, ValueError with the message -------------------


def _ref(raw: str) -> str:
    if len(raw) > MAX_REF or not REF.fullmatch(raw):
        raise ValueError(
            f"{_quote(raw)} is not a reference (letters, digits and . _ / -, "
            f"starting with a letter or digit, at most {MAX_REF} characters)"
        )
    return raw


def _date(raw: str) -> date | None:
    if not raw:
        return None
    text = raw.removesuffix(MIDNIGHT)
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{_quote(raw)} is not a date (YYYY-MM-DD)") from None


def _status(choices: tuple[str, ...]) -> Callable[[str], str | None]:
    def check(raw: str) -> str | None:
        if not raw:
            return None
        value = raw.lower()
        if value not in choices:
            raise ValueError(f"{_quote(raw)} is not a status ({', '.join(choices)})")
        return value

    return check


def _words(raw: str) -> list[str]:
    return list(dict.fromkeys(word for word in SPLIT.split(raw) if word))


# -- bodies ----------------------------------------------------------------------------


def parse_bodies(data: bytes, filename: str) -> tuple[list[BodyRow], list[str]]:
    """Bodies of a CSV or XLSX (``key``, ``name::LANG``...): rows, or every error."""
    errors = _Errors(filename)
    parsed: list[BodyRow] = []
    try:
        tables = _tables(data, filename)
        sheet = _Sheet(tables[0][1], "", errors)
        if not sheet.header:
            raise InvalidFile("the file is empty: expected a header row")
        languages = sheet.languages("name::")
        if sheet.require("key") and not languages:
            sheet.error(1, "name::en", "missing column (one name::LANG column or more)")
        seen: set[str] = set()
        for number, cells in sheet.rows if not errors.lines else []:
            key = sheet.cell(cells, "key")
            if len(key) > MAX_KEY or not BODY_KEY.fullmatch(key):
                sheet.error(number, "key", f"{_quote(key)} is not a key (a-z, 0-9, _ and -)")
                continue
            if key in seen:
                sheet.error(number, "key", f"{key} appears twice in the file")
            seen.add(key)
            name = {lang: sheet.cell(cells, f"name::{lang}") for lang in languages}
            if not any(name.values()):
                sheet.error(number, f"name::{languages[0]}", "a body needs a name")
            parsed.append(BodyRow(key, name))
    except InvalidFile as exc:
        errors.whole_file(str(exc))
    return ([] if errors.lines else parsed), errors.lines


# -- recommendations and actions -------------------------------------------------------


def parse_register(data: bytes, filename: str, known: Known) -> tuple[RegisterFile, list[str]]:
    """Recommendations and actions of a CSV or XLSX: everything, or every error."""
    errors = _Errors(filename)
    result = RegisterFile()
    try:
        tables = _tables(data, filename)
        chosen = _choose(tables)
        if not chosen:
            raise InvalidFile("the file is empty: expected a header row")
        file_refs: set[str] = set()
        for kind, index, rows in chosen:
            where = f"{tables[index][0]}!" if index else ""
            sheet = _Sheet(rows, where, errors)
            if kind == "recommendations":
                result.recommendations = _recommendations(sheet, known)
                file_refs = {r.ref for r in result.recommendations}
            else:
                result.actions = _actions(sheet, known, file_refs)
    except InvalidFile as exc:
        errors.whole_file(str(exc))
    return (RegisterFile() if errors.lines else result), errors.lines


def _choose(tables: list[tuple[str, Rows]]) -> list[tuple[str, int, Rows]]:
    """The recommendations table, then the actions table: by sheet name, else the first
    table, which is an actions table when it has a column ``action``."""
    named = {name.strip().lower(): i for i, (name, _) in enumerate(tables)}
    picked = [(kind, named[kind]) for kind in ("recommendations", "actions") if kind in named]
    if not picked and tables and tables[0][1]:
        header = {cell.strip().lower() for cell in tables[0][1][0][1]}
        picked = [("actions" if "action" in header else "recommendations", 0)]
    return [(kind, i, tables[i][1]) for kind, i in picked if tables[i][1]]


def _texts(sheet: _Sheet, cells: list[str], languages: list[str]) -> dict[str, str]:
    return {lang: sheet.cell(cells, f"text::{lang}") for lang in languages}


def _check_text(
    sheet: _Sheet, number: int, text: dict[str, str], languages: list[str], new: bool
) -> None:
    if not any(text.values()) and (languages or new):
        column = f"text::{languages[0]}" if languages else "text::en"
        sheet.error(number, column, "a text in at least one language is needed")


def _recommendations(sheet: _Sheet, known: Known) -> list[RecommendationRow]:
    if not sheet.require("ref"):
        return []
    languages = sheet.languages("text::")
    status = _status(RECOMMENDATION_STATUSES)
    rows: list[RecommendationRow] = []
    seen: set[str] = set()
    for number, cells in sheet.rows:
        row = _Row(sheet, number, cells)
        checked = row.checked
        ref = checked("ref", _ref)
        if ref is not None and ref in seen:
            row.fail("ref", f"{ref} appears twice in the file")
        if ref is not None:
            seen.add(ref)
        text = _texts(sheet, cells, languages)
        _check_text(sheet, number, text, languages, ref not in known.recommendations)
        links = checked("links", lambda raw: parse_links(raw, known))
        responsible = checked("responsible", lambda raw: _bodies(raw, known))
        sdg = checked("sdg", parse_sdg)
        state = checked("status", status)
        due = checked("due", _date)
        if row.ok and ref is not None:
            rows.append(
                RecommendationRow(
                    ref=ref,
                    text=text,
                    source=sheet.cell(cells, "source"),
                    links=tuple(links),
                    responsible=tuple(responsible),
                    sdg=tuple(sdg),
                    status=state,
                    due=due,
                    present=frozenset(sheet.columns),
                )
            )
    return rows


def parse_links(raw: str, known: Known) -> list[str]:
    links = _words(raw)
    for link in links:
        match = LINK.fullmatch(link)
        if not match:
            raise ValueError(f"{_quote(link)} is not a link INSTRUMENT:ITEM")
        instrument, item = match.groups()
        if instrument not in known.items:
            raise ValueError(f"{_quote(link)}: no questionnaire {instrument} is loaded")
        if item not in known.items[instrument]:
            raise ValueError(
                f"{_quote(link)}: no loaded version of {instrument} has a dimension "
                f"or question {item}"
            )
    return links


def _bodies(raw: str, known: Known) -> list[str]:
    keys = _words(raw)
    unknown = [key for key in keys if key not in known.bodies]
    if unknown:
        raise ValueError(f"unknown body {', '.join(_quote(k) for k in unknown)}")
    return keys


def parse_sdg(raw: str) -> list[str]:
    targets = _words(raw)
    for target in targets:
        if not SDG.fullmatch(target):
            raise ValueError(f"{_quote(target)} is not an SDG target such as 5.5 or 16.7")
    return targets


def _actions(sheet: _Sheet, known: Known, file_refs: set[str]) -> list[ActionRow]:
    if not sheet.require("recommendation", "action"):
        return []
    languages = sheet.languages("text::")
    status = _status(ACTION_STATUSES)
    rows: list[ActionRow] = []
    seen: set[tuple[str, str]] = set()
    for number, cells in sheet.rows:
        row = _Row(sheet, number, cells)
        checked = row.checked
        parent = checked("recommendation", _ref)
        if parent is not None and parent not in file_refs and parent not in known.recommendations:
            row.fail("recommendation", f"unknown recommendation {parent}")
        ref = checked("action", _ref)
        if parent is not None and ref is not None:
            if (parent, ref) in seen:
                row.fail("action", f"action {ref} of {parent} appears twice in the file")
            seen.add((parent, ref))
        text = _texts(sheet, cells, languages)
        _check_text(sheet, number, text, languages, (parent, ref) not in known.actions)
        responsible = checked("responsible", lambda raw: _one_body(raw, known))
        start = checked("start", _date)
        due = checked("due", _date)
        state = checked("status", status)
        if start and due and due < start:
            row.fail("due", f"{due} is before the start {start}")
        if row.ok and parent is not None and ref is not None:
            present = frozenset(sheet.columns)
            rows.append(ActionRow(parent, ref, text, responsible, start, due, state, present))
    return rows


def _one_body(raw: str, known: Known) -> str | None:
    keys = _bodies(raw, known)
    if len(keys) > 1:
        raise ValueError("an action has one responsible body")
    return keys[0] if keys else None
