"""The workbook of a seeded round, cell by cell, against a stored snapshot.

Issue 16 changed how the export reads the round and writes the Data sheet: the cells
must stay exactly what they were. ``tests/data/workbook-snapshot.json`` holds every
sheet's cells (value, type, number format, bold) of the English and the Mongolian
workbook of the round below, written before that change. Only what is drawn anew for
each export is normalised: the date and time of the Summary, the Data sheet's random
respondent ids and its shuffled row order (rows are compared sorted).

A deliberate change to the workbook's content regenerates the snapshot:
``SNAPSHOT_WRITE=1 .venv/bin/pytest tests/integration/results/test_workbook_snapshot.py -k sqlite``.
"""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.conftest import DATA
from tests.integration.results.test_import_results_export import ROWS, write_csv

SNAPSHOT = DATA / "workbook-snapshot.json"
RESPONDENTS = 60
GENERATED = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d UTC$")
PSEUDONYM = re.compile(r"^R-[2-9A-HJ-NP-Z]{6}$")


def seeded_rows(count: int) -> list[list[str]]:
    """``count`` respondents of the minimal instrument, the same on every run, after the
    hand-made rows (hostile texts, Mongolian, multi answers) of the import test."""
    pick = random.Random(16).choice
    rows = [list(row) for row in ROWS]
    for i in range(count - len(rows)):
        role = pick(["mp", "mp", "staff"])
        mp = role == "mp"
        rows.append(
            [
                f"s{i}",
                role,
                pick(["female", "male", "female", "undisclosed", ""]),
                pick(["", "1", "4", "9", "15"]) if mp else "",
                pick(["0", "1", "2", "3", "4", "5", "dk", "na", ""]),
                pick(["1", "2", "3", "4", "5", "dk", ""]) if mp else "",
                pick(["", "3", "7", "12"]),
                pick(["yes", "no", "yes"]),
                "" if mp else pick(["", "hearings", "questions", "hearings;questions"]),
                pick(["", "", "Hearings held", "Сонсгол болсон", "=1+1"]),
                pick(["", "", "a comment"]),
                pick(["0", "2", "3", "4", "5", "dk", "na"]),
                pick(["", "", "Төсөв", "+budget"]),
            ]
        )
    return rows


def cells(path: Path) -> dict[str, list[list[Any]]]:
    """Every non-empty cell of every sheet as [row, column, value, type, format, bold],
    normalised as the module says."""
    book = load_workbook(path)
    sheets: dict[str, list[list[Any]]] = {}
    for index, sheet in enumerate(book.worksheets):
        found = []
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                value = cell.value
                if isinstance(value, str) and GENERATED.match(value):
                    value = "<generated>"
                found.append(
                    [cell.row, cell.column, value, cell.data_type, cell.number_format, cell.font.b]
                )
        if index == 4:  # Data: random ids, shuffled rows
            found = _data_rows(found)
        sheets[sheet.title] = found
    return sheets


def _data_rows(found: list[list[Any]]) -> list[list[Any]]:
    header = [c for c in found if c[0] == 1]
    rows: dict[int, list[list[Any]]] = {}
    for cell in found:
        if cell[0] > 1:
            rows.setdefault(cell[0], []).append(cell)
    body = []
    for row in rows.values():
        assert PSEUDONYM.match(str(row[0][2])), row[0]
        body.append([[c[1], c[2], c[3], c[4], c[5]] for c in row[1:]])
    return [*header, *sorted(body, key=json.dumps)]


@pytest.fixture
def exported(runner, make_round, tmp_path: Path):  # type: ignore[no-untyped-def]
    make_round("snapshot", min_group_size=3, state="closed")
    path = write_csv(tmp_path / "seeded.csv", seeded_rows(RESPONDENTS))
    result = runner.invoke(args=["responses", "import", "snapshot", str(path)])
    assert result.exit_code == 0, result.output
    books = {}
    for lang in ("en", "mn"):
        target = tmp_path / f"{lang}.xlsx"
        result = runner.invoke(args=["export", "snapshot", "-o", str(target), "--lang", lang])
        assert result.exit_code == 0, result.output
        books[lang] = cells(target)
    return books


def test_the_workbook_cells_are_those_of_the_snapshot(exported) -> None:
    if os.environ.get("SNAPSHOT_WRITE"):
        SNAPSHOT.write_text(json.dumps(exported, ensure_ascii=False, indent=1) + "\n")
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert list(exported) == list(expected)
    for lang, sheets in expected.items():
        assert list(exported[lang]) == list(sheets), lang
        for name, found in sheets.items():
            assert exported[lang][name] == found, f"{lang}: sheet {name}"


def test_the_snapshot_holds_every_respondent(exported) -> None:
    data = exported["en"]["Data"]
    header = [c for c in data if c[0] == 1]
    assert [c[2] for c in header][:2] == ["respondent", "role"]
    assert len(data) - len(header) == RESPONDENTS
