"""Loading valid files: the Definition, its filled-in defaults, the canonical form, round trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from instrument_helpers import DATA, MINIMAL, MINIMAL_TEXT, edit, issues_of, load_text

from selfassess.instrument import (
    MAX_FILE_BYTES,
    Definition,
    InvalidDefinition,
    Issue,
    definition_from_dict,
    definition_to_dict,
    load,
    load_bytes,
    to_workbook,
    to_yaml,
)

ROOT = DATA.parents[2]
FIXTURES = sorted(DATA.glob("*.yaml"))
PARLIAMENT = ROOT / "questionnaires" / "parliament-hr-gender.yaml"


def load_ok(path: Path) -> Definition:
    definition, issues = load(path)
    assert issues == [], "\n".join(map(str, issues))
    assert definition is not None
    return definition


@pytest.fixture(scope="module")
def minimal() -> Definition:
    return load_ok(MINIMAL)


def test_minimal_fixture(minimal: Definition) -> None:
    assert (minimal.key, minimal.version, minimal.languages) == ("minimal", 1, ("en", "mn"))
    assert minimal.role_keys == ("mp", "staff")
    assert [s.key for s in minimal.scales] == ["grade6", "agree5"]
    assert minimal.scale("grade6").missing_codes == ("dk", "na")
    assert [f.key for f in minimal.grouping_fields] == ["sex"]
    assert {q.type for q in minimal.iter_questions()} == {
        "scale",
        "choice",
        "multi",
        "number",
        "text",
    }
    assert [d.key for d in minimal.iter_dimensions()] == [
        "representation",
        "rep-women",
        "rep-minorities",
        "oversight",
    ]


def test_defaults_are_filled_in(minimal: Definition) -> None:
    leadership = minimal.question("rep-women-leadership")
    assert leadership.roles == ("mp", "staff")
    assert (leadership.weight, leadership.reverse, leadership.required, leadership.comment) == (
        1,
        False,
        False,
        False,
    )
    assert leadership.dimension == "rep-women"
    assert minimal.dimension("rep-women").parent == "representation"
    assert minimal.dimension("representation").parent is None
    assert minimal.dimension("representation").weight == 1
    assert minimal.profile_field("sex").roles == ("mp", "staff")
    assert minimal.profile_field("years").roles == ("mp",)
    assert isinstance(minimal.question("ovs-committee").options, tuple)
    assert minimal.question("ovs-committee").option("yes") is not None
    assert minimal.description == {
        "en": "A small instrument for tests.",
        "mn": "Туршилтын жижиг асуулга.",
    }
    assert minimal.question("ovs-example").help is None


def test_numbers_are_normalised() -> None:
    text = edit("{value: 1, label: {en: Rudimentary", "{value: 1.0, label: {en: Rudimentary")
    text = edit("        weight: 2\n", "        weight: 2.0\n", text)
    definition, issues = load_text(text)
    assert definition is not None, issues
    value = definition.scale("grade6").points[1].value
    assert value == 1 and isinstance(value, int)
    weight = definition.dimension("rep-women").weight
    assert weight == 2 and isinstance(weight, int)
    assert isinstance(definition.question("ovs-budget").weight, float)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # defaults written out
        ("            scale: grade6\n", "            scale: grade6\n            weight: 1\n"),
        (
            "            scale: grade6\n",
            "            scale: grade6\n            roles: [mp, staff]\n",
        ),
        (
            "  - key: sex\n    type: choice\n",
            "  - key: sex\n    type: choice\n    required: false\n",
        ),
        # roles in another order
        ("            roles: [mp]\n", "            roles: [mp]  # same\n"),
        # an empty optional key is an absent one
        ("        weight: 0.5\n", "        weight: 0.5\n        help:\n"),
        # a text over several lines, trailing newline and spaces
        (
            "        text: {en: Give an example., mn: Жишээ дурдана уу.}\n",
            "        text:\n          en: |\n            Give an example.\n          mn: '  Жишээ дурдана уу. '\n",
        ),
        # key order and flow style
        (
            "format: selfassess/1\nkey: minimal\nversion: 1\n",
            "{format: selfassess/1, version: 1, key: minimal}\n".replace("{", "")
            .replace("}", "")
            .replace(", ", "\n"),
        ),
        ("version: 1\n", "version: 1.0\n"),
    ],
)
def test_equal_meaning_gives_equal_definition(minimal: Definition, old: str, new: str) -> None:
    definition, issues = load_text(edit(old, new))
    assert issues == []
    assert definition == minimal
    assert definition is not None and definition.content_hash() == minimal.content_hash()


def test_roles_are_kept_in_role_order() -> None:
    text = edit("        roles: [staff]\n", "        roles: [staff, mp]\n")
    definition, _ = load_text(text)
    assert definition is not None and definition.question("ovs-tools").roles == ("mp", "staff")


def test_different_meaning_gives_different_hash(minimal: Definition) -> None:
    definition, _ = load_text(edit("mn: Хүйс}", "mn: Хүйс (хүн)}"))
    assert definition is not None and definition != minimal
    assert definition.content_hash() != minimal.content_hash()


# -- the canonical form ----------------------------------------------------------------------


def test_canonical_dict_fills_defaults_and_omits_empty_optionals(minimal: Definition) -> None:
    data = definition_to_dict(minimal)
    assert list(data) == [
        "format",
        "key",
        "version",
        "languages",
        "title",
        "description",
        "roles",
        "profile",
        "scales",
        "dimensions",
    ]
    assert data["languages"] == ["en", "mn"]
    questions = {q["key"]: q for d in data["dimensions"] for q in _questions(d)}
    assert questions["rep-women-leadership"] == {
        "key": "rep-women-leadership",
        "type": "scale",
        "scale": "grade6",
        "text": {
            "en": "Women hold leadership posts.",
            "mn": "Эмэгтэйчүүд удирдах албан тушаал хашдаг.",
        },
        "help": {
            "en": "Speaker, deputies, committee chairs.",
            "mn": "Дарга, орлогч, хорооны дарга.",
        },
        "roles": ["mp", "staff"],
        "weight": 1,
        "reverse": False,
        "required": False,
        "comment": False,
    }
    # keys of other question types are left out rather than written empty
    assert "weight" not in questions["ovs-example"] and "help" not in questions["ovs-example"]
    assert "options" not in questions["ovs-example"] and "min" not in questions["ovs-example"]
    assert questions["rep-minorities-seats"]["min"] == 0
    assert "draft_languages" not in data
    json.dumps(data)  # plain data only
    assert minimal.to_dict() == data


def _questions(dimension: dict[str, object]) -> list[dict[str, object]]:
    if "questions" in dimension:
        return dimension["questions"]  # type: ignore[return-value]
    return [q for child in dimension["dimensions"] for q in _questions(child)]  # type: ignore[attr-defined]


def test_definition_from_dict_rebuilds_the_definition(minimal: Definition) -> None:
    data = json.loads(json.dumps(minimal.to_dict()))
    assert definition_from_dict(data) == minimal
    sorted_keys = json.loads(minimal.canonical_json())
    assert definition_from_dict(sorted_keys).content_hash() == minimal.content_hash()


def test_definition_from_dict_refuses_invalid_data(minimal: Definition) -> None:
    data = minimal.to_dict()
    data["version"] = 0
    del data["roles"]["staff"]
    with pytest.raises(InvalidDefinition) as excinfo:
        definition_from_dict(data)
    messages = [issue.message for issue in excinfo.value.issues]
    assert any("version" in m for m in messages)
    assert any("unknown role 'staff'" in m for m in messages)
    assert any(issue.location == "$.version" for issue in excinfo.value.issues)


def test_to_yaml_is_readable_and_stable(minimal: Definition) -> None:
    text = to_yaml(minimal)
    assert text.startswith("format: selfassess/1\nkey: minimal\nversion: 1\nlanguages: [en, mn]\n")
    assert "Товч өөрийн үнэлгээ" in text  # not escaped
    assert "  mp: {en: Member of Parliament, mn: УИХ-ын гишүүн}\n" in text
    assert yaml.safe_load(text) == minimal.to_dict()
    again, _ = load_text(text)
    assert again is not None and to_yaml(again) == text


# -- round trips --------------------------------------------------------------------------------


def _round_trip(definition: Definition) -> None:
    from_workbook, issues = load_bytes(to_workbook(definition), "round-trip.xlsx")
    assert issues == [], "\n".join(map(str, issues))
    assert from_workbook == definition
    assert from_workbook.content_hash() == definition.content_hash()
    from_yaml, issues = load_text(to_yaml(definition))
    assert issues == []
    assert from_yaml == definition
    assert from_yaml.content_hash() == definition.content_hash()


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_round_trip_of_fixtures(path: Path) -> None:
    _round_trip(load_ok(path))


def test_round_trip_of_the_parliament_questionnaire() -> None:
    if not PARLIAMENT.exists():
        pytest.skip(f"{PARLIAMENT.name} is not written yet")
    _round_trip(load_ok(PARLIAMENT))


BUNDLED = sorted((ROOT / "questionnaires").glob("*.y*ml"))


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_every_bundled_questionnaire_is_valid(path: Path) -> None:
    _round_trip(load_ok(path))


def test_every_option_fixture_keeps_what_it_says() -> None:
    definition = load_ok(DATA / "every-option.yaml")
    assert definition.draft_languages == ("mn", "fr")
    half = definition.question("q_half")
    assert (half.roles, half.weight, half.reverse, half.comment) == (
        ("mp", "staff"),
        2.5,
        True,
        True,
    )
    assert half.text["en"] == "A text on\ntwo lines."
    assert [p.value for p in definition.scale("half").points] == [0, 0.5, 1]
    assert definition.dimension("a-1-x").parent == "a-1"
    assert definition.question("q-count").min == 1.5 and definition.question("q-count").max is None
    assert definition.question("q-many").option("1") is not None


# -- files and names ------------------------------------------------------------------------------


def test_load_by_path_and_extension(tmp_path: Path) -> None:
    target = tmp_path / "copy.YML"
    target.write_bytes(MINIMAL.read_bytes())
    definition, issues = load(target)
    assert issues == [] and definition is not None
    workbook = tmp_path / "copy.xlsx"
    workbook.write_bytes(to_workbook(definition))
    assert load(workbook) == (definition, [])


@pytest.mark.parametrize("name", ["q.csv", "q", "q.yaml.txt", "q.xls"])
def test_unsupported_extension(name: str) -> None:
    definition, issues = load_bytes(MINIMAL_TEXT.encode(), name)
    assert definition is None
    assert len(issues) == 1 and issues[0].location == "1" and issues[0].path == name
    assert "unsupported file type" in issues[0].message


def test_missing_file_and_directory(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.yaml"
    assert [i.location for i in load(missing)[1]] == ["1"]
    assert "cannot read the file" in load(missing)[1][0].message
    directory = tmp_path / "dir.yaml"
    directory.mkdir()
    assert "cannot read the file" in load(directory)[1][0].message


def test_file_over_the_limit_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)
    definition, issues = load(big)
    assert definition is None
    assert [(i.location, "more than the limit" in i.message) for i in issues] == [("1", True)]
    definition, issues = load_bytes(b"#" * (MAX_FILE_BYTES + 1), "big.yaml")
    assert [i.location for i in issues] == ["1"]


def test_issue_reads_as_path_location_message() -> None:
    assert str(Issue("q.yaml", "12", "wrong")) == "q.yaml:12: wrong"
    (issue,) = issues_of(edit("version: 1\n", "version: 0\n"))
    assert str(issue).startswith("q.yaml:6: version: ")
