"""The Data sheet: respondent-level answers, generalised (see :mod:`selfassess.exports.data`)."""

from __future__ import annotations

import pandas as pd

from selfassess.exports.book import Book
from selfassess.exports.data import data_columns
from selfassess.exports.data_labels import localise


def write_data(book: Book, data: pd.DataFrame) -> None:
    """Header in row 1 so the sheet reads straight into pandas, R or SPSS."""
    ws = book.wb.add_worksheet(book.sheet_name("Data"))
    raw = data_columns(book.d, data, book.k, book.protected)
    # In Mongolian: labels for codes, and the role and profile headers (data_labels).
    header = {"respondent": book.L["data.respondent"], "role": book.L["role"]}
    columns = localise(book.d, raw, book.lang, header)
    for c, (name, _) in enumerate(columns):
        ws.write_string(0, c, name, book.f["header"])
        # No column format: it would add a style attribute to each of the many cells.
        ws.set_column(c, c, max(8, min(len(name) + 2, 24)))
    # The hot loop of the export: bound methods, no per-cell format lookups.
    write_number, write_string = ws.write_number, ws.write_string
    for r, values in enumerate(zip(*(c for _, c in columns), strict=True), start=1):
        for c, value in enumerate(values):
            if value is None:
                continue
            if type(value) is float:
                write_number(r, c, value)
            else:
                write_string(r, c, value)
    ws.freeze_panes(1, 1)
    ws.repeat_rows(0)
    book.print_setup(ws)
    # Hundreds of rows of codes read nowhere on paper, and 80 columns on one page read
    # as a hairline: printing the workbook gives one page of this sheet, its first
    # header cell (the Summary says so and how to print it all).
    ws.print_area(0, 0, 0, 0)
    ws.autofilter(0, 0, max(len(columns[0][1]), 1), len(columns) - 1)
