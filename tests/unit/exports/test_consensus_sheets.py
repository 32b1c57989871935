"""The panel's spreadsheets (pure): the session worksheet and the Consensus sheet."""

from __future__ import annotations

import io

import xlsxwriter
from openpyxl import load_workbook

from selfassess import instrument
from selfassess.exports.consensus import build_worksheet, write_consensus_sheet
from tests.conftest import MINIMAL

DEFINITION, _ = instrument.load(MINIMAL)
HOSTILE = '=HYPERLINK("http://evil.example","x")'


def published(**overrides: object) -> dict:
    """A results document: ovs-budget suppressed for all, leadership published."""
    document = {
        "min_group_size": 5,
        "groups": ["all", "role=mp", "role=staff"],
        "questions": [
            {"key": "rep-women-leadership", "results": {
                "all": {"n": 9, "score": 61.5, "counts": {"3": 9}},
                "role=mp": {"n": 6, "score": 70.0, "counts": {"3": 6}},
                "role=staff": {"suppressed": True}}},
            {"key": "ovs-budget", "results": {"all": {"suppressed": True}}},
        ],
        "consensus": {"graded": 1, "questions_total": 3, "overall": 60.0, "dimensions": {},
                      "questions": {"rep-women-leadership": {"grade": "3", "score": 60.0}}},
    }  # fmt: skip
    return document | overrides


def test_worksheet_rows_reference_scores_and_hostile_text_as_strings() -> None:
    assert DEFINITION is not None
    grades = {"rep-women-leadership": {"grade": "3", "evidence": HOSTILE, "notes": "Тэмдэглэл"}}
    book = load_workbook(io.BytesIO(build_worksheet(DEFINITION, grades, published(), "en")))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == (
        "question", "dimension", "text", "scale", "grade", "evidence", "notes",
        "all", "role=mp", "role=staff",
    )  # fmt: skip
    leadership, harassment, budget = rows[1:]
    assert leadership[:1] + leadership[4:] == (
        "rep-women-leadership", "3", HOSTILE, "Тэмдэглэл", 61.5, 70, None,
    )  # fmt: skip
    assert (
        leadership[3].startswith("0 Non-existent, 1 Rudimentary")
        and "dk Don't know" in leadership[3]
    )
    assert harassment[4:7] == (None, None, None)  # ungraded: empty cells to fill in
    assert budget[-3:] == (None, None, None)  # suppressed: blank, never a number


def test_the_consensus_sheet_only_once_graded() -> None:
    assert DEFINITION is not None
    out = io.BytesIO()
    with xlsxwriter.Workbook(out, {"strings_to_formulas": False}) as book:
        ungraded = published(consensus={"graded": 0, "questions": {}})
        assert write_consensus_sheet(book, DEFINITION, ungraded, {}) is None
        sheet = write_consensus_sheet(
            book, DEFINITION, published(), {"rep-women-leadership": {"evidence": HOSTILE}}
        )
        assert sheet is not None
    rows = list(load_workbook(out)["Consensus"].iter_rows(values_only=True))
    assert rows[1][:7] == (
        "rep-women-leadership", "Women hold leadership posts.", "3", 60, HOSTILE, None, 61.5,
    )  # fmt: skip
    budget = next(r for r in rows if r[0] == "ovs-budget")
    assert budget[6] == "n<5" and budget[7] is None
