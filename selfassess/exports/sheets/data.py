"""The Data sheet: respondent-level answers, generalised (see :mod:`selfassess.exports.data`)."""

from __future__ import annotations

import pandas as pd

from selfassess.exports.book import Book
from selfassess.exports.data import data_columns
from selfassess.exports.rows import RowsSheet


def write_data(book: Book, data: pd.DataFrame) -> None:
    """Header in row 1 so the sheet reads straight into pandas, R or SPSS."""
    ws: RowsSheet = book.wb.add_worksheet(book.sheet_name("Data"), worksheet_class=RowsSheet)
    columns = data_columns(book.d, data, book.k, book.protected)
    for c, column in enumerate(columns):
        ws.write_string(0, c, column.key, book.f["header"])
        # No column format: it would add a style attribute to each of the many cells.
        ws.set_column(c, c, max(8, min(len(column.key) + 2, 24)))
    # The bulk of the export: each distinct value's cell XML made once (exports/rows.py).
    ws.write_columns(1, [(c.codes, c.distinct) for c in columns])
    ws.freeze_panes(1, 1)
    ws.repeat_rows(0)
    book.print_setup(ws)
    ws.autofilter(0, 0, max(len(columns[0].codes), 1), len(columns) - 1)
