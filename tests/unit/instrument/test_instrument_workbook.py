"""The workbook form: equal meaning to YAML, errors naming sheet and row, hostile files."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from instrument_helpers import MINIMAL, column_of, edit_workbook, row_of, show
from openpyxl import Workbook

from selfassess.instrument import Definition, Issue, load, load_bytes, to_workbook
from selfassess.instrument import xlsx as xlsx_module


@pytest.fixture(scope="module")
def minimal() -> Definition:
    definition, issues = load(MINIMAL)
    assert definition is not None, issues
    return definition


@pytest.fixture(scope="module")
def workbook(minimal: Definition) -> bytes:
    return to_workbook(minimal)


def issues_after(workbook: bytes, change: Callable[[Any], None]) -> list[Issue]:
    definition, issues = load_bytes(edit_workbook(workbook, change), "q.xlsx")
    assert definition is None
    assert issues
    return issues


def put(wb: Any, sheet: str, row: int, column: int, value: Any) -> None:
    wb[sheet].cell(row, column).value = value


def rename(old: str, new: str) -> Callable[[Any], None]:
    def change(wb: Any) -> None:
        wb[old].title = new

    return change


def found(issues: list[Issue], location: str, fragment: str) -> bool:
    return any(i.location == location and fragment in i.message for i in issues)


def test_sheets_written(workbook: bytes) -> None:
    names: list[str] = []
    edit_workbook(workbook, lambda wb: names.extend(wb.sheetnames))
    assert names == [
        "settings",
        "roles",
        "scales",
        "dimensions",
        "questions",
        "options",
        "profile",
        "profile_options",
    ]


def test_hand_written_workbook_means_the_same(minimal: Definition) -> None:
    """A consultant's workbook: yes/no, numbers as text, commas, no optional sheets' defaults."""
    book = Workbook()
    sheets: dict[str, list[list[Any]]] = {
        "settings": [
            [
                "key",
                "version",
                "languages",
                "title::en",
                "title::mn",
                "description::en",
                "description::mn",
            ],
            ["minimal", "1", "en, mn", *_texts(minimal.title), *_texts(minimal.description)],
        ],
        "roles": [
            ["key", "label::en", "label::mn"],
            *([r.key, *_texts(r.label)] for r in minimal.roles),
        ],
        "scales": [
            ["scale", "value", "code", "label::en", "label::mn"],
            *(
                row
                for s in minimal.scales
                for row in (
                    *([s.key, str(p.value), None, *_texts(p.label)] for p in s.points),
                    *([s.key, None, m.code, *_texts(m.label)] for m in s.missing),
                )
            ),
        ],
        "dimensions": [
            [
                "Key",
                "parent",
                "weight",
                "title::en",
                "title::mn",
                "description::en",
                "description::mn",
            ],
            # children before their parent: the order that counts is among siblings
            *(
                [
                    d.key,
                    d.parent,
                    None if d.weight == 1 else d.weight,
                    *_texts(d.title),
                    *_texts(d.description),
                ]
                for d in sorted(minimal.iter_dimensions(), key=lambda d: d.parent is None)
            ),
        ],
        "questions": [
            [
                *("key", "dimension", "type", "scale", "roles", "weight", "reverse"),
                *(
                    "required",
                    "comment",
                    "min",
                    "max",
                    "text::en",
                    "text::mn",
                    "help::en",
                    "help::mn",
                ),
            ],
            *(
                [
                    q.key,
                    q.dimension,
                    q.type,
                    q.scale,
                    ", ".join(q.roles) if q.roles != minimal.role_keys else None,
                    None if q.weight == 1 else str(q.weight),
                    "yes" if q.reverse else None,
                    "yes" if q.required else "no",
                    1 if q.comment else 0,
                    q.min,
                    q.max,
                    *_texts(q.text),
                    *_texts(q.help),
                ]
                for q in minimal.iter_questions()
            ),
        ],
        "options": [
            ["question", "code", "label::en", "label::mn"],
            *(
                [q.key, o.code, *_texts(o.label)]
                for q in minimal.iter_questions()
                for o in q.options
            ),
        ],
        "profile": [
            ["key", "type", "roles", "label::en", "label::mn"],
            *(
                [
                    f.key,
                    f.type,
                    " ".join(f.roles) if f.roles != minimal.role_keys else None,
                    *_texts(f.label),
                ]
                for f in minimal.profile
            ),
        ],
        "profile_options": [
            ["field", "code", "label::en", "label::mn"],
            *([f.key, o.code, *_texts(o.label)] for f in minimal.profile for o in f.options),
        ],
    }
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet("Settings" if name == "settings" else name)
        for row in rows:
            sheet.append(row)
        sheet.append([])  # trailing empty rows are ignored
    buffer = io.BytesIO()
    book.save(buffer)
    definition, issues = load_bytes(buffer.getvalue(), "hand.xlsx")
    assert issues == [], show(issues)
    assert definition == minimal


def _texts(text: Any) -> list[str | None]:
    return [None, None] if text is None else [text.get("en"), text.get("mn")]


# -- errors name the sheet and the row or cell ---------------------------------------------------


def test_unknown_scale_names_the_cell(workbook: bytes) -> None:
    def change(wb: Any) -> None:
        sheet = wb["questions"]
        row = row_of(sheet, 1, "rep-women-harassment")
        sheet.cell(row, column_of(sheet, "scale"), "agree7")

    issues = issues_after(workbook, change)
    assert [str(i) for i in issues] == [
        "q.xlsx:questions!D3: questions.rep-women-harassment: unknown scale 'agree7' "
        "(known: grade6, agree5)"
    ]


def test_missing_translation_names_the_row(workbook: bytes) -> None:
    def change(wb: Any) -> None:
        sheet = wb["questions"]
        sheet.cell(row_of(sheet, 1, "ovs-tools"), column_of(sheet, "text::mn")).value = None

    issues = issues_after(workbook, change)
    assert found(issues, "questions!6", "questions.ovs-tools.text: missing the 'mn' translation")


def test_several_errors_in_several_sheets(workbook: bytes) -> None:
    def change(wb: Any) -> None:
        wb["settings"]["B2"] = 0
        wb["roles"]["A3"] = "Staff Members"
        wb["scales"]["B3"] = "high"
        wb["dimensions"]["C3"] = -2
        questions = wb["questions"]
        questions.cell(row_of(questions, 1, "ovs-example"), column_of(questions, "type"), "essay")
        questions.cell(row_of(questions, 1, "ovs-budget"), 1, "rep-women-leadership")
        wb["options"]["B3"] = "yes"
        wb["profile_options"]["A2"] = "gender"

    issues = issues_after(workbook, change)
    expected = [
        ("settings!B2", "version: must be a whole number of 1 or more"),
        ("roles!A3", "invalid key 'Staff Members'"),
        ("scales!B3", "expected a number, got a text"),
        ("dimensions!C3", "must be greater than 0"),
        ("questions!C7", "unknown question type 'essay'"),
        ("questions!A8", "duplicate question key 'rep-women-leadership' (first at questions!A2)"),
        ("options!B3", "duplicate option code 'yes'"),
        ("profile_options!A2", "unknown profile field 'gender'"),
    ]
    for location, fragment in expected:
        assert found(issues, location, fragment), f"{location}: {fragment}\n{show(issues)}"


@pytest.mark.parametrize(
    ("change", "location", "fragment"),
    [
        (
            lambda wb: put(wb, "questions", 1, 16, "colour"),
            "questions!P1",
            "unknown column 'colour'",
        ),
        (
            lambda wb: put(wb, "questions", 1, 16, "text"),
            "questions!P1",
            "needs a language, like 'text::en'",
        ),
        (
            lambda wb: put(wb, "questions", 1, 16, "key"),
            "questions!P1",
            "column 'key' appears twice",
        ),
        (
            lambda wb: (
                put(wb, "questions", 1, 16, "text::fr") or put(wb, "questions", 2, 16, "Texte")
            ),
            "questions!P2",
            "language 'fr' is not one of the languages (en, mn)",
        ),
        (
            lambda wb: put(wb, "questions", 4, 20, "stray"),
            "questions!T4",
            "a value in a column without",
        ),
        (
            lambda wb: put(wb, "questions", 4, 2, "nowhere"),
            "questions!B4",
            "unknown dimension 'nowhere'",
        ),
        (
            lambda wb: put(wb, "questions", 4, 2, None),
            "questions!4",
            "the 'dimension' column is empty",
        ),
        (lambda wb: put(wb, "options", 2, 1, "q-none"), "options!A2", "unknown question 'q-none'"),
        (
            lambda wb: put(wb, "dimensions", 3, 2, "nowhere"),
            "dimensions!B3",
            "unknown parent dimension",
        ),
        (
            lambda wb: put(wb, "dimensions", 2, 2, "rep-women"),
            "dimensions!B2",
            "goes round in a circle",
        ),
        (lambda wb: put(wb, "scales", 2, 3, "xx"), "scales!2", "not both"),
        (lambda wb: put(wb, "scales", 2, 2, None), "scales!2", "give either a value"),
        (
            lambda wb: put(wb, "roles", 3, 1, "mp"),
            "roles!3",
            "duplicate role 'mp' (first at roles!A2)",
        ),
        (lambda wb: put(wb, "settings", 3, 1, "again"), "settings!3", "this is a second"),
        (lambda wb: put(wb, "settings", 2, 3, "en, en"), "settings!C2", "duplicate language 'en'"),
        (lambda wb: put(wb, "settings", 2, 6, None), "settings!2", "title: missing the 'mn'"),
        (
            rename("options", "Option"),
            "Option!1",
            "unknown sheet 'Option': did you mean 'options'?",
        ),
        (lambda wb: wb.remove(wb["roles"]), "roles!1", "the workbook has no 'roles' sheet"),
        (lambda wb: put(wb, "questions", 2, 8, "maybe"), "questions!H2", "expected true or false"),
        (lambda wb: put(wb, "questions", 4, 6, 2), "questions!F4", "'weight' is only for scale"),
        (lambda wb: wb["questions"].delete_rows(2, 20), "dimensions!3", "has neither"),
        (lambda wb: wb.remove(wb["options"]), "questions!5", "a choice question needs 'options'"),
    ],
    ids=[
        "unknown-column",
        "text-column-without-language",
        "duplicate-column",
        "unlisted-language-column",
        "value-without-header",
        "unknown-dimension",
        "empty-dimension",
        "option-of-unknown-question",
        "unknown-parent",
        "parent-cycle",
        "scale-row-with-value-and-code",
        "scale-row-with-neither",
        "duplicate-role",
        "two-settings-rows",
        "duplicate-language",
        "settings-title-missing",
        "misspelt-sheet",
        "missing-sheet",
        "bad-boolean",
        "weight-on-number-question",
        "no-questions",
        "no-options-sheet",
    ],
)
def test_workbook_error_location(
    workbook: bytes, change: Callable[[Any], Any], location: str, fragment: str
) -> None:
    issues = issues_after(workbook, change)
    assert found(issues, location, fragment), f"{location}: {fragment}\n{show(issues)}"


def test_missing_sheet_is_reported_once(workbook: bytes) -> None:
    issues = issues_after(workbook, lambda wb: wb.remove(wb["roles"]))
    assert [i.location for i in issues].count("roles!1") == 1


def test_issues_come_in_sheet_and_row_order(workbook: bytes) -> None:
    def change(wb: Any) -> None:
        wb["questions"]["C5"] = "essay"
        wb["questions"]["C3"] = "essay"
        wb["roles"]["A2"] = "M P"

    issues = issues_after(workbook, change)
    assert [i.location for i in issues] == ["roles!A2", "questions!C3", "questions!C5"]


# -- hostile or broken files ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"", b"not a zip at all", b"PK\x03\x04" + b"\x00" * 100, MINIMAL.read_bytes()],
    ids=["empty", "text", "broken-zip", "yaml-named-xlsx"],
)
def test_not_a_workbook(data: bytes) -> None:
    definition, issues = load_bytes(data, "q.xlsx")
    assert definition is None
    assert [i.location for i in issues] == ["1"]
    assert "not an XLSX workbook" in issues[0].message  # the one reader's words (tabular)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_without_workbook_part() -> None:
    _, issues = load_bytes(_zip({"hello.txt": b"hi"}), "q.xlsx")
    assert [(i.location, "workbook part is missing" in i.message) for i in issues] == [("1", True)]


def test_decompression_bomb_is_refused_before_unpacking() -> None:
    bomb = _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"\x00" * (xlsx_module.MAX_UNCOMPRESSED_BYTES + 1),
        }
    )
    assert len(bomb) < 200_000
    _, issues = load_bytes(bomb, "bomb.xlsx")
    assert [i.location for i in issues] == ["1"]
    assert "unpacks to too much data" in issues[0].message  # the one reader's words


def test_too_many_zip_entries(monkeypatch: pytest.MonkeyPatch, workbook: bytes) -> None:
    monkeypatch.setattr(xlsx_module, "MAX_ZIP_ENTRIES", 3)
    _, issues = load_bytes(workbook, "q.xlsx")
    assert [i.location for i in issues] == ["1"] and "parts" in issues[0].message


def test_dtd_is_refused() -> None:
    doctype = b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]><workbook/>'
    data = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": doctype})
    _, issues = load_bytes(data, "q.xlsx")
    assert [i.location for i in issues] == ["1"] and "DTD" in issues[0].message


def test_zip_that_is_no_spreadsheet() -> None:
    data = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    definition, issues = load_bytes(data, "q.xlsx")
    assert definition is None and [i.location for i in issues] == ["1"]


def test_rows_beyond_the_limit(monkeypatch: pytest.MonkeyPatch, workbook: bytes) -> None:
    monkeypatch.setattr(xlsx_module, "MAX_ROWS", 5)
    definition, issues = load_bytes(workbook, "q.xlsx")
    assert definition is None
    assert found(issues, "questions!6", "the sheet has more than 5 rows")


def test_columns_beyond_the_limit(monkeypatch: pytest.MonkeyPatch, workbook: bytes) -> None:
    monkeypatch.setattr(xlsx_module, "MAX_COLUMNS", 12)
    definition, issues = load_bytes(workbook, "q.xlsx")
    assert definition is None
    assert found(issues, "questions!M1", "the sheet has more than 12 columns")


def test_formula_text_is_written_as_text(minimal: Definition) -> None:
    from dataclasses import replace

    role = replace(minimal.roles[0], label={"en": "=1+1", "mn": "@SUM(A1)"})
    changed = replace(minimal, roles=(role, *minimal.roles[1:]))
    definition, issues = load_bytes(to_workbook(changed), "q.xlsx")
    assert issues == [] and definition is not None
    assert definition.roles[0].label == {"en": "=1+1", "mn": "@SUM(A1)"}


def test_question_without_a_dimension_is_still_checked(workbook: bytes) -> None:
    def change(wb: Any) -> None:
        put(wb, "questions", 7, 2, "nowhere")
        put(wb, "questions", 7, 3, "essay")

    issues = issues_after(workbook, change)
    assert found(issues, "questions!B7", "unknown dimension 'nowhere'")
    assert found(issues, "questions!C7", "questions.ovs-example.type: unknown question type")


def test_cells_typed_by_excel_are_read_as_meant(workbook: bytes, minimal: Definition) -> None:
    def change(wb: Any) -> None:
        put(wb, "settings", 2, 2, 1.0)  # version typed as a float
        put(wb, "questions", 5, 8, "Yes")  # required of ovs-committee
        put(wb, "questions", 6, 5, "staff")  # roles of ovs-tools as typed

    definition, issues = load_bytes(edit_workbook(workbook, change), "q.xlsx")
    assert issues == [] and definition == minimal


def test_boolean_cell_in_a_text_column(workbook: bytes) -> None:
    issues = issues_after(workbook, lambda wb: put(wb, "roles", 2, 1, True))
    assert found(issues, "roles!A2", "invalid key 'TRUE'")


def test_other_sheets_are_left_alone(workbook: bytes, minimal: Definition) -> None:
    def change(wb: Any) -> None:
        wb.create_sheet("Sheet")
        wb.create_sheet("Notes")["A1"] = "Written by the consultant"

    assert load_bytes(edit_workbook(workbook, change), "q.xlsx") == (minimal, [])
