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


def test_a_dimensions_sheet_printed_across_pages_keeps_its_title_in_the_repeated_columns(
    monkeypatch: Any,
) -> None:
    """Past the two repeated columns, every printed page but the first cut the title at
    their edge: printed across pages, the title and the note wrap inside them."""
    from selfassess.exports.sheets import dimensions

    monkeypatch.setattr(dimensions, "PRINT_FIT_GROUPS", 2)  # fewer than the results have
    definition: Any = make_definition()
    ws = open_book(build(definition, make_results(), lang="en"))["Dimensions"]
    assert ws.print_title_cols == "$A:$B"
    assert {str(r) for r in ws.merged_cells.ranges} >= {"A1:B1", "A2:B2"}
    title, note = ws["A1"], ws["A2"]
    assert str(title.value).startswith("Dimension scores") and title.alignment.wrap_text
    assert note.alignment.wrap_text
    assert ws.row_dimensions[1].height > 22  # room for the wrapped lines
