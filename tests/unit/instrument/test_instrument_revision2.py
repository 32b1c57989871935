"""Format revision 2: a question's ``assessed_by`` and the top-level ``gaps``, in both forms."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from instrument_helpers import (
    DATA,
    column_of,
    edit,
    edit_workbook,
    has_issue,
    issues_of,
    line_of,
    load_text,
    row_of,
    show,
)
from openpyxl.utils import get_column_letter

from selfassess.instrument import Definition, load, load_bytes, to_workbook, to_yaml
from selfassess.instrument.diff import diff_definitions
from selfassess.instrument.model import ASSESSORS, Gap

PANEL = DATA / "panel.yaml"
PANEL_TEXT = PANEL.read_text(encoding="utf-8")
ROOT = Path(__file__).resolve().parents[3]

#: Content hashes of files written before revision 2: leaving a default out of the
#: canonical form keeps them. (The bundled questionnaires changed with revision 2 and are
#: pinned by their own hashes below.)
HASHES_BEFORE_REVISION_2 = {
    "minimal.yaml": "9961871a5f39b8c85209671f4475b85433304e1b60d2711ecaf8788e4b301a1f",
    "every-option.yaml": "d11a416429c9ce9ac07f25f30222d7c98841834c04c62fc963b05f07bc3ab39b",
}


#: The bundled questionnaires before revision 2: with its keys and the criteria only a panel
#: grades taken out, they must hash as they did (nothing else in them changed).
BUNDLED_BEFORE_REVISION_2 = {
    "gender-sensitive-parliament-quick.yaml": (
        "194f31902b976530ebf12dd291b8fb22e7dc662f48cf1d4332dbb4fe3e9ae84d"
    ),
    "parliament-hr-gender.yaml": "c11778faee2e644474cf90d95eb91db46529cec8005b605a1a160ce7d40bbba3",
}


def panel_edit(old: str, new: str) -> str:
    return edit(old, new, PANEL_TEXT)


@pytest.fixture(scope="module")
def panel() -> Definition:
    definition, issues = load(PANEL)
    assert definition is not None, show(issues)
    return definition


# -- reading and writing ------------------------------------------------------------------


def test_panel_fixture_reads_both_keys(panel: Definition) -> None:
    assert panel.gaps == (Gap("sex", "female", "male"), Gap("role", "mp", "staff"))
    assert panel.gaps[0].groups == ("sex=female", "sex=male")
    by_key = {q.key: q for q in panel.iter_questions()}
    assert by_key["rep-rules-reviewed"].assessed_by == ("panel",)
    assert by_key["cult-harassment"].assessed_by == ("survey",)
    assert by_key["rep-leadership"].assessed_by == ASSESSORS
    assert by_key["rep-rules-reviewed"].panel and not by_key["rep-rules-reviewed"].surveyed
    assert not any(by_key["rep-rules-reviewed"].applies_to(role) for role in panel.role_keys)
    assert by_key["cult-harassment"].surveyed and not by_key["cult-harassment"].panel


def test_assessed_by_is_kept_in_format_order() -> None:
    text = panel_edit("assessed_by: [panel]", "assessed_by: [panel, survey]")
    definition, issues = load_text(text)
    assert definition is not None, show(issues)
    assert definition.question("rep-rules-reviewed").assessed_by == ("survey", "panel")


def test_canonical_form_leaves_defaults_out(panel: Definition) -> None:
    data = panel.to_dict()
    assert data["gaps"] == [
        {"field": "sex", "a": "female", "b": "male"},
        {"field": "role", "a": "mp", "b": "staff"},
    ]
    questions = {q["key"]: q for d in data["dimensions"] for q in d["questions"]}
    assert questions["rep-rules-reviewed"]["assessed_by"] == ["panel"]
    assert questions["cult-harassment"]["assessed_by"] == ["survey"]
    assert "assessed_by" not in questions["rep-leadership"]
    minimal, _ = load(DATA / "minimal.yaml")
    assert minimal is not None and "gaps" not in minimal.to_dict()


def test_writing_the_default_out_gives_the_same_hash() -> None:
    plain, _ = load_text(panel_edit("        assessed_by: [panel]\n", ""))
    explicit, issues = load_text(
        panel_edit("        assessed_by: [panel]\n", "        assessed_by: [survey, panel]\n")
    )
    assert plain is not None and explicit is not None, show(issues)
    assert plain == explicit and plain.content_hash() == explicit.content_hash()


def test_empty_gaps_list_means_no_gaps() -> None:
    start, end = PANEL_TEXT.index("gaps:\n"), PANEL_TEXT.index("scales:\n")
    without, _ = load_text(PANEL_TEXT[:start] + PANEL_TEXT[end:])
    empty, issues = load_text(PANEL_TEXT[:start] + "gaps: []\n" + PANEL_TEXT[end:])
    assert without is not None and empty is not None, show(issues)
    assert empty.gaps == () and empty.content_hash() == without.content_hash()


@pytest.mark.parametrize("name", sorted(HASHES_BEFORE_REVISION_2))
def test_files_before_revision_2_keep_their_hash(name: str) -> None:
    definition, issues = load(DATA / name)
    assert definition is not None, show(issues)
    assert definition.content_hash() == HASHES_BEFORE_REVISION_2[name]


def test_yaml_round_trip(panel: Definition) -> None:
    again, issues = load_bytes(to_yaml(panel).encode("utf-8"), "again.yaml")
    assert again == panel, show(issues)
    assert again.content_hash() == panel.content_hash()


def test_workbook_round_trip(panel: Definition) -> None:
    data = to_workbook(panel)
    again, issues = load_bytes(data, "again.xlsx")
    assert again == panel, show(issues)
    sheets: dict[str, Any] = {}
    edit_workbook(data, lambda wb: sheets.update({name: wb[name] for name in wb.sheetnames}))
    gaps = [[c.value for c in row] for row in sheets["gaps"].iter_rows()]
    assert gaps == [["field", "a", "b"], ["sex", "female", "male"], ["role", "mp", "staff"]]
    questions = sheets["questions"]
    column = column_of(questions, "assessed_by")
    assert questions.cell(row_of(questions, 1, "rep-rules-reviewed"), column).value == "panel"
    assert questions.cell(row_of(questions, 1, "rep-leadership"), column).value is None


def test_workbook_without_gaps_has_no_gaps_sheet() -> None:
    minimal, _ = load(DATA / "minimal.yaml")
    assert minimal is not None
    names: list[str] = []
    edit_workbook(to_workbook(minimal), lambda wb: names.extend(wb.sheetnames))
    assert "gaps" not in names


def test_hand_written_workbook_columns(panel: Definition) -> None:
    """A consultant may write the words separated by a comma, in any order."""

    def change(wb: Any) -> None:
        sheet = wb["questions"]
        row = row_of(sheet, 1, "rep-leadership")
        sheet.cell(row, column_of(sheet, "assessed_by")).value = "panel, survey"

    again, issues = load_bytes(edit_workbook(to_workbook(panel), change), "q.xlsx")
    assert again == panel, show(issues)


# -- validation, YAML ---------------------------------------------------------------------

REVIEWED = "        assessed_by: [panel]\n"
# (id, old, new, text whose line is named, message fragment)
YAML_CASES = [
    (
        "unknown-word",
        REVIEWED,
        "        assessed_by: [panel, consultant]\n",
        "assessed_by: [panel, consultant]",
        "unknown word 'consultant' (allowed: survey, panel)",
    ),
    (
        "empty-list",
        REVIEWED,
        "        assessed_by: []\n",
        "assessed_by: []",
        "list survey, panel or both",
    ),
    (
        "not-a-list",
        REVIEWED,
        "        assessed_by: panel\n",
        "assessed_by: panel",
        "expected a list like [survey]",
    ),
    (
        "repeated-word",
        REVIEWED,
        "        assessed_by: [panel, panel]\n",
        "assessed_by: [panel, panel]",
        "duplicate word 'panel'",
    ),
    (
        "panel-on-text-question",
        "        roles: [staff]\n",
        "        roles: [staff]\n        assessed_by: [survey, panel]\n",
        "assessed_by: [survey, panel]",
        "only scale questions can be graded by a panel, not a text question",
    ),
    (
        "gap-field-unknown",
        "{field: sex, a: female",
        "{field: gender, a: female",
        "field: gender",
        "unknown field 'gender' (role or a choice profile field: role, sex)",
    ),
    (
        "gap-codes-not-the-fields",
        "{field: sex, a: female, b: male}",
        "{field: sex, a: women, b: male}",
        "a: women",
        "'women' is not a code of sex (codes: female, male, undisclosed)",
    ),
    (
        "gap-role-unknown",
        "{field: role, a: mp, b: staff}",
        "{field: role, a: mp, b: public}",
        "b: public",
        "'public' is not a code of role (codes: mp, staff)",
    ),
    (
        "gap-a-equals-b",
        "{field: role, a: mp, b: staff}",
        "{field: role, a: mp, b: mp}",
        "a: mp, b: mp",
        "a and b are both 'mp'",
    ),
    (
        "gap-missing-key",
        "{field: role, a: mp, b: staff}",
        "{field: role, a: mp}",
        "{field: role, a: mp}",
        "missing required key 'b'",
    ),
    (
        "gap-unknown-key",
        "{field: role, a: mp, b: staff}",
        "{field: role, a: mp, b: staff, c: x}",
        "c: x",
        "unknown key 'c'",
    ),
    (
        "gap-code-a-number",
        "{field: role, a: mp, b: staff}",
        "{field: role, a: 1, b: staff}",
        "a: 1",
        "a key must be text",
    ),
    (
        "gap-not-a-mapping",
        "  - {field: role, a: mp, b: staff}\n",
        "  - role\n",
        "  - role",
        "expected a mapping (with field, a, b), got a text",
    ),
    (
        "gaps-not-a-list",
        "gaps:\n  - {field: sex, a: female, b: male}\n  - {field: role, a: mp, b: staff}\n",
        "gaps: sex\n",
        "gaps: sex",
        "expected a list, got a text",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "at", "message"),
    [case[1:] for case in YAML_CASES],
    ids=[case[0] for case in YAML_CASES],
)
def test_yaml_error(old: str, new: str, at: str, message: str) -> None:
    text = panel_edit(old, new)
    issues = issues_of(text)
    assert has_issue(issues, line_of(text, at), message), show(issues)


def test_repeated_gap() -> None:
    gap = "  - {field: role, a: mp, b: staff}\n"
    text = panel_edit(gap, gap + gap)
    issues = issues_of(text)
    first = line_of(text, gap)
    message = f"duplicate gap 'role: mp - staff' (first at line {first})"
    assert has_issue(issues, first + 1, message), show(issues)


def test_gap_on_a_text_or_number_profile_field() -> None:
    text = panel_edit(
        "gaps:\n",
        "  - key: years\n    type: number\n    label: {en: Years, mn: Жил}\n"
        "gaps:\n  - {field: years, a: '1', b: '2'}\n",
    )
    issues = issues_of(text)
    assert has_issue(issues, line_of(text, "field: years"), "'years' is a number profile field")


def test_every_new_error_is_reported_in_one_run() -> None:
    text = panel_edit(REVIEWED, "        assessed_by: [jury]\n")
    text = edit("{field: role, a: mp, b: staff}", "{field: role, a: mp, b: mp}", text)
    text = edit("{field: sex, a: female", "{field: faction, a: female", text)
    messages = [issue.message for issue in issues_of(text)]
    assert len(messages) == 3, messages


# -- validation, workbook -----------------------------------------------------------------


def test_workbook_errors_name_sheet_and_row(panel: Definition) -> None:
    def change(wb: Any) -> None:
        questions = wb["questions"]
        column = column_of(questions, "assessed_by")
        questions.cell(row_of(questions, 1, "rep-rules-reviewed"), column).value = "jury"
        questions.cell(row_of(questions, 1, "cult-example"), column).value = "panel"
        gaps = wb["gaps"]
        gaps.cell(2, 3).value = "female"  # sex: female - female
        gaps.cell(3, 1).value = "region"

    data = edit_workbook(to_workbook(panel), change)
    definition, issues = load_bytes(data, "q.xlsx")
    assert definition is None
    text = show(issues)
    sheet: list[Any] = []
    edit_workbook(data, lambda wb: sheet.append(wb["questions"]))
    column = get_column_letter(column_of(sheet[0], "assessed_by"))
    reviewed = f"questions!{column}{row_of(sheet[0], 1, 'rep-rules-reviewed')}"
    example = f"questions!{column}{row_of(sheet[0], 1, 'cult-example')}"
    assert (
        f"q.xlsx:{reviewed}: questions.rep-rules-reviewed.assessed_by: unknown word 'jury'" in text
    ), text
    assert f"q.xlsx:{example}: " in text and "not a text question" in text, text
    assert "q.xlsx:gaps!C2: gaps[1]: a and b are both 'female'" in text, text
    assert "q.xlsx:gaps!A3: gaps[2]: unknown field 'region'" in text, text


def test_workbook_gaps_sheet_with_a_wrong_column(panel: Definition) -> None:
    def change(wb: Any) -> None:
        wb["gaps"].cell(1, 3).value = "c"

    definition, issues = load_bytes(edit_workbook(to_workbook(panel), change), "q.xlsx")
    assert definition is None
    assert any(i.location == "gaps!C1" and "unknown column 'c'" in i.message for i in issues)


# -- the bundled questionnaires ---------------------------------------------------------

BUNDLED = sorted((ROOT / "questionnaires").glob("*.yaml"))


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_bundled_questionnaires_declare_the_two_gaps(path: Path) -> None:
    definition, issues = load(path)
    assert definition is not None, show(issues)
    assert definition.gaps == (Gap("sex", "female", "male"), Gap("role", "mp", "staff"))
    questions = list(definition.iter_questions())
    survey_only = [q for q in questions if q.assessed_by == ("survey",)]
    both = [q for q in questions if q.type == "scale" and q.assessed_by == ASSESSORS]
    panel_only = [q for q in questions if not q.surveyed]
    assert survey_only, "personal experience is asked of respondents only"
    assert len(both) > len(survey_only) + len(panel_only)
    assert len(panel_only) <= 2
    digest = hashlib.sha256(definition.canonical_json().encode("utf-8")).hexdigest()
    assert digest == definition.content_hash()


def test_a_version_diff_spells_out_gaps_and_assessors(panel: Definition) -> None:
    text = panel_edit("  - {field: role, a: mp, b: staff}\n", "")
    text = edit("assessed_by: [panel]", "assessed_by: [survey, panel]", text)
    changed, issues = load_text(text)
    assert changed is not None, show(issues)
    diff = diff_definitions(panel, changed)
    (instrument,) = diff.of("instrument")
    assert [(f.path, f.old, f.new) for f in instrument.fields] == [
        ("gaps", ["sex: female - male", "role: mp - staff"], ["sex: female - male"])
    ]
    (question,) = diff.of("question")
    assert question.key == "rep-rules-reviewed"
    assert [(f.path, f.old, f.new) for f in question.fields] == [
        ("assessed_by", ["panel"], ["survey", "panel"])
    ]
    assert not diff_definitions(panel, panel)


@pytest.mark.parametrize("name", sorted(BUNDLED_BEFORE_REVISION_2))
def test_bundled_questionnaires_changed_only_by_revision_2(name: str) -> None:
    definition, issues = load(ROOT / "questionnaires" / name)
    assert definition is not None, show(issues)
    data = definition.to_dict()
    del data["gaps"]
    for dimension in _dimensions(data["dimensions"]):
        if "questions" in dimension:
            dimension["questions"] = [
                {k: v for k, v in q.items() if k != "assessed_by"}
                for q in dimension["questions"]
                if q.get("assessed_by") != ["panel"]
            ]
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert digest == BUNDLED_BEFORE_REVISION_2[name]


def _dimensions(dimensions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for dimension in dimensions:
        found.append(dimension)
        found.extend(_dimensions(dimension.get("dimensions", [])))
    return found


@pytest.mark.parametrize(
    "value", ["{a: 1}", "3", "true", "[[]]", "[{}]", "[null]", "[survey, [panel]]", "'*'"]
)
def test_any_assessed_by_value_gives_located_errors(value: str) -> None:
    text = panel_edit("assessed_by: [panel]", f"assessed_by: {value}")
    issues = issues_of(text)
    assert all(i.location == str(line_of(text, "assessed_by: ")) for i in issues), show(issues)


@pytest.mark.parametrize(
    "value",
    ["{}", "3", "[[]]", "[null]", "[{field: null, a: x, b: y}]", "[{field: [sex], a: {}, b: 2}]"],
)
def test_any_gaps_value_gives_located_errors(value: str) -> None:
    start, end = PANEL_TEXT.index("gaps:\n"), PANEL_TEXT.index("scales:\n")
    text = PANEL_TEXT[:start] + f"gaps: {value}\n" + PANEL_TEXT[end:]
    issues = issues_of(text)
    assert all(i.location == str(line_of(text, "gaps: ")) for i in issues), show(issues)
