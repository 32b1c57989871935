"""The one reader of untrusted tables: CSV (UTF-8) and XLSX workbooks, bytes in, rows out.

Pure: no Flask, no database. Every import reads its file here, so the same file gets the
same refusal whichever import it is given to. Before anything is parsed the file's size
is checked; a workbook's zip is checked for its number of parts, the sizes its parts
declare and how much a large part expands, then copied so that each part holds what it
declares (``archive.honest_workbook``: no bomb, no DTD, no more cells than allowed).
A CSV must be UTF-8 (a BOM is allowed); its delimiter (``,``, ``;`` or tab) is the one
its first line holds most of. A NUL byte in a cell is reported where it is. Whatever is
wrong with the file as a whole raises :class:`Unreadable` with one sentence for its
author, never a parser's exception.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from selfassess.tabular.archive import UnsafeArchive, honest_workbook
from selfassess.tabular.cells import cell_text
from selfassess.tabular.problems import Problems

DELIMITERS = (",", ";", "\t")
#: A NUL byte in a cell: never stored (PostgreSQL refuses it in text), always located.
NUL_MESSAGE = "contains a NUL character (byte 0); remove it"
ZIP_MAGIC = b"PK\x03\x04"
#: The parts without which a zip is no workbook.
WORKBOOK_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

#: (spreadsheet row number, the row's cells) for each row, header first.
Rows = Iterator[tuple[int, list[str]]]


class Unreadable(Exception):
    """The file cannot be read at all (not CSV/XLSX, too big, broken, hostile)."""


@dataclass(frozen=True)
class Limits:
    """How much of an untrusted file is read; beyond, it is refused."""

    max_bytes: int = 50 * 1024 * 1024
    #: Rows after the header.
    max_rows: int = 100_000
    max_columns: int = 5_000
    #: For XLSX: parts of the zip, all of them unpacked, and how much a part over 1 MB
    #: may expand.
    max_parts: int = 500
    max_unpacked: int = 300 * 1024 * 1024
    max_ratio: float = 200
    #: Cells of all worksheets, empty ones included.
    max_cells: int = 2_000_000


@dataclass
class Table:
    """One table of a file: a CSV, or one sheet of a workbook."""

    #: The sheet's title ("" for a CSV).
    title: str
    #: What a problem's location starts with: "" for a CSV and a workbook's first sheet,
    #: ``SHEET!`` for a later sheet.
    where: str
    rows: list[tuple[int, list[str]]]


def is_workbook(data: bytes, filename: str) -> bool:
    """An XLSX by its name or, whatever its name, by its zip signature."""
    return filename.lower().endswith((".xlsx", ".xlsm")) or data[:4] == ZIP_MAGIC


def read_rows(data: bytes, filename: str, limits: Limits, problems: Problems) -> Rows:
    """The rows of a CSV or of a workbook's first sheet, as stripped texts, header first.

    Raises :class:`Unreadable` at once for a file that cannot be opened, and while the
    rows are read for one that breaks later or holds too many rows or columns. NUL bytes
    are reported to ``problems`` with their row and column.
    """
    check_size(data, limits)
    if is_workbook(data, filename):
        return _first_sheet(data, limits, problems)
    return _located(_limited(_csv_rows(data), limits), problems, "")


def read_tables(data: bytes, filename: str, limits: Limits, problems: Problems) -> list[Table]:
    """Every table of the file, read whole: one for a CSV, one per workbook sheet."""
    check_size(data, limits)
    if not is_workbook(data, filename):
        rows = _located(_limited(_csv_rows(data), limits), problems, "")
        return [Table("", "", list(rows))]
    tables = []
    with opened_workbook(data, limits) as book:
        if not book.worksheets:
            raise Unreadable("the workbook has no worksheet")
        for index, sheet in enumerate(book.worksheets):
            where = f"{sheet.title}!" if index else ""
            rows = _located(_limited(sheet_rows(sheet, limits), limits), problems, where)
            tables.append(Table(sheet.title, where, list(rows)))
    return tables


def check_size(data: bytes, limits: Limits) -> None:
    if len(data) > limits.max_bytes:
        raise Unreadable(f"the file is larger than {limits.max_bytes // (1024 * 1024)} MB")


# -- CSV -------------------------------------------------------------------------------


def _csv_rows(data: bytes) -> Rows:
    if data.startswith(UTF16_BOMS):
        raise Unreadable("not UTF-8 text (UTF-16); save the file as CSV UTF-8 or XLSX")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable(
            f"not UTF-8 text (byte {exc.start}); save the file as CSV UTF-8 or XLSX"
        ) from None
    return _csv_parsed(text, sniff_delimiter(text))


def sniff_delimiter(text: str) -> str:
    """``,``, ``;`` or tab: whichever the first line holds most of (a comma on a tie)."""
    first_line = text[: text.find("\n")] if "\n" in text else text
    return max(DELIMITERS, key=first_line.count)


def _csv_parsed(text: str, delimiter: str) -> Rows:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            yield number, [value.strip() for value in row]
    except csv.Error as exc:
        raise Unreadable(f"row {number + 1}: {exc}") from None


# -- XLSX ------------------------------------------------------------------------------


@contextmanager
def opened_workbook(data: bytes, limits: Limits) -> Iterator[Any]:
    """An untrusted workbook, checked, opened read-only for its values, closed after."""
    book = open_workbook(data, limits)
    try:
        yield book
    finally:
        book.close()


def open_workbook(data: bytes, limits: Limits) -> Any:
    """The workbook, once its zip passed every check; close it after use."""
    honest = _checked_zip(data, limits)
    import openpyxl  # only workbooks need it

    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (validation, styles): not our concern.
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(io.BytesIO(honest), read_only=True, data_only=True)
    except Exception as exc:  # a broken workbook raises anything from zip to XML errors
        raise Unreadable(f"not a readable XLSX workbook ({type(exc).__name__})") from None


def _checked_zip(data: bytes, limits: Limits) -> bytes:
    """A copy whose parts hold what they declare, after checking what they declare: the
    number of parts, their sizes unpacked (in all, and against their packed size for a
    part over 1 MB), and that the workbook's own parts are there."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, ValueError):
        raise Unreadable("not an XLSX workbook (the file is not a valid zip archive)") from None
    if len(members) > limits.max_parts:
        raise Unreadable(f"the workbook has more than {limits.max_parts} parts")
    if sum(member.file_size for member in members) > limits.max_unpacked or any(
        member.file_size > 1_000_000
        and member.file_size / max(member.compress_size, 1) > limits.max_ratio
        for member in members
    ):
        raise Unreadable("the workbook unpacks to too much data")
    if not set(WORKBOOK_PARTS) <= {member.filename for member in members}:
        raise Unreadable("not a readable XLSX workbook (the workbook part is missing)")
    try:
        # Read in small chunks: at most the sizes summed above, even from a lying header.
        return honest_workbook(data, max_cells=limits.max_cells)
    except UnsafeArchive as exc:
        raise Unreadable(str(exc)) from None


def sheet_values(sheet: Any, limits: Limits) -> Generator[tuple[int, tuple[Any, ...]]]:
    """(row number, the row's values without trailing empty cells) of one sheet.

    The cells are trusted, not the sheet's declared dimensions, which may claim a
    million empty rows and columns; at most ``max_columns + 1`` values of a row are
    kept, so that a reader can tell a row that is too wide.
    """
    # openpyxl may warn while parsing; the filter is set around each step, never across
    # a yield, so a reader that stops early leaves the warning filters as they were.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sheet.reset_dimensions()
            # Bounded: openpyxl pads each row out to its last cell.
            rows = sheet.iter_rows(max_col=limits.max_columns + 1, values_only=True)
        number = 0
        while True:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                row = next(rows, None)
            if row is None:
                return
            number += 1
            last = min(len(row), limits.max_columns + 1)
            while last and row[last - 1] is None:
                last -= 1
            yield number, row[:last]
    except Unreadable:
        raise
    except Exception as exc:  # broken sheet XML, bad numbers, ...
        raise Unreadable(f"not a readable XLSX workbook ({type(exc).__name__})") from None


def sheet_rows(sheet: Any, limits: Limits) -> Rows:
    """:func:`sheet_values` as the texts a CSV would hold (``cells.cell_text``)."""
    for number, values in sheet_values(sheet, limits):
        yield number, [cell_text(value) for value in values]


def _first_sheet(data: bytes, limits: Limits, problems: Problems) -> Rows:
    book = open_workbook(data, limits)
    return _closing(book, limits, problems)


def _closing(book: Any, limits: Limits, problems: Problems) -> Rows:
    try:
        if not book.worksheets:
            raise Unreadable("the workbook has no worksheet")
        rows = sheet_rows(book.worksheets[0], limits)
        yield from _located(_limited(rows, limits), problems, "")
    finally:
        book.close()


# -- checks of every row ---------------------------------------------------------------


def _limited(rows: Rows, limits: Limits) -> Rows:
    for number, cells in rows:
        if number > limits.max_rows + 1:
            raise Unreadable(f"more than {limits.max_rows} rows")
        if len(cells) > limits.max_columns:
            raise Unreadable(f"row {number} has more than {limits.max_columns} columns")
        yield number, cells


def _located(rows: Rows, problems: Problems, where: str) -> Rows:
    """The rows as they are; each cell holding a NUL byte reported under its column."""
    header: list[str] = []
    for number, cells in rows:
        if number == 1:
            header = cells
        for index, value in enumerate(cells):
            if "\x00" in value:
                name = header[index] if number > 1 and index < len(header) else ""
                column = name.replace("\x00", "") or f"column {index + 1}"
                problems.add(f"{where}{number}:{column}", NUL_MESSAGE)
        yield number, cells
