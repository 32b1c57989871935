"""The workbook form (XLSForm-style): reading it into the located tree.

One sheet per part of the definition, one row per item, texts in ``name::LANG`` columns.
Rows are read in file order; problems name the sheet and row (``questions!7``) or the cell
(``questions!C7``). Sheets with other names are left alone (notes, instructions), unless
the name looks like a misspelt sheet of the format. An uploaded file is untrusted: it is
opened by the one reader of untrusted tables (``tabular.reader``: the zip's declared sizes
checked before anything is decompressed, no DTD), and only a bounded number of rows and
columns is read. The rows are assembled
into the tree by :mod:`~selfassess.instrument.xlsx_assemble`; the writer is
:mod:`~selfassess.instrument.xlsx_write`.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass
from typing import Any

from selfassess.instrument.errors import Issues
from selfassess.instrument.tree import Node
from selfassess.instrument.xlsx_assemble import Assembler, Row

# The module, not its names: the reader's cell texts use the answer types of this package.
from selfassess.tabular import reader

#: Rows read per sheet (a questionnaire has a few hundred at most).
MAX_ROWS = 5000
#: Columns read per sheet.
MAX_COLUMNS = 100
#: Files in the zip, and their total uncompressed size.
MAX_ZIP_ENTRIES = 500
#: Cells in all sheets, empty ones included (a small file of empty cells parses for minutes).
MAX_CELLS = 1_000_000
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class SheetSpec:
    """The columns a sheet may have: plain ones and ``name::LANG`` text ones."""

    columns: tuple[str, ...]
    texts: tuple[str, ...]
    required: bool = False


SHEETS: dict[str, SheetSpec] = {
    "settings": SheetSpec(
        ("format", "key", "version", "languages", "draft_languages"),
        ("title", "description"),
        required=True,
    ),
    "roles": SheetSpec(("key",), ("label",), required=True),
    "scales": SheetSpec(("scale", "value", "code"), ("label",)),
    "dimensions": SheetSpec(("key", "parent", "weight"), ("title", "description"), required=True),
    "questions": SheetSpec(
        (
            *("key", "dimension", "type", "scale", "roles", "weight", "reverse"),
            *("required", "comment", "min", "max", "assessed_by"),
        ),
        ("text", "help"),
        required=True,
    ),
    "options": SheetSpec(("question", "code"), ("label",)),
    "profile": SheetSpec(("key", "type", "roles", "required"), ("label", "help")),
    "profile_options": SheetSpec(("field", "code"), ("label",)),
    "gaps": SheetSpec(("field", "a", "b"), ()),
}

_LIST_COLUMNS = frozenset({"languages", "draft_languages", "roles", "assessed_by"})
_NUMBER_COLUMNS = frozenset({"version", "weight", "value", "min", "max"})
_BOOLEAN_COLUMNS = frozenset({"reverse", "required", "comment"})
#: How a consultant may write true and false in a cell (Excel's own TRUE/FALSE included).
_BOOLEANS = {"true": True, "yes": True, "y": True, "1": True, "false": False, "no": False}
_BOOLEANS |= {"n": False, "0": False}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def read_workbook(data: bytes, issues: Issues) -> tuple[Node | None, list[Node]]:
    """The tree of a workbook and its questions without a dimension, or None if unreadable."""
    try:
        workbook = reader.open_workbook(data, _limits())
    except reader.Unreadable as exc:
        issues.add("1", str(exc))
        return None, []
    try:
        sheets = _read_sheets(workbook, issues)
    finally:
        workbook.close()
    return Assembler(sheets, issues).tree()


def _limits() -> reader.Limits:
    """The reader's limits for a questionnaire (read when called: tests lower them)."""
    return reader.Limits(
        max_columns=MAX_COLUMNS,
        max_parts=MAX_ZIP_ENTRIES,
        max_unpacked=MAX_UNCOMPRESSED_BYTES,
        max_cells=MAX_CELLS,
    )


def get_column_letter(index: int) -> str:
    """Spreadsheet column letters of a 1-based index (1 -> A, 27 -> AA): the few lines
    of openpyxl's helper, so that reading a YAML file does not import openpyxl."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _read_sheets(workbook: Any, issues: Issues) -> dict[str, list[Row]]:
    """Rows of the known sheets, by sheet name; header problems reported."""
    sheets: dict[str, list[Row]] = {}
    names = {str(title).strip().lower() for title in workbook.sheetnames}
    for title in workbook.sheetnames:
        name = str(title).strip().lower()
        if name not in SHEETS:
            # Other sheets (notes, a blank "Sheet") are the author's; a near miss is a typo.
            absent = [known for known in SHEETS if known not in names]
            close = difflib.get_close_matches(name, absent, n=1, cutoff=0.75)
            if close:
                issues.add(f"{title}!1", f"unknown sheet '{title}': did you mean '{close[0]}'?")
            continue
        if name in sheets:
            issues.add(f"{title}!1", f"a second '{name}' sheet")
            continue
        try:
            values = _cell_values(workbook[title])
        except reader.Unreadable as exc:
            issues.add(f"{name}!1", f"the sheet cannot be read: {exc}")
            values = []
        sheets[name] = _rows(values, name, issues)
    for name, spec in SHEETS.items():
        if spec.required and name not in sheets:
            issues.add(f"{name}!1", f"the workbook has no '{name}' sheet")
            issues.silence(f"{name}!1")
    return sheets


def _cell_values(sheet: Any) -> list[tuple[Any, ...]]:
    """The sheet's values, at most one row and column beyond the limits."""
    rows = reader.sheet_values(sheet, _limits())
    try:
        return [values for _, values in itertools.islice(rows, MAX_ROWS + 1)]
    finally:
        rows.close()


def _rows(values: list[tuple[Any, ...]], name: str, issues: Issues) -> list[Row]:
    if not values:
        return []
    columns = _header(values[0], name, issues)
    result = []
    for number, row_values in enumerate(values[1:], start=2):
        if number > MAX_ROWS:
            if any(_clean(v) is not None for v in row_values):
                issues.add(f"{name}!{number}", f"the sheet has more than {MAX_ROWS} rows")
            break
        row = _row(row_values, number, columns, name, issues)
        if row is not None:
            result.append(row)
    return result


def _header(
    values: tuple[Any, ...], sheet: str, issues: Issues
) -> dict[int, tuple[str, str | None]]:
    """Column index -> (column name, language or None) for the known headers."""
    spec = SHEETS[sheet]
    columns: dict[int, tuple[str, str | None]] = {}
    seen: dict[tuple[str, str | None], str] = {}
    for index, raw in enumerate(values):
        cell = f"{sheet}!{get_column_letter(index + 1)}1"
        if index >= MAX_COLUMNS:
            if _clean(raw) is not None:
                issues.add(cell, f"the sheet has more than {MAX_COLUMNS} columns")
            break
        value = _clean(raw)
        if value is None:
            continue
        head, sep, lang = str(value).partition("::")
        head, lang = head.strip().lower(), lang.strip()
        known = head in spec.texts and bool(lang) if sep else head in spec.columns
        if not known:
            issues.add(cell, _unknown_column(str(value), head, spec))
            continue
        column = (head, lang if sep else None)
        if column in seen:
            issues.add(cell, f"column '{value}' appears twice (first at {seen[column]})")
            continue
        seen[column] = cell
        columns[index] = column
    return columns


def _unknown_column(value: str, head: str, spec: SheetSpec) -> str:
    allowed = [*spec.columns, *(f"{t}::LANG" for t in spec.texts)]
    if head in spec.texts:
        return f"column '{value}' needs a language, like '{head}::en'"
    return f"unknown column '{value}' (allowed: {', '.join(allowed)})"


def _row(
    values: tuple[Any, ...],
    number: int,
    columns: dict[int, tuple[str, str | None]],
    sheet: str,
    issues: Issues,
) -> Row | None:
    at = f"{sheet}!{number}"
    cells: dict[str, Node] = {}
    texts: dict[str, dict[str, Node]] = {}
    filled = False
    for index, raw in enumerate(values[:MAX_COLUMNS]):
        value = _clean(raw)
        if value is None:
            continue
        filled = True
        cell = f"{sheet}!{get_column_letter(index + 1)}{number}"
        if index not in columns:
            issues.add(cell, "a value in a column without a (known) header")
            continue
        name, lang = columns[index]
        if lang is not None:
            texts.setdefault(name, {})[lang] = Node(_as_text(value), cell)
        else:
            cells[name] = _cell(name, value, cell)
    if not filled:
        return None
    for name, by_lang in texts.items():
        cells[name] = Node(by_lang, at)
    return Row(at, cells)


def _clean(value: Any) -> Any:
    """The cell's value, strings stripped, empty as None."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _as_text(value: Any) -> Any:
    """Numbers and booleans as Excel shows them; other values as they are."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return _number_text(value)
    return value


def _number_text(value: int | float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _cell(name: str, value: Any, at: str) -> Node:
    """A cell as the value its column means (lists split, numbers and booleans read)."""
    if name in _LIST_COLUMNS:
        parts = re.split(r"[\s,;]+", value) if isinstance(value, str) else [_as_text(value)]
        return Node([Node(p, at) for p in parts if p != ""], at)
    if name in _NUMBER_COLUMNS:
        if isinstance(value, str) and _NUMBER.fullmatch(value):
            number = float(value)
            return Node(int(number) if number.is_integer() else number, at)
        if isinstance(value, float) and value.is_integer():
            return Node(int(value), at)
        return Node(value, at)
    if name in _BOOLEAN_COLUMNS:
        word = _as_text(value)
        if isinstance(word, str) and word.lower() in _BOOLEANS:
            return Node(_BOOLEANS[word.lower()], at)
        return Node(value, at)
    return Node(_as_text(value), at)
