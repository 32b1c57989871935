"""Hostile workbooks for the upload tests."""

from __future__ import annotations

import io
import zipfile


def empty_cells_workbook(header: list[str], row: list[str], cells: int = 3_000_000) -> bytes:
    """A real workbook with ``header`` and one ``row``, then ``cells`` empty styled cells
    in one row each: about 100 kB that inflates to some 60 MB of XML."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    sheet.append(row)
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                filler = b'<row r="3">' + b'<c s="0"/>' * cells + b"</row>"
                data = data.replace(b"</sheetData>", filler + b"</sheetData>")
            target.writestr(member.filename, data)
    return out.getvalue()
