"""Helpers for the instrument tests: the minimal fixture, edits of it, issue lookups."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from selfassess.instrument import Definition, Issue, load_bytes

DATA = Path(__file__).resolve().parents[2] / "data" / "instruments"
MINIMAL = DATA / "minimal.yaml"
MINIMAL_TEXT = MINIMAL.read_text(encoding="utf-8")
#: What a location looks like: a YAML line, a sheet row or a sheet cell.
LOCATION = re.compile(r"\d+|[a-z_]+![A-Z]{0,3}\d+")


def edit(old: str, new: str, text: str = MINIMAL_TEXT) -> str:
    """``text`` with the single occurrence of ``old`` replaced by ``new``."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th ``needle`` in ``text``."""
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    return text.count("\n", 0, start) + 1


def load_text(text: str, name: str = "q.yaml") -> tuple[Definition | None, list[Issue]]:
    return load_bytes(text.encode("utf-8"), name)


def issues_of(text: str) -> list[Issue]:
    definition, issues = load_text(text)
    assert definition is None
    assert issues
    return issues


def has_issue(issues: list[Issue], location: str | int, fragment: str) -> bool:
    return any(i.location == str(location) and fragment in i.message for i in issues)


def show(issues: list[Issue]) -> str:
    return "\n".join(str(issue) for issue in issues)


def edit_workbook(data: bytes, change: Callable[[Any], None]) -> bytes:
    """The workbook ``data`` after ``change(workbook)`` (openpyxl, editable)."""
    workbook = load_workbook(io.BytesIO(data))
    change(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row_of(sheet: Any, column: int, value: str) -> int:
    """The row number where ``column`` (1-based) holds ``value``."""
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, column).value == value:
            return row
    raise AssertionError(f"{value!r} not in column {column} of {sheet.title}")


def column_of(sheet: Any, header: str) -> int:
    for col in range(1, sheet.max_column + 1):
        if sheet.cell(1, col).value == header:
            return col
    raise AssertionError(f"no column {header!r} in {sheet.title}")
