"""The one collector of problems found in a file, each with its location.

Every reader of an untrusted or authored file (response, people, grades and register
imports, the questionnaire in YAML or as a workbook) reports through :class:`Problems`
and carries on, so one run shows the author every problem instead of the first (the ONS
validator's ``add_error``). A problem reads ``FILE:LOCATION: message``:

- ``FILE:ROW:COLUMN`` for a table (ROW as a spreadsheet numbers it, the header being
  row 1; COLUMN the column's header), ``FILE:SHEET!ROW:COLUMN`` on a workbook sheet
  whose name matters, ``FILE:SHEET!ROW`` or ``FILE:SHEET!C12`` in a questionnaire
  workbook, ``FILE:LINE`` in YAML;
- ``FILE: message`` for the whole file (unreadable, too big).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Issue:
    """One problem in a file: ``PATH:LOCATION: message`` (``PATH: message`` without one).

    ``location`` is a 1-based line for YAML (``12``), a sheet row or cell for workbooks
    (``questions!7``, ``questions!C7``), ``ROW:COLUMN`` for a table.
    """

    path: str
    location: str
    message: str

    def __str__(self) -> str:
        if not self.location:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.location}: {self.message}"


def cell(row: int, column: str = "", sheet: str = "") -> str:
    """The location of a table cell: ``ROW:COLUMN``, ``SHEET!ROW:COLUMN`` or ``SHEET!ROW``."""
    where = f"{sheet}!{row}" if sheet else str(row)
    return f"{where}:{column}" if column else where


class Problems:
    """Every problem of one file in the order found, without repeats.

    Beyond ``limit`` problems, one closing line says how many more there were.
    """

    def __init__(self, path: str, *, limit: int | None = None) -> None:
        self.path = path
        self.limit = limit
        self.more = 0
        self._items: list[Issue] = []
        self._seen: set[tuple[str, str]] = set()
        self._silenced: set[str] = set()

    def add(self, location: str, message: str) -> None:
        if location in self._silenced or (location, message) in self._seen:
            return
        if self.limit is not None and len(self._items) >= self.limit and location:
            self.more += 1
            return
        self._seen.add((location, message))
        self._items.append(Issue(self.path, location, message))

    def at(self, row: int, column: str, message: str, *, sheet: str = "") -> None:
        """A problem of one cell of a table (``column`` empty: of the whole row)."""
        self.add(cell(row, column, sheet), message)

    def whole_file(self, message: str) -> None:
        self.add("", message)

    def silence(self, location: str) -> None:
        """Drop later problems at ``location``: its first one already says what is wrong."""
        self._silenced.add(location)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Issue]:
        return iter(self._items)

    def as_list(self) -> list[Issue]:
        return list(self._items)

    def lines(self) -> list[str]:
        """Each problem as one line of text, then how many more were not shown."""
        shown = [str(issue) for issue in self._items]
        if self.more:
            shown.append(str(Issue(self.path, "", f"{self.more} more errors not shown")))
        return shown
