"""The response import parser: good files, every error located, hostile input."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from import_builders import make_definition
from openpyxl.utils.exceptions import IllegalCharacterError

from selfassess.imports import ParsedResponse, parse_responses
from selfassess.imports import responses as module
from selfassess.instrument.model import Definition

#: Hypothesis tests cannot take function-scoped fixtures.
_DEFINITION = make_definition()


@pytest.fixture
def definition() -> Definition:
    return make_definition()


HEADER = "respondent,role,sex,faction,age,unit,q1,COMMENT:q1,q2,q3,q4,q5,q6,q7,q8"
GOOD = (
    HEADER
    + "\n"
    + "A1,mp,female,mpp,44,Legal,3.0,Well done,5,x, a ; b ,12.50,=SUM(A1),dk,0.50\n"
    + "A2,staff,male,,,,,only a comment,,y,c,0,,,1\n"
)


def parse(text: str | bytes, definition: Definition, name: str = "f.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_responses(data, name, definition)


def with_row(row: str, header: str = HEADER) -> str:
    return f"{header}\nOK,mp,female,,,,1,,,,,,,,\n{row}\n"


def test_good_file_parses_to_canonical_values(definition: Definition) -> None:
    responses, errors = parse(GOOD, definition)
    assert errors == []
    assert responses == [
        ParsedResponse(
            "A1",
            "mp",
            {"sex": "female", "faction": "mpp", "age": 44, "unit": "Legal"},
            {
                "q1": ("3", "Well done"),
                "q2": ("5", None),
                "q3": ("x", None),
                "q4": ("a;b", None),
                "q5": ("12.5", None),
                "q6": ("=SUM(A1)", None),
                "q7": ("dk", None),
                "q8": ("0.5", None),
            },
        ),
        ParsedResponse(
            "A2",
            "staff",
            {"sex": "male"},
            {
                "q1": (None, "only a comment"),
                "q3": ("y", None),
                "q4": ("c", None),
                "q5": ("0", None),
                "q8": ("1", None),
            },
        ),
    ]


def test_bom_and_semicolons(definition: Definition) -> None:
    text = GOOD.replace(",", ";").replace(" a ; b ", '" a ; b "')
    responses, errors = parse(b"\xef\xbb\xbf" + text.encode(), definition)
    assert errors == []
    assert [r.respondent for r in responses] == ["A1", "A2"]
    assert responses[0].answers["q4"] == ("a;b", None)


def test_tabs_and_crlf(definition: Definition) -> None:
    text = GOOD.replace(",", "\t").replace("\n", "\r\n")
    responses, errors = parse(text, definition, "f.tsv")
    assert errors == []
    assert responses[0].profile["unit"] == "Legal"


def test_quoted_cells_with_delimiters_and_newlines(definition: Definition) -> None:
    text = HEADER + '\nA1,mp,,,,,,"line one,\nline two",,,,,"He said ""yes""",,\n'
    responses, errors = parse(text, definition)
    assert errors == []
    assert responses[0].answers["q1"] == (None, "line one,\nline two")
    assert responses[0].answers["q6"] == ('He said "yes"', None)


def xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_input(definition: Definition) -> None:
    header = HEADER.split(",")
    data = xlsx(
        [
            header,
            [
                "A1",
                "mp",
                "female",
                "mpp",
                44,
                "Legal",
                3,
                "Well done",
                5.0,
                "x",
                "a;b",
                12.5,
                "=SUM(A1)",
                "dk",
                0.5,
            ],
            [],
            [1002, "staff", None, None, None, None, None, None, None, "y"],
        ]
    )
    responses, errors = parse(data, definition, "responses.xlsx")
    assert errors == []
    assert [r.respondent for r in responses] == ["A1", "1002"]
    first = responses[0]
    assert first.profile == {"sex": "female", "faction": "mpp", "age": 44, "unit": "Legal"}
    assert first.answers["q1"] == ("3", "Well done")
    assert first.answers["q2"] == ("5", None)
    assert first.answers["q5"] == ("12.5", None)
    assert first.answers["q8"] == ("0.5", None)
    assert responses[1].answers == {"q3": ("y", None)}


def test_xlsx_errors_name_the_spreadsheet_row(definition: Definition) -> None:
    data = xlsx([["respondent", "role", "q3"], ["A1", "mp", "x"], [], ["A2", "mp", "zz"]])
    assert parse(data, definition, "r.xlsx") == (
        [],
        ["r.xlsx:4:q3: 'zz' is not an option of q3 (x, y)"],
    )


ROW_ERRORS = [
    (
        "A,mp,female,,,,7,,,,,,,,",
        "f.csv:3:q1: '7' is not a point value of scale grade6 "
        "(0, 1, 2, 3, 4, 5) nor a missing code (dk, na)",
    ),
    ("A,mp,female,,,,,,,z,,,,,", "f.csv:3:q3: 'z' is not an option of q3 (x, y)"),
    ("A,mp,female,,,,,,,,a;zz,,,,", "f.csv:3:q4: 'zz' is not an option of q4 (a, b, c)"),
    ("A,mp,female,,,,,,,,,150,,,", "f.csv:3:q5: 150 is above the maximum 100"),
    ("A,mp,female,,,,,,,,,-1,,,", "f.csv:3:q5: -1 is below the minimum 0"),
    ("A,mp,female,,,,,,,,,ten,,,", "f.csv:3:q5: 'ten' is not a number"),
    ("A,mp,female,,,,,,,,,nan,,,", "f.csv:3:q5: 'nan' is not a number"),
    (
        "A,mp,female,,,,,,,,,,,,0.25",
        "f.csv:3:q8: '0.25' is not a point value of scale half "
        "(0, 0.5, 1) nor a missing code (none)",
    ),
    ("A,mp,other,,,,,,,,,,,,", "f.csv:3:sex: 'other' is not an option of sex (female, male)"),
    ("A,mp,,,old,,,,,,,,,,", "f.csv:3:age: 'old' is not a number"),
    ("A,staff,,,,,,,4,,,,,,", "f.csv:3:q2: question q2 does not apply to role staff"),
    (
        "A,staff,,mpp,,,,,,,,,,,",
        "f.csv:3:faction: the profile field faction does not apply to role staff",
    ),
    ("A,boss,,,,,,,,,,,,,", "f.csv:3:role: unknown role 'boss' (roles: mp, staff)"),
    ("A,,,,,,,,,,,,,,", "f.csv:3:role: the role is empty"),
    (",mp,,,,,1,,,,,,,,", "f.csv:3:respondent: the respondent id is empty"),
    ("OK,mp,,,,,1,,,,,,,,", "f.csv:3:respondent: duplicate respondent id 'OK' (first on row 2)"),
    ("A,mp,,,,,1,,,,,,,,,,extra", "f.csv:3:column 17: a value beyond the header"),
]


@pytest.mark.parametrize(("row", "error"), ROW_ERRORS)
def test_each_row_error_is_located(definition: Definition, row: str, error: str) -> None:
    assert parse(with_row(row), definition) == ([], [error])


def test_comment_errors_are_located(definition: Definition) -> None:
    header = "respondent,role,q2,COMMENT:q2,q7,COMMENT:q7"
    text = f"{header}\nA,staff,,why,,\nB,mp,1,fine,2,not allowed\n"
    assert parse(text, definition)[1] == [
        "f.csv:2:COMMENT:q2: question q2 does not apply to role staff",
        "f.csv:3:COMMENT:q7: question q7 takes no comment",
    ]


@pytest.mark.parametrize(
    ("header", "errors"),
    [
        (
            "respondent,role,q1,foo",
            [
                "f.csv:1:foo: unknown column (not respondent, role, a "
                "profile field, a question or COMMENT:question)"
            ],
        ),
        (
            "respondent,role,COMMENT:zz",
            ["f.csv:1:COMMENT:zz: unknown question 'zz' in a comment column"],
        ),
        ("respondent,role,q1,q1", ["f.csv:1:q1: duplicate column (also column 3)"]),
        ("role,q1", ["f.csv:1:respondent: the column 'respondent' is missing"]),
        ("respondent,q1", ["f.csv:1:role: the column 'role' is missing"]),
        (
            "q1",
            [
                "f.csv:1:respondent: the column 'respondent' is missing",
                "f.csv:1:role: the column 'role' is missing",
            ],
        ),
    ],
)
def test_each_header_error_is_located(definition: Definition, header: str, errors) -> None:
    assert parse(f"{header}\nA,mp\n", definition) == ([], errors)


def test_every_error_is_reported_and_nothing_returned(definition: Definition) -> None:
    text = "respondent,role,q1,q3,foo\nA,mp,9,z,\nA,staff,1,x,\nB,nobody,dk,q,\n"
    responses, errors = parse(text, definition, "many.csv")
    assert responses == []
    assert errors == [
        "many.csv:1:foo: unknown column (not respondent, role, a profile field, a question or "
        "COMMENT:question)",
        "many.csv:2:q1: '9' is not a point value of scale grade6 (0, 1, 2, 3, 4, 5) nor a "
        "missing code (dk, na)",
        "many.csv:2:q3: 'z' is not an option of q3 (x, y)",
        "many.csv:3:respondent: duplicate respondent id 'A' (first on row 2)",
        "many.csv:4:role: unknown role 'nobody' (roles: mp, staff)",
        "many.csv:4:q3: 'q' is not an option of q3 (x, y)",
    ]


def test_value_under_an_empty_header(definition: Definition) -> None:
    text = "respondent,role,,q1\nA,mp,,1\nB,mp,lost,2\n"
    assert parse(text, definition) == ([], ["f.csv:3:column 3: a value under an empty header"])


def test_blank_rows_and_short_rows(definition: Definition) -> None:
    text = "respondent,role,q1,q3\n\nA,mp,1\n,,,\n"
    responses, errors = parse(text, definition)
    assert errors == []
    assert responses == [ParsedResponse("A", "mp", {}, {"q1": ("1", None)})]


@pytest.mark.parametrize(
    ("data", "name", "error"),
    [
        (b"", "f.csv", "f.csv: the file is empty: expected a header row"),
        (
            b"respondent,role\n\xff\xfe",
            "f.csv",
            "f.csv: not UTF-8 text (byte 16); save the file as CSV UTF-8 or XLSX",
        ),
        (
            b"PK\x03\x04junk",
            "f.csv",
            "f.csv: not an XLSX workbook (the file is not a valid zip archive)",
        ),
        (
            b"respondent,role",
            "f.xlsx",
            "f.xlsx: not an XLSX workbook (the file is not a valid zip archive)",
        ),
    ],
)
def test_unreadable_files(definition: Definition, data: bytes, name: str, error: str) -> None:
    assert parse(data, definition, name) == ([], [error])


def test_zip_that_is_not_a_workbook(definition: Definition) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    _, errors = parse(out.getvalue(), definition, "f.xlsx")
    # The one reader names the missing part (it said KeyError before the reader was shared).
    assert errors == ["f.xlsx: not a readable XLSX workbook (the workbook part is missing)"]


def test_zip_bomb_is_refused(definition: Definition, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "MAX_UNPACKED_BYTES", 1_000_000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 2_000_000)
    assert len(out.getvalue()) < 10_000
    _, errors = parse(out.getvalue(), definition, "bomb.xlsx")
    assert errors == ["bomb.xlsx: the workbook unpacks to too much data"]


def test_size_and_row_limits(definition: Definition, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "MAX_ROWS", 2)
    text = "respondent,role\n" + "".join(f"R{i},mp\n" for i in range(3))
    assert parse(text, definition)[1] == ["f.csv: more than 2 rows"]
    monkeypatch.setattr(module, "MAX_BYTES", 10)
    assert parse(text, definition)[1] == ["f.csv: the file is larger than 0 MB"]


def test_too_many_errors_are_summarised(
    definition: Definition, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(module, "MAX_ERRORS", 3)
    text = "respondent,role,q3\n" + "".join(f"R{i},mp,zz\n" for i in range(5))
    errors = parse(text, definition)[1]
    assert len(errors) == 4
    assert errors[-1] == "f.csv: 2 more errors not shown"


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=400), name=st.sampled_from(["r.csv", "r.xlsx", "r"]))
def test_random_bytes_never_raise(data: bytes, name: str) -> None:
    responses, errors = parse_responses(data, name, _DEFINITION)
    assert isinstance(responses, list) and isinstance(errors, list)


@settings(max_examples=200, deadline=None)
@given(
    body=st.text(alphabet=st.sampled_from(list("abq1235.;,\t\n\"'x COMMENT:rolesp-")), max_size=300)
)
def test_random_csv_text_never_raises(body: str) -> None:
    data = ("respondent,role,q1,q4,COMMENT:q1,sex\n" + body).encode()
    responses, errors = parse_responses(data, "r.csv", _DEFINITION)
    assert not (responses and errors)


@settings(max_examples=30, deadline=None)
@given(
    cells=st.lists(
        st.lists(st.one_of(st.none(), st.integers(), st.floats(), st.text(max_size=5)), max_size=6),
        max_size=5,
    )
)
def test_random_xlsx_cells_never_raise(cells: list[list[object]]) -> None:
    rows: list[list[object]] = [["respondent", "role", "q1", "q5", "age", "q4"], *cells]
    try:
        data = xlsx(rows)
    except IllegalCharacterError:  # openpyxl refuses control characters
        return
    responses, errors = parse_responses(data, "r.xlsx", _DEFINITION)
    assert not (responses and errors)
