"""Parse register import files: bodies, recommendations and actions (recommendations.md).

Pure: bytes and what the database knows in, parsed rows and error lines out. Every
problem is reported as ``FILE:ROW:COLUMN: message`` (``FILE:SHEET!ROW:COLUMN:`` on a
workbook sheet other than the first); any error means nothing is returned, so the
service stores all or nothing. Files are read by the one reader of untrusted tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from selfassess.imports.responses import problems
from selfassess.recommendations.rules import (
    ACTION_STATUSES,
    BODY_KEY,
    LINK,
    MAX_KEY,
    MAX_REF,
    RECOMMENDATION_STATUSES,
    REF,
    SDG,
)
from selfassess.recommendations.tables import Row, Rows, Sheet, read_tables
from selfassess.tabular.cells import quote
from selfassess.tabular.reader import Unreadable

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


# -- cell checks: raw text in, value out, ValueError with the message -------------------


def _ref(raw: str) -> str:
    if len(raw) > MAX_REF or not REF.fullmatch(raw):
        raise ValueError(
            f"{quote(raw)} is not a reference (letters, digits and . _ / -, "
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
        raise ValueError(f"{quote(raw)} is not a date (YYYY-MM-DD)") from None


def _status(choices: tuple[str, ...]) -> Callable[[str], str | None]:
    def check(raw: str) -> str | None:
        if not raw:
            return None
        value = raw.lower()
        if value not in choices:
            raise ValueError(f"{quote(raw)} is not a status ({', '.join(choices)})")
        return value

    return check


def _words(raw: str) -> list[str]:
    return list(dict.fromkeys(word for word in SPLIT.split(raw) if word))


# -- bodies ----------------------------------------------------------------------------


def parse_bodies(data: bytes, filename: str) -> tuple[list[BodyRow], list[str]]:
    """Bodies of a CSV or XLSX (``key``, ``name::LANG``...): rows, or every error."""
    errors = problems(filename)
    parsed: list[BodyRow] = []
    try:
        tables = read_tables(data, filename, errors)
        sheet = Sheet(tables[0][1], "", errors)
        if not sheet.header:
            raise Unreadable("the file is empty: expected a header row")
        languages = sheet.languages("name::")
        if sheet.require("key") and not languages:
            sheet.error(1, "name::en", "missing column (one name::LANG column or more)")
        seen: set[str] = set()
        for number, cells in sheet.rows if not errors else []:
            key = sheet.cell(cells, "key")
            if len(key) > MAX_KEY or not BODY_KEY.fullmatch(key):
                sheet.error(number, "key", f"{quote(key)} is not a key (a-z, 0-9, _ and -)")
                continue
            if key in seen:
                sheet.error(number, "key", f"{key} appears twice in the file")
            seen.add(key)
            name = {lang: sheet.cell(cells, f"name::{lang}") for lang in languages}
            if not any(name.values()):
                sheet.error(number, f"name::{languages[0]}", "a body needs a name")
            parsed.append(BodyRow(key, name))
    except Unreadable as exc:
        errors.whole_file(str(exc))
    return ([] if errors else parsed), errors.lines()


# -- recommendations and actions -------------------------------------------------------


def parse_register(data: bytes, filename: str, known: Known) -> tuple[RegisterFile, list[str]]:
    """Recommendations and actions of a CSV or XLSX: everything, or every error."""
    errors = problems(filename)
    result = RegisterFile()
    try:
        tables = read_tables(data, filename, errors)
        chosen = _choose(tables)
        if not chosen:
            raise Unreadable("the file is empty: expected a header row")
        file_refs: set[str] = set()
        for kind, index, rows in chosen:
            where = f"{tables[index][0]}!" if index else ""
            sheet = Sheet(rows, where, errors)
            if kind == "recommendations":
                result.recommendations = _recommendations(sheet, known)
                file_refs = {r.ref for r in result.recommendations}
            else:
                result.actions = _actions(sheet, known, file_refs)
    except Unreadable as exc:
        errors.whole_file(str(exc))
    return (RegisterFile() if errors else result), errors.lines()


def _choose(tables: list[tuple[str, Rows]]) -> list[tuple[str, int, Rows]]:
    """The recommendations table, then the actions table: by sheet name, else the first
    table, which is an actions table when it has a column ``action``."""
    named = {name.strip().lower(): i for i, (name, _) in enumerate(tables)}
    picked = [(kind, named[kind]) for kind in ("recommendations", "actions") if kind in named]
    if not picked and tables and tables[0][1]:
        header = {cell.strip().lower() for cell in tables[0][1][0][1]}
        picked = [("actions" if "action" in header else "recommendations", 0)]
    return [(kind, i, tables[i][1]) for kind, i in picked if tables[i][1]]


def _texts(sheet: Sheet, cells: list[str], languages: list[str]) -> dict[str, str]:
    return {lang: sheet.cell(cells, f"text::{lang}") for lang in languages}


def _check_text(
    sheet: Sheet, number: int, text: dict[str, str], languages: list[str], new: bool
) -> None:
    if not any(text.values()) and (languages or new):
        column = f"text::{languages[0]}" if languages else "text::en"
        sheet.error(number, column, "a text in at least one language is needed")


def _recommendations(sheet: Sheet, known: Known) -> list[RecommendationRow]:
    if not sheet.require("ref"):
        return []
    languages = sheet.languages("text::")
    status = _status(RECOMMENDATION_STATUSES)
    rows: list[RecommendationRow] = []
    seen: set[str] = set()
    for number, cells in sheet.rows:
        row = Row(sheet, number, cells)
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
            raise ValueError(f"{quote(link)} is not a link INSTRUMENT:ITEM")
        instrument, item = match.groups()
        if instrument not in known.items:
            raise ValueError(f"{quote(link)}: no questionnaire {instrument} is loaded")
        if item not in known.items[instrument]:
            raise ValueError(
                f"{quote(link)}: no loaded version of {instrument} has a dimension "
                f"or question {item}"
            )
    return links


def _bodies(raw: str, known: Known) -> list[str]:
    keys = _words(raw)
    unknown = [key for key in keys if key not in known.bodies]
    if unknown:
        raise ValueError(f"unknown body {', '.join(quote(k) for k in unknown)}")
    return keys


def parse_sdg(raw: str) -> list[str]:
    targets = _words(raw)
    for target in targets:
        if not SDG.fullmatch(target):
            raise ValueError(f"{quote(target)} is not an SDG target such as 5.5 or 16.7")
    return targets


def _actions(sheet: Sheet, known: Known, file_refs: set[str]) -> list[ActionRow]:
    if not sheet.require("recommendation", "action"):
        return []
    languages = sheet.languages("text::")
    status = _status(ACTION_STATUSES)
    rows: list[ActionRow] = []
    seen: set[tuple[str, str]] = set()
    for number, cells in sheet.rows:
        row = Row(sheet, number, cells)
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
