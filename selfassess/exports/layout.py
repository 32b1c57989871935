"""Layout helpers: row-ordered writing for constant_memory mode, widths and heights.

The workbook is written in xlsxwriter's constant_memory mode, the fastest for the large
Data sheet: each row goes to disk as soon as a later row is written, so a sheet must be
written top to bottom. The small sheets are easier to write in the order that reads
best (a header cell after the cells beneath it, a row height once its texts are known),
so :class:`RowOrder` records their cell writes and replays them row by row.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

#: Points per line of wrapped Arial 10 text; the most lines a row grows to.
LINE_HEIGHT = 12.75
MAX_LINES = 30


def key_width(keys: Iterable[str]) -> float:
    """A column width that shows the longest key."""
    return min(32, max((len(k) + 2 for k in keys), default=10))


def line_count(value: str, width: float, bold: bool = False) -> int:
    """About how many lines ``value`` wraps to in a column ``width`` characters wide.

    Measured on LibreOffice's rendering: Cyrillic runs about one letter per width unit,
    Latin about 1.15, bold 15% fewer.
    """
    factor = (0.85 if bold else 1.0) * (1.15 if value.isascii() else 1.0)
    per_line = max(1, int(width * factor))
    if len(value) <= per_line and "\n" not in value:
        return 1
    lines = sum(len(textwrap.wrap(part, per_line)) or 1 for part in value.split("\n"))
    return min(lines, MAX_LINES)


class RowOrder:
    """A worksheet whose cell writes are replayed in row order by :meth:`flush`.

    Row heights grow with :meth:`wrapped` texts. Everything that is not a cell write
    (column widths, panes, filters, conditional formats, charts) goes straight through.
    """

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self._cells: dict[int, list[tuple[int, Callable[..., Any], tuple[Any, ...]]]]
        self._cells = defaultdict(list)
        self._heights: dict[int, float] = {}
        self._lines: dict[int, int] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.ws, name)

    def write_string(self, row: int, col: int, value: str, fmt: Format | None = None) -> None:
        self._cells[row].append((col, self.ws.write_string, (row, col, value, fmt)))

    def write_number(self, row: int, col: int, value: float, fmt: Format | None = None) -> None:
        self._cells[row].append((col, self.ws.write_number, (row, col, value, fmt)))

    def write_blank(self, row: int, col: int, fmt: Format | None = None) -> None:
        self._cells[row].append((col, self.ws.write_blank, (row, col, None, fmt)))

    def merge_range(
        self, row: int, first: int, row2: int, last: int, value: str, fmt: Format
    ) -> None:
        """A range merged within one row (what constant_memory mode allows)."""
        assert row == row2, "merged ranges span one row"
        self._cells[row].append((first, self.ws.merge_range, (row, first, row, last, value, fmt)))

    def set_row(self, row: int, height: float) -> None:
        self._heights[row] = height

    def wrapped(self, row: int, col: int, value: str, width: float, fmt: Format) -> None:
        """A wrapped text; its row grows to fit (spreadsheets do not always autofit)."""
        self.write_string(row, col, value, fmt)
        lines = line_count(value, width, bool(fmt.bold))
        if lines > self._lines.get(row, 1):
            self._lines[row] = lines

    def flush(self) -> None:
        """Write every recorded row, top to bottom, with its height."""
        for row, lines in self._lines.items():
            self._heights.setdefault(row, LINE_HEIGHT * lines + 3)
        for row in sorted(self._cells.keys() | self._heights.keys()):
            if row in self._heights:
                self.ws.set_row(row, self._heights[row])
            # Stable sort: a merge_range written before its own first cell stays first.
            for _, write, args in sorted(self._cells.get(row, ()), key=lambda c: c[0]):
                write(*args)
        self._cells.clear()
        self._heights.clear()
        self._lines.clear()
