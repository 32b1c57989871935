"""``selfassess questionnaire validate`` on the keys of format revision 2."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from selfassess import instrument
from tests.unit.instrument.instrument_helpers import DATA

PANEL = DATA / "panel.yaml"
PANEL_TEXT = PANEL.read_text(encoding="utf-8")

#: One broken file per new kind of error: (edit, the exact line validate prints).
BROKEN = {
    "word": (
        ("assessed_by: [panel]", "assessed_by: [jury]"),
        "46: questions.rep-rules-reviewed.assessed_by: "
        "unknown word 'jury' (allowed: survey, panel)",
    ),
    "empty": (
        ("assessed_by: [panel]", "assessed_by: []"),
        "46: questions.rep-rules-reviewed.assessed_by: "
        "list survey, panel or both, or leave the key out for both",
    ),
    "panel-on-text": (
        ("        roles: [staff]\n", "        roles: [staff]\n        assessed_by: [panel]\n"),
        "67: questions.cult-example.assessed_by: "
        "only scale questions can be graded by a panel, not a text question",
    ),
    "gap-field": (
        ("{field: sex, a: female", "{field: age, a: female"),
        "22: gaps[1]: unknown field 'age' (role or a choice profile field: role, sex)",
    ),
    "gap-code": (
        ("a: female, b: male", "a: female, b: men"),
        "22: gaps[1]: 'men' is not a code of sex (codes: female, male, undisclosed)",
    ),
    "gap-same": (
        ("a: mp, b: staff", "a: staff, b: staff"),
        "23: gaps[2]: a and b are both 'staff'; a gap compares two groups",
    ),
    "syntax": (
        ("  - {field: role", " - {field: role"),
        "23: YAML syntax error: this line is indented differently from the lines around it",
    ),
}


def test_validate_reports_each_new_kind_of_error_at_its_line(runner, tmp_path: Path) -> None:
    paths = []
    for name, ((old, new), _) in BROKEN.items():
        assert PANEL_TEXT.count(old) == 1, old
        path = tmp_path / f"{name}.yaml"
        path.write_text(PANEL_TEXT.replace(old, new), encoding="utf-8")
        paths.append(str(path))
    result = runner.invoke(args=["questionnaire", "validate", str(PANEL), *paths])
    assert result.exit_code == 1, result.output
    for name, (_, line) in BROKEN.items():
        assert f"{tmp_path / name}.yaml:{line}" in result.output.splitlines(), result.output
    assert "Traceback" not in result.output


def test_validate_accepts_the_fixture_and_the_bundled_files(runner) -> None:
    files = [str(PANEL), *map(str, sorted(Path("questionnaires").glob("*.yaml")))]
    result = runner.invoke(args=["questionnaire", "validate", *files])
    assert result.exit_code == 0, result.output


def test_validate_locates_workbook_errors_by_sheet_and_cell(runner, tmp_path: Path) -> None:
    definition, _ = instrument.load(PANEL)
    assert definition is not None
    workbook = load_workbook(io.BytesIO(instrument.to_workbook(definition)))
    workbook["gaps"]["B3"] = "public"
    path = tmp_path / "q.xlsx"
    workbook.save(path)
    result = runner.invoke(args=["questionnaire", "validate", str(path)])
    assert result.exit_code == 1
    assert (
        f"{path}:gaps!B3: gaps[2]: 'public' is not a code of role (codes: mp, staff)"
        in result.output.splitlines()
    ), result.output
