"""A small SQLite record carver: what a forensic tool finds in a database file, its
write-ahead log or its free pages, whatever the b-tree still says is live.

SQLite stores a row as a record: a header (its length, then one "serial type" per
column) followed by the values. Given the column names of a table and a value known to
sit in one column (here an invitation's token hash), :func:`carve` finds every copy of a
row, live or dead, by trying each plausible header start before each occurrence.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import Any


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = 0
    for i in range(9):
        if at + i >= len(data):
            raise IndexError
        byte = data[at + i]
        if i == 8:
            return (value << 8) | byte, at + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    raise IndexError


_INT_SIZES = {1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8, 7: 8}


def _size(serial: int) -> int:
    if serial in _INT_SIZES:
        return _INT_SIZES[serial]
    if serial >= 12:
        return (serial - 12) // 2 if serial % 2 == 0 else (serial - 13) // 2
    return 0


def _value(serial: int, raw: bytes) -> Any:
    if serial == 0:
        return None
    if serial in (8, 9):
        return serial - 8
    if 1 <= serial <= 6:
        return int.from_bytes(raw, "big", signed=True)
    if serial == 7:
        return struct.unpack(">d", raw)[0]
    if serial >= 13 and serial % 2:
        return raw.decode("utf-8", "replace")
    return raw


def carve(data: bytes, columns: list[str], anchor: str, needle: bytes) -> Iterator[dict[str, Any]]:
    """Every record of a table with ``columns`` whose ``anchor`` column holds ``needle``."""
    index = columns.index(anchor)
    start = 0
    while (found := data.find(needle, start)) != -1:
        start = found + 1
        for header_at in range(max(0, found - 400), found):
            record = _record_at(data, header_at, len(columns))
            if record is None:
                continue
            serials, body_at = record
            offset = body_at + sum(_size(s) for s in serials[:index])
            if offset != found or serials[index] != 2 * len(needle) + 13:
                continue
            values, at = {}, body_at
            for name, serial in zip(columns, serials, strict=True):
                values[name] = _value(serial, data[at : at + _size(serial)])
                at += _size(serial)
            yield values
            break


def _record_at(data: bytes, at: int, count: int) -> tuple[list[int], int] | None:
    try:
        header_length, cursor = _varint(data, at)
        if not 1 < header_length <= 9 * count + 9:
            return None
        serials = []
        while cursor < at + header_length:
            serial, cursor = _varint(data, cursor)
            if serial in (10, 11):
                return None
            serials.append(serial)
    except IndexError:
        return None
    if cursor != at + header_length or len(serials) != count:
        return None
    return serials, cursor
