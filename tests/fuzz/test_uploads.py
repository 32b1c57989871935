"""Workbooks built to hurt: a zip bomb that declares its size, one that lies about it, and
an entity-expansion ("billion laughs") sheet, against the questionnaire upload (web) and
the response import (service and command). Each is refused with a clear message while
the memory Python allocates stays small; hostile response files never raise either.
"""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from flask import Flask
from hypothesis import given
from hypothesis import strategies as st

from selfassess import instrument
from selfassess.imports import parse_responses
from selfassess.services.errors import InvalidInput
from tests.conftest import MINIMAL, PASSWORD
from tests.fuzz.conftest import FUZZ, assert_clear, ran, texts

SHEET = "xl/worksheets/sheet1.xml"
#: The most Python may allocate while refusing a bomb.
MEMORY_LIMIT = 32 * 1024 * 1024
MEGABYTE = b"\0" * (1 << 20)
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
        for n in range(1, 10)
    )
    + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    b"</sheetData></worksheet>"
)


def workbook(
    content: Callable[[Any], None] | bytes | None = None,
    part: str = SHEET,
    method: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A real .xlsx whose ``part`` is replaced: by bytes, or by what ``content`` writes
    into the open zip member (compressed with ``method``)."""
    plain = io.BytesIO()
    book = xlsxwriter.Workbook(plain, {"in_memory": True})
    book.add_worksheet("responses").write_row(0, 0, ["respondent", "role"])
    book.close()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename != part or content is None:
                target.writestr(item, source.read(item))
            elif isinstance(content, bytes):
                target.writestr(part, content)
            else:
                info = zipfile.ZipInfo(part)
                info.compress_type = method
                with target.open(info, "w", force_zip64=True) as member:
                    content(member)
    return out.getvalue()


def zeros(megabytes: int) -> Callable[[Any], None]:
    def write(member: Any) -> None:
        for _ in range(megabytes):
            member.write(MEGABYTE)

    return write


def declare(data: bytes, name: str, size: int) -> bytes:
    """The zip with ``name``'s uncompressed size rewritten to ``size`` (a lying header)."""
    raw = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
        start = archive.start_dir  # type: ignore[attr-defined]
    struct.pack_into("<I", raw, info.header_offset + 22, size)  # local file header
    at = start
    while raw[at : at + 4] == b"PK\x01\x02":  # central directory entries
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", raw, at + 28)
        if raw[at + 46 : at + 46 + name_length].decode() == name:
            struct.pack_into("<I", raw, at + 24, size)
            extra = at + 46 + name_length
            if extra_length >= 12 and raw[extra : extra + 2] == b"\x01\x00":  # zip64 sizes
                struct.pack_into("<Q", raw, extra + 4, size)
                struct.pack_into("<I", raw, at + 24, 0xFFFFFFFF)
        at += 46 + name_length + extra_length + comment_length
    return bytes(raw)


def liar(part: str, megabytes: int, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """``megabytes`` of zeros in ``part``, whose header says 1000 bytes."""
    return declare(workbook(zeros(megabytes), part, method), part, 1000)


@cache
def bombs() -> dict[str, bytes]:
    return {
        # 300 MB of zeros, declared as such.
        "declared": workbook(zeros(300)),
        # 60 MB that claim 1 kB, in a sheet and in parts openpyxl reads whole.
        "lying-sheet": liar(SHEET, 60),
        "lying-styles": liar("xl/styles.xml", 60),
        "lying-workbook": liar("xl/workbook.xml", 60),
        # bzip2 inflates without bound even when read in chunks.
        "bzip2": liar(SHEET, 300, zipfile.ZIP_BZIP2),
        "laughs": workbook(LAUGHS),
    }


@contextmanager
def allocations() -> Iterator[list[int]]:
    """The peak of Python allocations inside the block, in bytes."""
    peak: list[int] = []
    tracemalloc.start()
    try:
        yield peak
    finally:
        peak.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()


def test_the_bombs_are_what_they_claim() -> None:
    found = bombs()
    assert all(len(data) < 1024 * 1024 for data in found.values())
    with zipfile.ZipFile(io.BytesIO(found["declared"])) as archive:
        assert archive.getinfo(SHEET).file_size == 300 << 20
    for kind, part in [("lying-sheet", SHEET), ("lying-styles", "xl/styles.xml")]:
        with zipfile.ZipFile(io.BytesIO(found[kind])) as archive:
            assert archive.getinfo(part).file_size == 1000
            assert archive.getinfo(part).compress_size > 10_000


KINDS = ["declared", "lying-sheet", "lying-styles", "lying-workbook", "bzip2", "laughs"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_bomb_uploaded_as_a_questionnaire_is_refused(
    app: Flask, make_account: Any, kind: str
) -> None:
    client = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
    account = make_account("admin")
    client.post("/auth/login", data={"email": account.email, "password": PASSWORD})
    upload = {"file": (io.BytesIO(bombs()[kind]), f"{kind}.xlsx")}
    with allocations() as peak:
        reply = client.post("/admin/instruments", data=upload)
    assert_clear(reply, allowed=frozenset({422}))
    page = reply.get_data(as_text=True)
    assert "1 problem" in page or "problem" in page.lower()
    assert peak[0] < MEMORY_LIMIT, f"{peak[0]:,} bytes allocated"


@pytest.mark.parametrize("kind", KINDS)
def test_a_bomb_given_as_a_response_file_is_refused(app: Flask, make_round: Any, kind: str) -> None:
    from selfassess.services.imports import import_file

    round_ = make_round()
    with allocations() as peak, pytest.raises(InvalidInput) as refused:
        import_file(round_, bombs()[kind], f"{kind}.xlsx")
    assert refused.value.problems and all(
        line.startswith(f"{kind}.xlsx") for line in refused.value.problems
    )
    assert peak[0] < MEMORY_LIMIT, f"{peak[0]:,} bytes allocated"


@pytest.mark.parametrize("kind", KINDS)
def test_a_bomb_given_as_a_people_file_is_refused(app: Flask, make_round: Any, kind: str) -> None:
    from selfassess.services.invitations import parse_people

    definition = make_round().version.load()
    with allocations() as peak:
        people, errors = parse_people(bombs()[kind], f"{kind}.xlsx", definition)
    assert not people and errors and all(line.startswith(f"{kind}.xlsx") for line in errors)
    assert peak[0] < MEMORY_LIMIT, f"{peak[0]:,} bytes allocated"


def test_the_import_command_refuses_a_bomb_in_one_line(
    app: Flask, make_round: Any, runner: Any, tmp_path: Path
) -> None:
    round_ = make_round()
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bombs()["declared"])
    result = runner.invoke(args=["responses", "import", round_.slug, str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "bomb.xlsx: the workbook unpacks to too much data" in result.output


# -- response files, fuzzed ----------------------------------------------------------------------

DEFINITION, _ = instrument.load(MINIMAL)
COLUMNS = ["respondent", "role", "sex", "years", "COMMENT:ovs-budget"]
COLUMNS += [q.key for q in DEFINITION.iter_questions()] if DEFINITION else []
CELLS = texts | st.sampled_from(["mp", "staff", "female", "3", "dk", "yes", "hearings;questions"])


@FUZZ
@given(
    header=st.lists(st.sampled_from(COLUMNS) | texts, min_size=1, max_size=10),
    rows=st.lists(st.lists(CELLS, max_size=11), max_size=5),
    separator=st.sampled_from([",", ";", "\t"]),
    name=st.sampled_from(["r.csv", "r.xlsx", "r.txt", "r"]),
)
def test_hostile_response_files_get_located_errors_never_an_exception(
    request: pytest.FixtureRequest,
    header: list[str],
    rows: list[list[str]],
    separator: str,
    name: str,
) -> None:
    ran(request)
    lines = [separator.join(cells) for cells in [header, *rows]]
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    parsed, errors = parse_responses(data, name, DEFINITION)
    assert not (parsed and errors)
    assert all(line.startswith(name) for line in errors)


def test_hostile_response_files_through_the_service(
    app: Flask, make_round: Any, request: pytest.FixtureRequest
) -> None:
    from selfassess.services.imports import import_file

    round_ = make_round(state="closed")

    @FUZZ
    @given(
        rows=st.lists(st.lists(CELLS, min_size=2, max_size=len(COLUMNS)), min_size=1, max_size=4)
    )
    def attempt(rows: list[list[str]]) -> None:
        ran(request)
        data = "\n".join(",".join(c.replace(",", " ") for c in row) for row in [COLUMNS, *rows])
        try:
            count = import_file(round_, data.encode("utf-8", "surrogatepass"), "paper.csv")
        except InvalidInput as error:
            assert error.problems or str(error)
        else:
            assert count == len(rows)

    attempt()


@pytest.mark.parametrize("kind", KINDS)
def test_a_bomb_given_as_a_register_or_bodies_file_is_refused(kind: str) -> None:
    from selfassess.recommendations.parse import Known, parse_bodies, parse_register

    with allocations() as peak:
        _register, errors = parse_register(bombs()[kind], f"{kind}.xlsx", Known())
        _bodies, body_errors = parse_bodies(bombs()[kind], f"{kind}.xlsx")
    for lines in (errors, body_errors):
        assert lines and all(line.startswith(f"{kind}.xlsx") for line in lines)
    assert peak[0] < MEMORY_LIMIT, f"{peak[0]:,} bytes allocated"
