"""exports/rows.py: the Data sheet's rows as xlsxwriter itself writes them, cell by cell."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest
import xlsxwriter

from selfassess.exports.rows import RowsSheet

VALUES: list[float | str | None] = [
    3.0,
    2.5,
    0.1,
    1e16,
    -0.0,
    "dk",
    "R-7F3K2Q",
    "a;b",
    "hearings;questions",
    " leading space",
    "trailing ",
    "<b>&amp;",
    "=HYPERLINK(1)",
    "Монгол",
    "tab\there",
    "bell\x07",
    "<r>rich?</r>",
    "x" * 40_000,
    None,
]


def sheet_xml(bulk: bool, column_format: bool = False) -> str:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False})
    ws = book.add_worksheet("Data", worksheet_class=RowsSheet)
    bold = book.add_format({"bold": True})
    ws.write_string(0, 0, "header", bold)
    ws.set_column(0, 2, 12, bold if column_format else None)
    rng = np.random.default_rng(16)
    columns = [rng.integers(-1, len(VALUES), size=50) for _ in range(3)]
    if bulk:
        ws.write_columns(1, [(codes, VALUES) for codes in columns])
    else:  # row by row: constant_memory writes each row once
        for r, codes in enumerate(zip(*(c.tolist() for c in columns), strict=True), start=1):
            for c, code in enumerate(codes):
                if code >= 0 and VALUES[code] is not None:
                    ws.write(r, c, VALUES[code])
    ws.autofilter(0, 0, 50, 2)
    book.close()
    with zipfile.ZipFile(out) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize("column_format", [False, True])
def test_bulk_rows_are_the_xml_of_cell_by_cell_writes(column_format: bool) -> None:
    bulk = sheet_xml(True, column_format)
    assert bulk == sheet_xml(False, column_format)
    assert bulk.count("<row ") == 51


def test_a_workbook_without_constant_memory_is_refused() -> None:
    book = xlsxwriter.Workbook(io.BytesIO())
    ws = book.add_worksheet("Data", worksheet_class=RowsSheet)
    with pytest.raises(ValueError, match="constant_memory"):
        ws.write_columns(1, [(np.array([0]), ["x"])])
    book.close()
