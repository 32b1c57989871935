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
#: A DTD, which can only be an entity-expansion bomb, in each encoding an XML parser
#: detects by itself (UTF-8 and the ASCII-compatible ones, UTF-16 either way round).
DTDS = tuple("<!DOCTYPE".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be"))
#: A cell element of a worksheet part (``<c r="A1">``, ``<c/>``, ``<x:c ...>``).
CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
#: Longer than any match of CELL that matters: what a chunk keeps of the one before.
CELL_TAIL = 64
#: Images and other binary parts: never parsed as XML, not scanned.
MEDIA = "xl/media/"


class UnsafeArchive(ValueError):
    """The workbook cannot be read safely; the message says why, for its author."""


def honest_workbook(data: bytes, *, max_cells: int | None = None) -> bytes:
    """A copy of the zip ``data`` whose members hold exactly what their headers declare.

    Raises :class:`UnsafeArchive` for a damaged zip, a part compressed otherwise than
    stored or deflated, a part twice, a part with a DTD, or (with ``max_cells``) parts
    holding more cells than that, empty ones included: a small file of empty styled
    cells takes a reader minutes, so it is refused while it is being copied. Every part
    but images is scanned, whatever its name: the workbook's relations may call a sheet
    anything.
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
    scanned = not member.filename.startswith(MEDIA)
    tail = b""
    with source.open(member) as reader, target.open(member.filename, "w") as writer:
        while chunk := reader.read(CHUNK):
            window = tail + chunk
            if scanned:
                _scan(member.filename, window, len(tail), cells, max_cells)
            tail = window[-CELL_TAIL:]
            writer.write(chunk)


def _scan(
    name: str,
    window: bytes,
    seen: int,
    cells: list[int],
    max_cells: int | None,
) -> None:
    """Check one chunk of a part (``window``: the chunk after ``seen`` bytes of the one
    before, so that nothing is missed across the boundary, and nothing counted twice)."""
    if any(dtd in window for dtd in DTDS):
        raise UnsafeArchive(f"the workbook part {name} has a DTD; refused")
    if max_cells is not None:
        cells[0] += sum(1 for m in CELL.finditer(window) if m.end() > seen)
        if cells[0] > max_cells:
            raise UnsafeArchive(f"the workbook has more than {max_cells:,} cells; refused")


def _short(exc: BaseException) -> str:
    return (" ".join(str(exc).split()) or type(exc).__name__)[:200]
