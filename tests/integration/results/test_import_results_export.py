"""Issue 3 end to end: import a CSV, read the JSON results, export and read the workbook."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from selfassess.extensions import db
from selfassess.models import Answer, Response, ResponseState

HOSTILE = ['=HYPERLINK("http://evil.example","click")', "+1", "-2+3", "@SUM(A1)"]
COLUMNS = [
    "respondent", "role", "sex", "years",
    "rep-women-leadership", "rep-women-harassment", "rep-minorities-seats",
    "ovs-committee", "ovs-tools", "ovs-example", "COMMENT:ovs-example",
    "ovs-budget", "COMMENT:ovs-budget",
]  # fmt: skip
ROWS = [
    ["a1", "mp", "female", "3", "4", "2", "10", "yes", "", HOSTILE[0], "", "5", HOSTILE[1]],
    ["a2", "mp", "female", "8", "5", "1", "", "no", "", HOSTILE[2], "Монгол тайлбар", "3", ""],
    ["a3", "mp", "male", "", "2", "dk", "12", "yes", "", "", "", "2", HOSTILE[3]],
    ["a4", "mp", "male", "1", "3", "4", "", "", "", "Жишээ: хорооны сонсгол", "", "dk", ""],
    ["a5", "mp", "male", "12", "1", "5", "7", "yes", "", "", "", "4", ""],
    ["b1", "staff", "female", "", "0", "", "", "yes", "hearings;questions", "", "", "1", ""],
    ["b2", "staff", "undisclosed", "", "dk", "", "", "no", "hearings", "", "", "na", ""],
]
SHEETS = ["Summary", "Dimensions", "Questions", "Comments", "Data", "Codebook", "Method"]
#: A Mongolian workbook names its sheets in Mongolian (issue 12: report-ready in the chosen
#: language); the English names of scoring.md are kept for ``--lang en``.
SHEETS_MN = [
    "Хураангуй",
    "Хэмжээсүүд",
    "Асуултууд",
    "Тайлбарууд",
    "Өгөгдөл",
    "Кодын тайлбар",
    "Арга зүй",
]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path


@pytest.fixture
def imported(runner, make_round, tmp_path: Path):  # type: ignore[no-untyped-def]
    make_round("baseline", min_group_size=3, state="closed")  # a closed round still imports
    result = runner.invoke(
        args=["responses", "import", "baseline", str(write_csv(tmp_path / "r.csv", ROWS))]
    )
    assert result.exit_code == 0, result.output
    assert "imported 7 responses" in result.output
    return runner


def test_json_results_after_import(imported) -> None:
    result = imported.invoke(args=["results", "baseline", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["round"] == "baseline"
    assert document["questionnaire"] == {"key": "minimal", "version": 1}
    assert document["responses"] == {"submitted": 7, "draft": 0}
    assert document["groups"][:3] == ["all", "role=mp", "role=staff"]
    leadership = next(q for q in document["questions"] if q["key"] == "rep-women-leadership")
    # grade6 (0-5): answers 4,5,2,3,1,0 -> 80,100,40,60,20,0; one "dk"
    assert leadership["results"]["all"]["n"] == 6
    assert leadership["results"]["all"]["score"] == pytest.approx(50.0)
    assert leadership["results"]["all"]["counts"]["dk"] == 1
    assert leadership["results"]["role=staff"] == {"suppressed": True}  # n is not published
    # sex=undisclosed: one respondent who answered only dk/na, so no score at all
    assert document["overall"]["sex=undisclosed"] == {"suppressed": True}

    as_csv = imported.invoke(args=["results", "baseline", "--format", "csv"])
    assert as_csv.exit_code == 0
    header = next(csv.reader(io.StringIO(as_csv.output)))
    assert header[:4] == ["kind", "key", "group", "n"]


def test_workbook_matches_the_json_and_holds_no_formula(imported, tmp_path: Path) -> None:
    document = json.loads(imported.invoke(args=["results", "baseline"]).output)
    target = tmp_path / "baseline.xlsx"
    result = imported.invoke(args=["export", "baseline", "-o", str(target), "--lang", "mn"])
    assert result.exit_code == 0, result.output

    book = load_workbook(target)
    assert book.sheetnames == SHEETS_MN
    strings = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula in {sheet.title}!{cell.coordinate}"
                if cell.data_type == "s":
                    strings.add(cell.value)
    assert set(HOSTILE) <= strings
    assert "Монгол тайлбар" in strings

    dimensions = book[SHEETS_MN[1]]
    rows = {row[0].value: [c.value for c in row] for row in dimensions.iter_rows() if row[0].value}
    for dimension in document["dimensions"]:
        cell = dimension["results"]["all"]
        expected = "n<3" if cell.get("suppressed") else cell["score"]
        assert expected in rows[dimension["key"]], dimension["key"]
    assert any(d["results"]["all"].get("score") for d in document["dimensions"])

    with zipfile.ZipFile(target) as archive:
        assert any(name.startswith("xl/charts/chart") for name in archive.namelist())


def test_a_bad_cell_imports_nothing_and_is_located(runner, make_round, tmp_path: Path) -> None:
    make_round("baseline")
    rows = [list(row) for row in ROWS]
    rows[3][4] = "7"  # out of the grade6 scale, on spreadsheet row 5
    result = runner.invoke(
        args=["responses", "import", "baseline", str(write_csv(tmp_path / "bad.csv", rows))]
    )
    assert result.exit_code == 1
    assert f"{tmp_path / 'bad.csv'}:5:rep-women-leadership:" in result.output
    assert "Traceback" not in result.output
    assert db.session.scalar(select(func.count(Response.id))) == 0
    assert db.session.scalar(select(func.count(Answer.id))) == 0


def test_imported_responses_are_submitted(imported) -> None:
    states = db.session.scalars(select(Response.state)).all()
    assert states and set(states) == {ResponseState.SUBMITTED}
