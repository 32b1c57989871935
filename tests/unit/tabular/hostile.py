"""Small hostile tables: real files, each broken in one way a reader must refuse."""

from __future__ import annotations

import io
import zipfile

import xlsxwriter

SHEET = "xl/worksheets/sheet1.xml"
DTD = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]><worksheet/>'


def xlsx(*rows: list[object], sheets: tuple[str, ...] = ("Sheet1",)) -> bytes:
    """A real workbook; ``rows`` on its first sheet, the other sheets empty."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    for index, name in enumerate(sheets):
        sheet = book.add_worksheet(name)
        for number, row in enumerate(rows if index == 0 else ()):
            sheet.write_row(number, 0, row)
    book.close()
    return out.getvalue()


def replaced(data: bytes, part: str, content: bytes, *, extra: int = 0) -> bytes:
    """The zip ``data`` with ``part`` holding ``content``, and ``extra`` empty parts more."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item.filename, content if item.filename == part else source.read(item))
        for number in range(extra):
            target.writestr(f"docProps/extra{number}.xml", b"")
    return out.getvalue()


def lying(data: bytes, part: str, size: int) -> bytes:
    """The zip with ``part``'s declared uncompressed size rewritten to ``size``."""
    raw = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(part)
        start = archive.start_dir  # type: ignore[attr-defined]
    raw[info.header_offset + 22 : info.header_offset + 26] = size.to_bytes(4, "little")
    at = start
    while raw[at : at + 4] == b"PK\x01\x02":  # central directory entries
        name_length, extra_length, comment_length = (
            int.from_bytes(raw[at + offset : at + offset + 2], "little") for offset in (28, 30, 32)
        )
        if raw[at + 46 : at + 46 + name_length].decode() == part:
            raw[at + 24 : at + 28] = size.to_bytes(4, "little")
        at += 46 + name_length + extra_length + comment_length
    return bytes(raw)


#: Whole-file refusals every import gives alike: (file name, content, message).
WORKBOOK = xlsx(["respondent", "role"], ["r1", "mp"])
HOSTILE = {
    "ratio bomb": (
        "bomb.xlsx",
        replaced(WORKBOOK, SHEET, b"\0" * 3_000_000),
        "the workbook unpacks to too much data",
    ),
    "lying header": (
        "liar.xlsx",
        lying(replaced(WORKBOOK, SHEET, b"<worksheet/>" + b" " * 900_000), SHEET, 1000),
        "the workbook is damaged",
    ),
    "DTD": (
        "dtd.xlsx",
        replaced(WORKBOOK, SHEET, DTD),
        f"the workbook part {SHEET} has a DTD; refused",
    ),
    "many parts": (
        "parts.xlsx",
        replaced(WORKBOOK, "", b"", extra=500),
        "the workbook has more than 500 parts",
    ),
    "not a zip": (
        "junk.xlsx",
        b"PK\x03\x04junk",
        "not an XLSX workbook (the file is not a valid zip archive)",
    ),
    "UTF-16": (
        "wide.csv",
        "respondent,role\nr1,mp\n".encode("utf-16"),
        "not UTF-8 text (UTF-16); save the file as CSV UTF-8 or XLSX",
    ),
    "Latin-1": (
        "latin.csv",
        "respondent,role\nrené,mp\n".encode("latin-1"),
        "not UTF-8 text (byte 19); save the file as CSV UTF-8 or XLSX",
    ),
}
