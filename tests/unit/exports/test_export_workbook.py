"""The consultant's workbook, read back with openpyxl."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import openpyxl
import pandas as pd
import pytest
from export_builders import (
    FORMULAS,
    GENERATED,
    MN_TITLE,
    make_comments,
    make_data,
    make_definition,
)
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from selfassess.exports import SHEETS, build_workbook
from selfassess.instrument.model import Definition

HEAD = 5  # first data row (1-based) of the Dimensions and Questions sheets


def build(definition: Definition, results: dict[str, Any], **kw: Any) -> bytes:
    kw.setdefault("data", make_data())
    kw.setdefault("comments", make_comments())
    return build_workbook(
        definition,
        results,
        generated_at=GENERATED,
        software_version="9.8.7",
        round_title="Baseline 2025",
        **kw,
    )


def open_book(content: bytes) -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


@pytest.fixture
def book(definition: Definition, results: dict[str, Any]) -> Workbook:
    return open_book(build(definition, results))


def rows(ws: Worksheet) -> Iterator[tuple[Any, ...]]:
    yield from ws.iter_rows(values_only=True)


def find_row(ws: Worksheet, column: int, value: str) -> int:
    """The 1-based row whose cell in ``column`` (1-based) holds ``value``."""
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, column).value == value:
            return row
    raise AssertionError(f"{value!r} not in column {column} of {ws.title}")


def test_sheets_in_spec_order(book: Workbook) -> None:
    assert book.sheetnames == list(SHEETS)
    assert SHEETS == (
        "Summary",
        "Dimensions",
        "Questions",
        "Comments",
        "Data",
        "Codebook",
        "Method",
    )


def test_summary_has_round_counts_and_overall_index(book: Workbook, results: dict) -> None:
    ws = book["Summary"]
    values = [v for row in rows(ws) for v in row if v is not None]
    assert "baseline-2025 — Baseline 2025" in values
    assert "Parliament self-assessment (test-instrument v3)" in values
    assert "2025-06-01 09:30 UTC" in values
    assert "selfassess 9.8.7" in values
    assert ws.cell(find_row(ws, 1, "Submitted responses"), 2).value == 12
    assert ws.cell(find_row(ws, 1, "Drafts (never counted)"), 2).value == 2
    # Counts by role come from the data: 7 MPs, 5 staff.
    assert ws.cell(find_row(ws, 1, "Member of Parliament"), 2).value == 7
    assert ws.cell(find_row(ws, 1, "Staff"), 2).value == 5
    for group, cell in results["overall"].items():
        row = find_row(ws, 2, group)
        if cell.get("suppressed"):  # nothing of a suppressed cell, not even its n
            assert [ws.cell(row, c).value for c in (3, 4, 5, 6, 7)] == ["n<5"] * 5
        else:
            assert ws.cell(row, 3).value == cell["n"]
            assert [ws.cell(row, c).value for c in (4, 5, 6)] == [
                cell["score"],
                cell["sd"],
                cell["median"],
            ]
    assert ws.cell(find_row(ws, 2, "role=mp,sex=female"), 1).value == (
        "Member of Parliament · Female"
    )


def test_dimensions_match_results_with_suppression_and_gap(book: Workbook, results: dict) -> None:
    ws = book["Dimensions"]
    groups = results["groups"]
    for i, dim in enumerate(results["dimensions"]):
        row = HEAD + 1 + i
        assert ws.cell(row, 1).value == dim["key"]
        for j, group in enumerate(groups):
            score, n = ws.cell(row, 3 + 2 * j), ws.cell(row, 4 + 2 * j)
            cell = dim["results"][group]
            interval = ws.cell(row, 3 + 2 * len(groups) + len(results["gaps"]) + j)
            if cell.get("suppressed"):
                assert n.value == interval.value == "n<5"
                assert score.value == "n<5"
                assert score.data_type == "s"
                assert score.font.color.rgb.endswith("7F7F7F")
            else:
                assert n.value == cell["n"]
                assert score.value == cell["score"]
                assert score.number_format == "0.00"
                assert n.number_format == "0"
    gap = 3 + 2 * len(groups)
    assert ws.cell(HEAD, gap).value == "Gap"
    assert ws.cell(HEAD - 1, gap).value == "Member of Parliament − Staff"
    # The declared gap as published (never recomputed): null where staff is hidden.
    assert [ws.cell(HEAD + 1 + i, gap).value for i in range(4)] == ["–"] * 3 + [17.5]
    assert ws.cell(HEAD + 2, 2).alignment.indent == 1  # rep-a under representation
    assert ws.freeze_panes == "C6"
    assert ws.auto_filter.ref is not None
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert [r.type for r in rules] == ["colorScale"]
    assert len(rules[0].colorScale.color) == 3


def test_questions_match_results(book: Workbook, results: dict) -> None:
    ws = book["Questions"]
    header = [c.value for c in ws[HEAD]]
    assert header[:4] == ["Key", "Dimension", "Question", "Scale"]
    assert header[4:10] == ["n", "Score"] * 3
    assert header[10:] == ["0", "1", "2", "3", "4", "5", "dk", "na", "blank"]
    assert [ws.cell(r, 1).value for r in range(HEAD + 1, ws.max_row + 1)] == [
        "q1",
        "q2",
        "q4",
        "q7",
    ]
    q1 = results["questions"][0]["results"]
    assert ws.cell(HEAD + 1, 3).value == "Text of q1"
    assert [ws.cell(HEAD + 1, c).value for c in (5, 6, 7, 8, 9, 10)] == [
        12,
        50.0,
        7,
        60.0,
        "n<5",
        "n<5",
    ]
    counts = q1["all"]["counts"]
    assert [ws.cell(HEAD + 1, 11 + i).value for i in range(9)] == [
        counts[k] for k in ["0", "1", "2", "3", "4", "5", "dk", "na", "blank"]
    ]
    # q4 is on the yes/no scale: only 0, 1 and blank apply; a missing count reads 0.
    q4 = [ws.cell(HEAD + 3, 11 + i).value for i in range(9)]
    assert q4 == [3, 1, None, None, None, None, None, None, 1]
    # q7's "all" cell is suppressed: no distribution at all, only the marker.
    assert {ws.cell(HEAD + 4, 11 + i).value for i in range(9)} == {"n<5"}


def test_no_formulas_anywhere_and_typed_texts_are_strings(book: Workbook) -> None:
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}"
    found = {
        cell.value: cell.data_type
        for ws in (book["Data"], book["Comments"])
        for row in ws.iter_rows()
        for cell in row
        if cell.value in [*FORMULAS, '=HYPERLINK("x")', "-2+3", "+1"]
    }
    # The free texts of q6 are not in the Data sheet; the comments are, as strings.
    assert set(found) == {'=HYPERLINK("x")', "-2+3", "+1"}
    assert set(found.values()) == {"s"}


def test_native_chart_on_summary(book: Workbook, definition: Definition, results: dict) -> None:
    assert len(book["Summary"]._charts) == 2  # by role, and the declared Members − staff gap
    with zipfile.ZipFile(io.BytesIO(build(definition, results))) as z:
        chart = z.read("xl/charts/chart1.xml").decode()
    assert "<c:barChart>" in chart
    assert chart.count("<c:ser>") == 3  # all, MPs, staff
    assert "plotVisOnly" not in chart  # plots its data from hidden columns
    with zipfile.ZipFile(io.BytesIO(build(definition, results))) as z:
        gap_chart = z.read("xl/charts/chart2.xml").decode()
    assert gap_chart.count("<c:ser>") == 2 and "Member of Parliament − Staff" in gap_chart


def test_mongolian_round_trip(definition: Definition, results: dict) -> None:
    book = open_book(build(definition, results, lang="mn"))
    # Sheet names in Mongolian too (issue 12: report-ready in the chosen language).
    assert book.sheetnames == [
        "Хураангуй",
        "Хэмжээсүүд",
        "Асуултууд",
        "Тайлбарууд",
        "Өгөгдөл",
        "Кодын тайлбар",
        "Арга зүй",
    ]
    summary = book["Хураангуй"]
    assert summary["A1"].value == "Өөрийн үнэлгээний үр дүн"
    assert summary["A2"].value == MN_TITLE
    assert book["Хэмжээсүүд"].cell(HEAD + 2, 2).value == "Манлайлал дахь эмэгтэйчүүд"
    assert book["Арга зүй"]["A1"].value == "Арга зүй"
    comments = [c.value for row in book["Тайлбарууд"].iter_rows() for c in row]
    assert "Эмэгтэй гишүүдийн тоо" in comments
    assert "тайлбар" in comments  # the kind, translated
    assert summary["A1"].font.name == "Arial"


def test_codebook_lists_every_key_in_every_language(book: Workbook, definition) -> None:
    ws = book["Codebook"]
    header = [c.value for c in ws[4]]
    # Compact for print: attributes read as one Details text, help beside the text.
    assert header == ["Kind", "Key", "Type", "Text (en)", "Text (mn)", "Details"]
    keys = {(r[0], r[1]): r for r in ws.iter_rows(min_row=5, values_only=True)}
    expected = (
        [("role", r.key) for r in definition.roles]
        + [("profile field", p.key) for p in definition.profile]
        + [("scale", s.key) for s in definition.scales]
        + [("missing code", "dk"), ("point", "5"), ("option", "female"), ("option", "x")]
        + [("dimension", d.key) for d in definition.iter_dimensions()]
        + [("question", q.key) for q in definition.iter_questions()]
    )
    assert set(expected) <= set(keys)
    assert keys[("option", "female")][3:5] == ("Female", "Эмэгтэй")
    q2 = dict(zip(header, keys[("question", "q2")], strict=True))
    assert q2["Type"] == "scale"
    assert q2["Details"] == "Belongs to: rep-a; Scale: grade6; Weight: 1; Reverse: yes; Roles: mp"
    q5 = dict(zip(header, keys[("question", "q5")], strict=True))
    assert q5["Details"].endswith("min 0; max 100")


def test_method_explains_k_date_and_version(book: Workbook) -> None:
    texts = "\n".join(str(v) for row in rows(book["Method"]) for v in row if v)
    for needle in ("s = (v − lo) / (hi − lo) × 100", "100 − s", "half", "k = 5", "n<5"):
        assert needle in texts
    assert "2025-06-01 09:30 UTC" in texts
    assert "selfassess 9.8.7" in texts


def data_frame(book: Workbook) -> pd.DataFrame:
    values = list(rows(book["Data"]))
    return pd.DataFrame(values[1:], columns=values[0])


def test_data_uses_fresh_pseudonyms_in_shuffled_rows(definition, results) -> None:
    first = data_frame(open_book(build(definition, results)))
    second = data_frame(open_book(build(definition, results)))
    # No free text (q6) and no profile field but the choices (not age)
    assert list(first.columns) == ["respondent", "role", "sex"] + [
        f"q{i}" for i in (1, 2, 3, 4, 5, 7)
    ]
    ids = first["respondent"].tolist()
    assert all(re.fullmatch(r"R-[2-9A-HJ-NP-Z]{6}", i) for i in ids)
    assert len(set(ids)) == 12
    assert not set(ids) & set(make_data()["response_id"])
    assert not set(ids) & set(second["respondent"])


def test_data_blanks_small_profile_categories(definition, results) -> None:
    book = open_book(build(definition, results, protected=set()))
    df = data_frame(book)
    # One male among 12: rarer than k = 5, and a blank may not stand for "male" alone,
    # so female goes too.
    assert df["sex"].isna().all()
    assert df["role"].value_counts().to_dict() == {"mp": 7, "staff": 5}


def test_data_never_singles_out_a_hidden_group(book: Workbook) -> None:
    df = data_frame(book)
    # role=staff is suppressed in the results: its rows must not be told apart (and a
    # blank may not stand for staff alone); role=mp,sex=female likewise.
    assert df["role"].isna().all()
    assert df["sex"].isna().all()


def test_data_types(book: Workbook) -> None:
    ws = book["Data"]
    cells = {
        ws.cell(1, c).value: [ws.cell(r, c) for r in range(2, ws.max_row + 1)]
        for c in range(1, ws.max_column + 1)
    }
    q1 = {(c.value, c.data_type) for c in cells["q1"]}
    assert q1 == {(3, "n"), (5, "n"), ("dk", "s"), (None, "n")}
    assert {c.value for c in cells["q5"]} == {12.5}
    assert {c.value for c in cells["q3"]} == {"x"}
    assert "q6" not in cells  # free text
    assert ws.freeze_panes == "B2"


def comment_rows(ws: Worksheet) -> list[tuple[Any, ...]]:
    """The texts of the Comments sheet (key, kind, text, role, ...), without the headings."""
    return [r for r in ws.iter_rows(min_row=5, values_only=True) if r[2] is not None]


def test_comments_are_ordered_by_question_then_text(book: Workbook) -> None:
    got = comment_rows(book["Comments"])
    assert [(r[0], r[1], r[2]) for r in got] == [
        ("q1", "comment", "-2+3"),
        ("q1", "comment", "Эмэгтэй гишүүдийн тоо"),
        ("q6", "answer", "+1"),
        ("q7", "comment", '=HYPERLINK("x")'),
    ]
    # Each question's full text heads its texts, once.
    headings = [
        r[:2] for r in book["Comments"].iter_rows(min_row=5, values_only=True) if r[2] is None
    ]
    assert headings == [
        ("q1", "Text of q1 (Women in leadership)"),
        ("q6", "Text of q6 (Quotas)"),
        ("q7", "Text of q7 (Workplace)"),
    ]


def test_empty_round_builds(definition: Definition, results: dict) -> None:
    empty = pd.DataFrame(columns=["response_id", "role"])
    comments = pd.DataFrame(columns=["question", "dimension", "kind", "text"])
    book = open_book(build(definition, results, data=empty, comments=comments))
    assert book.sheetnames == list(SHEETS)
    assert book["Data"].max_row == 1


def test_control_characters_and_huge_texts_survive(definition, results) -> None:
    comments = pd.DataFrame(
        {
            "question": ["q1", "q1"],
            "dimension": ["rep-a", "rep-a"],
            "kind": ["comment", "comment"],
            "text": ["bell\x07 nul\x00 _x0041_", "x" * 40_000],
        }
    )
    book = open_book(build(definition, results, comments=comments))
    texts = [r[2] for r in comment_rows(book["Comments"])]
    # Control characters are not allowed in XML: they are stored escaped (_x0007_),
    # which Excel reads back as the character.
    assert any(t.startswith("bell") and "nul" in t for t in texts)
    assert max(len(t) for t in texts) == 32_767  # Excel's limit per cell


def test_unknown_language_is_refused(definition: Definition, results: dict) -> None:
    with pytest.raises(ValueError, match="fr"):
        build(definition, results, lang="fr")


def test_works_without_optional_profile_columns(definition, results) -> None:
    data = make_data().drop(columns=["age", "q6"])
    df = data_frame(open_book(build(definition, results, data=data)))
    assert "age" not in df.columns and "q6" not in df.columns
    assert len(df) == 12


def test_definition_fixture_is_consistent() -> None:
    d = make_definition()
    assert [q.key for q in d.iter_questions()] == [f"q{i}" for i in range(1, 8)]


def test_comments_are_withheld_below_k_submitted_responses(definition, results) -> None:
    few = {**results, "responses": {"submitted": 4, "draft": 0}}
    ws = open_book(build(definition, few))["Comments"]
    assert "fewer than 5 submitted responses" in ws.cell(2, 1).value
    assert list(ws.iter_rows(min_row=5, values_only=True)) == []


def test_comments_name_only_the_writers_role(definition, results) -> None:
    comments = make_comments().assign(role=["staff", "mp", "mp", "mp"])
    ws = open_book(build(definition, results, comments=comments))["Comments"]
    assert ws.cell(4, 4).value == "Written by"
    got = {(r[0], r[2]): r[3] for r in comment_rows(ws)}
    assert got[("q7", '=HYPERLINK("x")')] == "Staff"
    assert got[("q1", "-2+3")] == "Member of Parliament"


def test_intervals_beside_scores_and_nothing_for_suppressed_cells(definition, results) -> None:
    intervals = {("rep-a", "all"): (49.25, 61.75), ("overall", "all"): (55.0, 67.5)}
    book = open_book(build(definition, results, intervals=intervals))
    dims = book["Dimensions"]
    # after score and n of every group and the declared gap: an interval per group
    first = 3 + 2 * len(results["groups"]) + len(results["gaps"])
    assert dims.cell(HEAD, first).value == "Interval (95%)"
    assert dims.cell(HEAD - 1, first).value == "All respondents"
    assert dims.cell(HEAD + 2, first).value == "49.25–61.75"  # rep-a, all
    assert dims.cell(HEAD + 1, first).value == "–"  # representation: none given
    staff = first + results["groups"].index("role=staff")
    assert dims.cell(HEAD + 2, staff).value == "n<5"
    summary = book["Summary"]
    assert summary.cell(find_row(summary, 2, "all"), 7).value == "55.00–67.50"


def test_method_explains_intervals_and_suppression_in_both_languages(definition, results):
    for lang, words in [("en", ["Interval (95%)", "1.96"]), ("mn", ["Интервал (95%)", "1.96"])]:
        # The last sheet: "Method" in English, "Арга зүй" in Mongolian (issue 12).
        ws = open_book(build(definition, results, lang=lang)).worksheets[-1]
        texts = " ".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v)
        assert all(w in texts for w in words), lang


def test_a_chart_per_declared_gap(definition, results) -> None:
    with_sex = {
        **results,
        "gaps": [
            *results["gaps"],
            {**results["gaps"][0], "field": "sex", "a": "female", "b": "male"},
        ],
    }
    book = open_book(build(definition, with_sex))
    charts = book["Summary"]._charts
    assert len(charts) == 3  # by role, then Members − staff, then women − men


def test_response_rates_by_role_on_the_summary(definition, results) -> None:
    from selfassess.scoring.participation import Participation

    rates = [Participation("mp", 10, 7, 70.0), Participation("staff", 0, 5, None)]
    ws = open_book(build(definition, results, participation=rates))["Summary"]
    row = find_row(ws, 1, "Member of Parliament")
    assert [ws.cell(row, c).value for c in (2, 3, 4)] == [7, 10, 70.0]
    assert [ws.cell(find_row(ws, 1, "Staff"), c).value for c in (3, 4)] == [0, "–"]  # no rate


def test_every_sheet_prints_landscape_with_a_footer(definition, results) -> None:
    book = open_book(build(definition, {**results, "round": "R&D-2025"}))
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape" or ws.title == "Method", ws.title
        assert "R&&D-2025" in (ws.oddFooter.left.text or ""), ws.title
        assert "&P" in (ws.oddFooter.right.text or ""), ws.title
    assert book["Data"].print_title_rows == "$1:$1"  # the header row on every page


def test_a_comment_of_a_role_with_fewer_than_k_respondents_does_not_name_the_role(
    definition, results
) -> None:
    # Security review: the Summary publishes responses by role, so "Staff" beside a
    # comment of a round with two staff respondents narrows the writer to two people.
    data = make_data()
    data.loc[data.index[7:10], "role"] = "mp"  # 10 members, 2 staff
    comments = make_comments().assign(role=["staff", "mp", "mp", "mp"])
    ws = open_book(build(definition, results, data=data, comments=comments))["Comments"]
    got = {(r[0], r[2]): r[3] for r in comment_rows(ws)}
    assert got[("q7", '=HYPERLINK("x")')] == "not shown (fewer than 5)"
    assert got[("q1", "-2+3")] == "Member of Parliament"
