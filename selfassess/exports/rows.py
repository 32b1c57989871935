"""Many rows written at once into a constant_memory worksheet (the Data sheet).

xlsxwriter spends some twenty Python calls on each cell (checks, a tuple, a table,
then the XML). A Data sheet column holds few distinct values (a scale's points and
missing codes), so :class:`RowsSheet` turns each distinct value of a column into its
cell XML once, with xlsxwriter's own cell writer (same escaping, same number format,
same truncation), and assembles the rows from those pieces: the file holds exactly
the XML xlsxwriter writes cell by cell, at a fraction of the cost (issue 16).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import (
    CellNumberTuple,
    CellStringTuple,
    Worksheet,
    _utf16_len,
    _utf16_truncate,
)

#: Texts that xlsxwriter writes as they are: no markup, control character or space at
#: either end, short of any length limit.
PLAIN = re.compile(r"[0-9A-Za-z][0-9A-Za-z_.;:-]{0,99}")

#: A Data cell: a number, a text, or None for an empty cell.
Cell = float | str | None


class RowsSheet(Worksheet):  # type: ignore[misc]
    """A worksheet that also writes a block of rows column by column."""

    #: xlsxwriter's output (in constant_memory mode, the file of the rows written).
    fh: Any

    def write_columns(
        self, first_row: int, columns: Sequence[tuple[NDArray[np.intp], Sequence[Cell]]]
    ) -> None:
        """Rows from ``first_row`` down, one cell per column from column A.

        Each column is ``(codes, distinct)``: per row, the position of its value in
        ``distinct``, -1 for an empty cell. Every row below ``first_row`` must be
        unwritten, and nothing may be written above the block afterwards
        (constant_memory order). No cell of the block has a format.
        """
        if not self.constant_memory:
            raise ValueError("write_columns needs a constant_memory workbook")
        count = len(columns[0][0]) if columns else 0
        if not count:
            return
        last_row, last_col = first_row + count - 1, len(columns) - 1
        if last_row >= self.xls_rowmax or last_col >= self.xls_colmax:
            raise ValueError("the rows do not fit in a worksheet")
        self._write_single_row(first_row)  # the rows above go to the file first
        self._check_dimensions(first_row, 0)
        self._check_dimensions(last_row, last_col)
        heads = [f'<c r="{xl_col_to_name(c)}' for c in range(len(columns))]
        tails = []
        for col, (codes, distinct) in enumerate(columns):
            pieces = np.array([*(self._tail(first_row, col, v) for v in distinct), None])
            tails.append(pieces[codes].tolist())  # -1 picks the trailing None
        for offset, row_tails in enumerate(zip(*tails, strict=True)):
            row = first_row + offset
            number = str(row + 1)
            self._write_row(row, None)
            self.fh.write(
                "".join([heads[c] + number + tail for c, tail in enumerate(row_tails) if tail])
            )
            self._xml_end_tag("row")
        self.previous_row = last_row

    def _tail(self, row: int, col: int, value: Cell) -> str | None:
        """The XML of ``value`` in a cell of column ``col``, after its reference."""
        if value is None:
            return None
        column = self.col_info.get(col)
        unformatted = column is None or column.column_format is None
        if isinstance(value, str) and PLAIN.fullmatch(value) and unformatted:
            # What xlsxwriter writes for a short text that needs no escaping (the many
            # random ids): tests/unit/exports/test_rows.py holds the two paths equal.
            return f'" t="inlineStr"><is><t>{value}</t></is></c>'
        cell: Any
        if isinstance(value, float):
            cell = CellNumberTuple(value, None)
        else:
            if len(value) > self.xls_strmax // 2 and _utf16_len(value) > self.xls_strmax:
                value = _utf16_truncate(value, self.xls_strmax)
            cell = CellStringTuple(value, None)
        out, self.fh = self.fh, io.StringIO()
        try:
            self._write_cell(row, col, cell)
            xml = self.fh.getvalue()
        finally:
            self.fh = out
        head = f'<c r="{xl_rowcol_to_cell(row, col)}'
        assert xml.startswith(head), xml
        return str(xml[len(head) :])
