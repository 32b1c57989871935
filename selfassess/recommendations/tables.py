"""Register files as tables: CSV or workbook sheets, checked as they are read.

Untrusted files are read by the one reader of untrusted tables (``tabular.reader``) with
the response import's limits; errors are collected with their location by the one
collector (``tabular.problems``), never raised at the first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from selfassess.imports.responses import limits
from selfassess.recommendations.rules import LANGUAGE
from selfassess.tabular.cells import quote
from selfassess.tabular.problems import Problems, cell
from selfassess.tabular.reader import read_tables as read

Rows = list[tuple[int, list[str]]]


class Sheet:
    """One table of the file: its header, its rows, and where its errors point."""

    def __init__(self, rows: Rows, where: str, errors: Problems) -> None:
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
        self.errors.add(self.where + cell(row, column), message)

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
                    self.error(1, name, f"{quote(lang)} is not a language code such as en or mn")
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


def read_tables(data: bytes, filename: str, errors: Problems) -> list[tuple[str, Rows]]:
    """(sheet name, rows) of the file: one unnamed table for a CSV."""
    tables = read(data, filename, limits(), errors)
    return [(table.title, table.rows) for table in tables]
