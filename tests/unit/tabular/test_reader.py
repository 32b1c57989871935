"""The one reader of untrusted tables: each check on CSV and on XLSX."""

from __future__ import annotations

import io
import zipfile

import pytest

from selfassess.tabular.problems import Problems
from selfassess.tabular.reader import NUL_MESSAGE, Limits, Unreadable, read_rows, read_tables
from tests.unit.tabular.hostile import HOSTILE, SHEET, WORKBOOK, replaced, xlsx

ROWS = [["respondent", "role"], ["r1", "mp"], ["r2", "staff"]]
CSV = b"respondent,role\nr1,mp\nr2,staff\n"


def read(data: bytes, name: str, limits: Limits | None = None) -> tuple[list[object], list[str]]:
    problems = Problems(name)
    rows = list(read_rows(data, name, limits or Limits(), problems))
    return rows, problems.lines()


def refusal(data: bytes, name: str, limits: Limits | None = None) -> str:
    with pytest.raises(Unreadable) as refused:
        read(data, name, limits)
    return str(refused.value)


@pytest.mark.parametrize(("data", "name"), [(CSV, "f.csv"), (xlsx(*ROWS), "f.xlsx")])
def test_a_table_reads_as_numbered_rows_of_text(data: bytes, name: str) -> None:
    assert read(data, name) == ([(1, ROWS[0]), (2, ROWS[1]), (3, ROWS[2])], [])


@pytest.mark.parametrize(("data", "name"), [(CSV, "f.csv"), (xlsx(*ROWS), "f.xlsx")])
def test_a_file_too_large_is_refused_before_it_is_parsed(data: bytes, name: str) -> None:
    assert refusal(data, name, Limits(max_bytes=10)) == "the file is larger than 0 MB"


@pytest.mark.parametrize(("data", "name"), [(CSV, "f.csv"), (xlsx(*ROWS), "f.xlsx")])
def test_too_many_rows_or_columns_are_refused(data: bytes, name: str) -> None:
    assert refusal(data, name, Limits(max_rows=1)) == "more than 1 rows"
    assert refusal(data, name, Limits(max_columns=1)) == "row 1 has more than 1 columns"


def test_a_workbook_declaring_more_than_the_limit_unpacked_is_refused() -> None:
    limits = Limits(max_unpacked=len(WORKBOOK))  # its parts unpack to more than it weighs
    assert refusal(WORKBOOK, "f.xlsx", limits) == "the workbook unpacks to too much data"


@pytest.mark.parametrize("case", ["ratio bomb", "lying header", "DTD", "many parts", "not a zip"])
def test_hostile_workbooks_are_refused(case: str) -> None:
    name, data, message = HOSTILE[case]
    assert refusal(data, name).startswith(message)


def test_a_workbook_with_too_many_cells_is_refused_while_it_is_copied() -> None:
    assert refusal(xlsx(*ROWS), "f.xlsx", Limits(max_cells=5)) == (
        "the workbook has more than 5 cells; refused"
    )


def test_declared_sheet_dimensions_are_not_trusted() -> None:
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="A1:XFD1048576"/><sheetData><row r="1">'
        b'<c r="A1" t="inlineStr"><is><t>respondent</t></is></c></row></sheetData></worksheet>'
    )
    assert read(replaced(WORKBOOK, SHEET, sheet), "f.xlsx") == ([(1, ["respondent"])], [])


@pytest.mark.parametrize(
    "data",
    [CSV, b"\xef\xbb\xbf" + CSV, CSV.replace(b"\n", b"\r\n")],
    ids=["utf-8", "utf-8 with BOM", "CRLF"],
)
def test_utf8_with_or_without_bom_reads_alike(data: bytes) -> None:
    assert read(data, "f.csv") == read(CSV, "f.csv")


@pytest.mark.parametrize("case", ["UTF-16", "Latin-1"])
def test_other_encodings_are_refused_clearly(case: str) -> None:
    name, data, message = HOSTILE[case]
    assert refusal(data, name) == message


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_sniffed_from_the_first_line(delimiter: str) -> None:
    text = f'respondent{delimiter}role{delimiter}note\nr1{delimiter}mp{delimiter}"a, b; c"\n'
    rows, _ = read(text.encode(), "f.csv")
    assert rows == [(1, ["respondent", "role", "note"]), (2, ["r1", "mp", "a, b; c"])]


def test_a_nul_byte_in_a_csv_cell_is_located_under_its_column() -> None:
    rows, lines = read(b"respondent,role\nr\x001,mp\nr2,st\x00aff\n", "f.csv")
    assert lines == [f"f.csv:2:respondent: {NUL_MESSAGE}", f"f.csv:3:role: {NUL_MESSAGE}"]
    assert len(rows) == 3


def test_a_nul_byte_in_a_workbook_is_never_read_as_text() -> None:
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a\x00b</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    assert refusal(replaced(WORKBOOK, SHEET, sheet), "f.xlsx").startswith(
        "not a readable XLSX workbook"
    )


def test_every_sheet_is_read_and_later_sheets_locate_their_problems() -> None:
    data = xlsx(*ROWS, sheets=("recommendations", "actions"))
    problems = Problems("f.xlsx")
    tables = read_tables(data, "f.xlsx", Limits(), problems)
    assert [(t.title, t.where, len(t.rows)) for t in tables] == [
        ("recommendations", "", 3),
        ("actions", "actions!", 0),
    ]
    problems.add(tables[1].where + "2:ref", "bad")
    assert problems.lines() == ["f.xlsx:actions!2:ref: bad"]


def test_the_collector_locates_counts_and_drops_repeats() -> None:
    problems = Problems("f.csv", limit=2)
    problems.at(2, "role", "unknown role")
    problems.at(2, "role", "unknown role")
    problems.at(3, "", "a row")
    problems.at(4, "q1", "beyond the limit")
    problems.add("questions!C7", "a cell of a questionnaire workbook")
    problems.whole_file("the whole file")
    assert problems.lines() == [
        "f.csv:2:role: unknown role",
        "f.csv:3: a row",
        "f.csv: the whole file",
        "f.csv: 2 more errors not shown",
    ]


def test_a_workbook_without_a_worksheet_is_refused_by_both_readers() -> None:
    empty = (
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheets/></workbook>"
    )
    data = replaced(WORKBOOK, "xl/workbook.xml", empty)
    assert refusal(data, "f.xlsx") == "the workbook has no worksheet"
    with pytest.raises(Unreadable, match="the workbook has no worksheet"):
        read_tables(data, "f.xlsx", Limits(), Problems("f.xlsx"))


def _renamed_sheet(data: bytes, content: bytes, name: str) -> bytes:
    """The workbook with its sheet moved to ``name`` and the relations pointing there."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename == SHEET:
                target.writestr(name, content)
                continue
            part = source.read(item)
            if item.filename in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
                part = part.replace(b"worksheets/sheet1.xml", name.removeprefix("xl/").encode())
            target.writestr(item.filename, part)
    return out.getvalue()


ENTITY_SHEET = (
    '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE worksheet [<!ENTITY a "AAAA">]>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row>'
    "</sheetData></worksheet>"
)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_dtd_in_a_sheet_written_in_utf16_is_refused(encoding: str) -> None:
    data = replaced(WORKBOOK, SHEET, ENTITY_SHEET.encode(encoding))
    assert refusal(data, "f.xlsx") == f"the workbook part {SHEET} has a DTD; refused"


def test_a_sheet_under_another_name_is_scanned_too() -> None:
    data = _renamed_sheet(WORKBOOK, ENTITY_SHEET.replace("UTF-16", "UTF-8").encode(), "xl/a.bin")
    assert refusal(data, "f.xlsx") == "the workbook part xl/a.bin has a DTD; refused"
    cells = replaced(WORKBOOK, SHEET, b"")  # the sheet's cells, counted wherever it lives
    sheet = zipfile.ZipFile(io.BytesIO(xlsx(*ROWS))).read(SHEET)
    moved = _renamed_sheet(cells, sheet, "xl/other.xml")
    assert refusal(moved, "f.xlsx", Limits(max_cells=5)) == (
        "the workbook has more than 5 cells; refused"
    )


def test_openpyxl_parses_with_defusedxml() -> None:
    """The second wall behind the DTD check: no entity is ever expanded."""
    import openpyxl

    assert openpyxl.DEFUSEDXML is True
