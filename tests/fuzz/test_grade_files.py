"""Hostile session worksheets (consensus import): located errors or rows, never an
exception; a workbook bomb is refused by the same readers as the response import."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selfassess import instrument
from selfassess.imports.grades import parse_grades
from tests.conftest import MINIMAL
from tests.fuzz.conftest import FUZZ, ran, texts
from tests.fuzz.test_uploads import LAUGHS, workbook

DEFINITION, _ = instrument.load(MINIMAL)
COLUMNS = ["question", "grade", "evidence", "notes", "other"]
CELLS = texts | st.sampled_from(
    ["ovs-budget", "rep-women-harassment", "ovs-committee", "3", "3.0", "dk", "na", "7", ""]
)


@FUZZ
@given(
    header=st.lists(st.sampled_from(COLUMNS) | texts, min_size=1, max_size=6),
    rows=st.lists(st.lists(CELLS, max_size=6), max_size=5),
    name=st.sampled_from(["g.csv", "g.xlsx", "g"]),
)
def test_hostile_grade_files_get_located_errors_never_an_exception(
    request: pytest.FixtureRequest, header: list[str], rows: list[list[str]], name: str
) -> None:
    ran(request)
    data = "\n".join(",".join(c.replace(",", " ") for c in row) for row in [header, *rows])
    assert DEFINITION is not None
    parsed, errors = parse_grades(data.encode("utf-8", "surrogatepass"), name, DEFINITION)
    assert not (parsed and errors)
    assert all(line.startswith(name) for line in errors)
    assert all(row.grade is None or row.question for row in parsed)


def test_a_bomb_given_as_a_grade_file_is_refused(runner: Any, make_round: Any, tmp_path) -> None:  # type: ignore[no-untyped-def]
    make_round("panel-round")
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(workbook(LAUGHS))
    result = runner.invoke(args=["consensus", "import", "panel-round", str(path)])
    assert result.exit_code == 1
    assert result.output.strip().startswith(f"{path}: ") and "DTD" in result.output
