"""Reading register files into tables: CSV or workbook sheets, checked as they are read.

Untrusted files go through the response import's safe readers (size limits, zip-bomb
checks); errors are collected with their location, never raised at the first.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from selfassess.imports.cells import _cell_text, _quote
from selfassess.imports.responses import (
    MAX_COLUMNS,
    MAX_ERRORS,
    InvalidFile,
    _csv_rows,
    _limited,
    open_workbook,
)
from selfassess.recommendations.rules import LANGUAGE

Rows = list[tuple[int, list[str]]]


@dataclass
class Errors:
    filename: str
    lines: list[str] = field(default_factory=list)

    def add(self, where: str, row: int, column: str, message: str) -> None:
        if len(self.lines) < MAX_ERRORS:
            self.lines.append(f"{self.filename}:{where}{row}:{column}: {message}")

    def whole_file(self, message: str) -> None:
        self.lines.append(f"{self.filename}: {message}")


class Sheet:
    """One table of the file: its header, its rows, and where its errors point."""

    def __init__(self, rows: Rows, where: str, errors: Errors) -> None:
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


class Row:
    """One row being checked: every cell's problem is reported, ``ok`` says if any was."""

    def __init__(self, sheet: Sheet, number: int, cells: list[str]) -> None:
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


def read_tables(data: bytes, filename: str) -> list[tuple[str, Rows]]:
    """(sheet name, rows) of the file: one unnamed table for a CSV."""
    if filename.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
        return _workbook(data)
    return [("", list(_limited(_csv_rows(data))))]


def _workbook(data: bytes) -> list[tuple[str, Rows]]:
    book = open_workbook(data)
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
