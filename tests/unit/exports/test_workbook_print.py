"""The workbook printed: every report sheet fitted to the page width, Data left out."""

from __future__ import annotations

from typing import Any

from export_builders import make_definition, make_results
from test_export_workbook import build, open_book


def test_report_sheets_fit_the_width_and_the_data_sheet_prints_one_cell() -> None:
    definition: Any = make_definition()
    book = open_book(build(definition, make_results(), lang="en"))
    for ws in book.worksheets:
        if ws.title == "Data":
            assert ws.print_area == "'Data'!$A$1"
            continue
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_setup.fitToWidth in (1, None) and ws.page_setup.fitToHeight == 0, ws.title
    summary = [v for row in book["Summary"].iter_rows(values_only=True) for v in row if v]
    assert any("clear its print area" in str(v) for v in summary)
    # respondent, role, sex and the 6 questions that are not free text
    assert any("9 columns" in str(v) for v in summary)
