"""Untrusted workbooks (.xlsx zips) copied so that what they declare is what they hold.

A zip member's header declares its size and readers stop there, but ``ZipFile.read``
first inflates up to a gigabyte of the member in one call, and bzip2 or LZMA members
inflate without any bound even when read in chunks: a member that lies about its size is
a memory bomb for every reader that trusts the header, openpyxl included.
:func:`honest_workbook` reads each member in small chunks (never more than its declared
size) into a new archive, refusing what a workbook never holds (other compressions, a
part twice, a DTD, which can only be an entity-expansion bomb). Check the declared sizes
first (``tabular.reader`` does): the copy reads up to their sum.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

#: How workbook parts are compressed; bzip2 and LZMA parts inflate without bound.
METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
CHUNK = 1 << 16
DTD = b"<!DOCTYPE"
#: A cell element of a worksheet part (``<c r="A1">``, ``<c/>``, ``<x:c ...>``).
CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
#: Longer than any match of CELL that matters: what a chunk keeps of the one before.
CELL_TAIL = 64
WORKSHEETS = "xl/worksheets/"


class UnsafeArchive(ValueError):
    """The workbook cannot be read safely; the message says why, for its author."""


def honest_workbook(data: bytes, *, max_cells: int | None = None) -> bytes:
    """A copy of the zip ``data`` whose members hold exactly what their headers declare.

    Raises :class:`UnsafeArchive` for a damaged zip, a part compressed otherwise than
    stored or deflated, a part twice, an XML part with a DTD, or (with ``max_cells``)
    worksheets holding more cells than that, empty ones included: a small file of empty
    styled cells takes a reader minutes, so it is refused while it is being copied.
    """
    cells = [0]
    out = io.BytesIO()
    seen: set[str] = set()
    try:
        with (
            zipfile.ZipFile(io.BytesIO(data)) as source,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
        ):
            for member in source.infolist():
                name = member.filename
                if member.compress_type not in METHODS:
                    raise UnsafeArchive(f"the workbook part {name} has an unusual compression")
                if name in seen:
                    raise UnsafeArchive(f"the workbook part {name} appears twice")
                seen.add(name)
                if not member.is_dir():
                    _copy(source, member, target, cells, max_cells)
    except UnsafeArchive:
        raise
    except (zipfile.BadZipFile, OSError, RuntimeError, zlib.error, ValueError) as exc:
        # BadZipFile covers LargeZipFile; OSError covers EOFError; ValueError, damaged headers.
        raise UnsafeArchive(f"the workbook is damaged ({_short(exc)})") from None
    return out.getvalue()


def _copy(
    source: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    target: zipfile.ZipFile,
    cells: list[int],
    max_cells: int | None,
) -> None:
    xml = member.filename.endswith((".xml", ".rels"))
    sheet = max_cells is not None and member.filename.startswith(WORKSHEETS)
    tail = b""
    with source.open(member) as reader, target.open(member.filename, "w") as writer:
        while chunk := reader.read(CHUNK):
            window = tail + chunk
            if xml and DTD in window:
                raise UnsafeArchive(f"the workbook part {member.filename} has a DTD; refused")
            if sheet:
                # A cell wholly inside the tail was counted with the chunk before.
                cells[0] += sum(1 for m in CELL.finditer(window) if m.end() > len(tail))
                if max_cells is not None and cells[0] > max_cells:
                    raise UnsafeArchive(f"the workbook has more than {max_cells:,} cells; refused")
            tail = window[-CELL_TAIL:]
            writer.write(chunk)


def _short(exc: BaseException) -> str:
    return (" ".join(str(exc).split()) or type(exc).__name__)[:200]
