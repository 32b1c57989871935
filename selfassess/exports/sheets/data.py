"""The Data sheet: respondent-level answers, generalised (see :mod:`selfassess.exports.data`)."""

from __future__ import annotations

import pandas as pd

from selfassess.exports.book import Book
from selfassess.exports.data import data_columns
from selfassess.exports.data_labels import localise
from selfassess.exports.rows import RowsSheet


def write_data(book: Book, data: pd.DataFrame) -> None:
    """Header in row 1 so the sheet reads straight into pandas, R or SPSS."""
    ws: RowsSheet = book.wb.add_worksheet(book.sheet_name("Data"), worksheet_class=RowsSheet)
    raw = data_columns(book.d, data, book.k, book.protected)
    # In Mongolian: labels for codes, and the role and profile headers (data_labels).
    header = {"respondent": book.L["data.respondent"], "role": book.L["role"]}
    columns = localise(book.d, raw, book.lang, header)
    for c, column in enumerate(columns):
        ws.write_string(0, c, column.key, book.f["header"])
        # No column format: it would add a style attribute to each of the many cells.
        ws.set_column(c, c, max(8, min(len(column.key) + 2, 24)))
    # The bulk of the export: each distinct value's cell XML made once (exports/rows.py).
    ws.write_columns(1, [(c.codes, c.distinct) for c in columns])
    ws.freeze_panes(1, 1)
    ws.repeat_rows(0)
    book.print_setup(ws)
    # Hundreds of rows of codes read nowhere on paper, and 80 columns on one page read
    # as a hairline: printing the workbook gives one page of this sheet, its first
    # header cell (the Summary says so and how to print it all).
    ws.print_area(0, 0, 0, 0)
    ws.autofilter(0, 0, max(len(columns[0].codes), 1), len(columns) - 1)
