"""`selfassess compare ROUND_A ROUND_B --format json` (compare.md), end to end."""

from __future__ import annotations

import csv
import json
import math
import statistics
from pathlib import Path

import pytest

from tests.conftest import DATA, MINIMAL

COLUMNS = ["respondent", "role", "sex", "ovs-committee", "rep-women-leadership",
           "rep-women-harassment", "ovs-budget"]  # fmt: skip
BEFORE = [
    ["a1", "mp", "female", "yes", "4", "2", "5"],
    ["a2", "mp", "female", "no", "5", "1", "3"],
    ["a3", "mp", "male", "yes", "2", "dk", "2"],
    ["a4", "mp", "male", "yes", "3", "4", "dk"],
    ["a5", "mp", "male", "yes", "1", "5", "4"],
    ["b1", "staff", "female", "yes", "0", "", "1"],
    ["b2", "staff", "male", "no", "1", "", "na"],
]
AFTER = [
    ["c1", "mp", "female", "yes", "5", "1", "5"],
    ["c2", "mp", "female", "yes", "4", "2", "4"],
    ["c3", "mp", "female", "yes", "4", "1", "3"],
    ["c4", "mp", "male", "no", "3", "3", "dk"],
    ["c5", "mp", "male", "yes", "2", "", "2"],
    ["c6", "mp", "male", "yes", "3", "2", "1"],
    ["d1", "staff", "female", "yes", "1", "", "3"],
    ["d2", "staff", "female", "yes", "2", "", "5"],
]


def rep_women(row: list[str]) -> float | None:
    """rep-women by hand: leadership 0-5, harassment 1-5 reversed, weight 1 each."""
    items = []
    if row[4] not in ("", "dk"):
        items.append(int(row[4]) / 5 * 100)
    if row[1] == "mp" and row[5] not in ("", "dk"):
        items.append(100 - (int(row[5]) - 1) / 4 * 100)
    applicable = 2 if row[1] == "mp" else 1
    return sum(items) / len(items) if 2 * len(items) >= applicable else None


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path


def version_two(tmp_path: Path) -> Path:
    """minimal v2: ovs-budget moves from the 0-5 grades to the 1-5 agreement scale."""
    text = MINIMAL.read_text(encoding="utf-8").replace("version: 1", "version: 2")
    budget = text.index("key: ovs-budget")
    text = text[:budget] + text[budget:].replace("scale: grade6", "scale: agree5", 1)
    path = tmp_path / "minimal-v2.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def two_rounds(runner, make_round, tmp_path: Path):  # type: ignore[no-untyped-def]
    make_round("before", min_group_size=2, state="closed")
    make_round("after", version_two(tmp_path), min_group_size=3, state="closed")
    for slug, rows in (("before", BEFORE), ("after", AFTER)):
        path = write_csv(tmp_path / f"{slug}.csv", rows)
        result = runner.invoke(args=["responses", "import", slug, str(path)])
        assert result.exit_code == 0, result.output
    return runner


def test_compare_json_against_an_independent_computation(two_rounds) -> None:
    result = two_rounds.invoke(args=["compare", "before", "after", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert set(document) == {
        "a",
        "b",
        "questionnaire",
        "versions",
        "groups",
        "overall",
        "dimensions",
    }
    assert (document["a"], document["b"], document["questionnaire"]) == (
        "before",
        "after",
        "minimal",
    )
    assert document["versions"] == [1, 2]
    # sex=undisclosed is in neither round.
    assert (
        "sex=undisclosed" not in document["groups"]
        and "role=staff,sex=male" not in document["groups"]
    )
    dims = {d["key"]: d for d in document["dimensions"]}
    assert list(dims) == ["representation", "rep-women", "rep-minorities", "oversight"]
    assert dims["rep-women"]["comparable"] is True and dims["rep-women"]["questions"] == 2
    assert dims["representation"]["comparable"] is True
    # ovs-budget is re-scaled: oversight keeps its key but has no common question.
    assert dims["oversight"]["comparable"] is False and dims["oversight"]["questions"] == 0
    assert dims["oversight"]["results"]["all"]["a"] == {"suppressed": True}

    for group, keep in {
        "all": lambda row: True,
        "role=mp": lambda row: row[1] == "mp",
        "sex=female": lambda row: row[2] == "female",
    }.items():
        sides = []
        for rows in (BEFORE, AFTER):
            scores = [s for row in rows if keep(row) and (s := rep_women(row)) is not None]
            sides.append(scores)
        (a, b) = sides
        cell = dims["rep-women"]["results"][group]
        if group == "role=mp":
            # After, role=staff (2 < k = 3) is hidden, so role=mp is hidden beside it:
            # all minus role=mp would give role=staff (complementary suppression).
            assert cell["b"] == {"suppressed": True} and cell["change"] is None
            assert cell["a"]["n"] == len(a)
            assert cell["a"]["score"] == pytest.approx(statistics.mean(a), abs=0.01)
            continue
        assert cell["a"]["n"] == len(a) and cell["b"]["n"] == len(b)
        assert cell["a"]["score"] == pytest.approx(statistics.mean(a), abs=0.01)
        assert cell["b"]["score"] == pytest.approx(statistics.mean(b), abs=0.01)
        change = statistics.mean(b) - statistics.mean(a)
        assert cell["change"] == pytest.approx(change, abs=0.01)
        half = 1.96 * math.sqrt(statistics.variance(a) / len(a) + statistics.variance(b) / len(b))
        assert cell["ci95"] == pytest.approx([change - half, change + half], abs=0.01)
        # Overall: representation alone (oversight has no common question).
        assert document["overall"][group] == dims["representation"]["results"][group]

    # role=staff: 2 respondents; before k = 2 publishes them, after k = 3 does not.
    staff = dims["rep-women"]["results"]["role=staff"]
    assert staff["a"]["n"] == 2 and staff["b"] == {"suppressed": True}
    assert staff["change"] is None and staff["ci95"] is None


def test_unknown_round_and_different_instruments_exit_1(two_rounds, make_round) -> None:
    result = two_rounds.invoke(args=["compare", "before", "nowhere"])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "nowhere" in result.output

    make_round("other", DATA / "instruments" / "every-option.yaml")
    result = two_rounds.invoke(args=["compare", "before", "other"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "same questionnaire" in lines[0]
    assert "Traceback" not in result.output


def test_workbook_comparison_sheet_matches_the_json(two_rounds, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    document = json.loads(two_rounds.invoke(args=["compare", "before", "after"]).output)
    out = tmp_path / "after.xlsx"
    result = two_rounds.invoke(args=["export", "after", "-o", str(out), "--compare", "before"])
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames[-1] == "Comparison" and book.sheetnames[0] == "Summary"
    rows = {row[1]: row for row in book["Comparison"].iter_rows(values_only=True) if row[1]}
    cell = document["dimensions"][1]["results"]["all"]  # rep-women, all respondents
    assert rows["rep-women"][4:9] == (
        cell["a"]["score"], cell["b"]["score"], cell["change"], *cell["ci95"],
    )  # fmt: skip
    staff = document["dimensions"][1]["results"]["role=staff"]
    assert staff["b"] == {"suppressed": True}
    assert rows["rep-women"][14:19] == (staff["a"]["score"], "–", "–", "–", "–")
    plain = tmp_path / "plain.xlsx"
    assert two_rounds.invoke(args=["export", "after", "-o", str(plain)]).exit_code == 0
    assert "Comparison" not in load_workbook(plain).sheetnames


def test_comparison_titles_that_wrap_get_rows_tall_enough(
    two_rounds, tmp_path: Path, monkeypatch
) -> None:
    """Spreadsheets do not grow a row for wrapped text on their own: each dimension's
    title row is as tall as its lines (a narrow column here, so that every title wraps)."""
    from openpyxl import load_workbook

    from selfassess.exports import comparison
    from selfassess.exports.layout import LINE_HEIGHT

    monkeypatch.setattr(comparison, "TITLE_WIDTH", 8.0)
    out = tmp_path / "narrow.xlsx"
    result = two_rounds.invoke(args=["export", "after", "-o", str(out), "--compare", "before"])
    assert result.exit_code == 0, result.output
    ws = load_workbook(out)["Comparison"]
    titled = [row for row in ws.iter_rows(min_row=6) if row[0].value and row[1].value]
    assert len(titled) > 2
    for row in titled:
        height = ws.row_dimensions[row[0].row].height
        assert height is not None and height >= 2 * LINE_HEIGHT, (row[0].value, height)
