"""Every validation rule, on an edit of the minimal fixture, with the line it must name."""

from __future__ import annotations

import pytest
from instrument_helpers import MINIMAL_TEXT, edit, has_issue, issues_of, line_of, show

# Snippets of the fixture that the cases edit.
FORMAT = "format: selfassess/1\n"
VERSION = "version: 1\n"
LEADERSHIP = "          - key: rep-women-leadership\n"
HARASSMENT_SCALE = "            scale: agree5\n"
SEATS_MAX = "            max: 126\n"
EXAMPLE = "      - key: ovs-example\n        type: text\n"
YEARS = "  - key: years\n    type: number\n"
NEW_SCALE = "scales:\n"
TAIL = "\n"

# (id, old snippet, new snippet, text whose line must be named, message fragment)
CASES = [
    # unknown and missing keys, at every level
    ("unknown-top-key", VERSION, "version: 1\ncolour: blue\n", "colour", "unknown key 'colour'"),
    (
        "unknown-question-key-with-hint",
        "        weight: 0.5\n        comment: true\n",
        "        weight: 0.5\n        coment: true\n",
        "coment",
        "did you mean 'comment'?",
    ),
    (
        "unknown-point-key",
        "{value: 0, label:",
        "{value: 0, colour: red, label:",
        "colour: red",
        "unknown key 'colour'",
    ),
    ("missing-top-key", VERSION, "", "format:", "missing required key 'version'"),
    (
        "missing-dimension-title",
        "        title: {en: Minorities, mn: Цөөнхүүд}\n",
        "",
        "- key: rep-minorities\n",
        "dimensions.rep-minorities: missing required key 'title'",
    ),
    (
        "missing-question-text",
        "        text: {en: Give an example., mn: Жишээ дурдана уу.}\n",
        "",
        "- key: ovs-example",
        "questions.ovs-example: missing required key 'text'",
    ),
    (
        "missing-option-label",
        '{code: "no", label: {en: "No", mn: Үгүй}}',
        '{code: "no"}',
        '{code: "no"}',
        "missing required key 'label'",
    ),
    ("required-key-without-value", "version: 1\n", "version:\n", "version:", "has no value"),
    # wrong types
    ("version-not-a-number", VERSION, "version: one\n", "version: one", "expected a number"),
    (
        "text-not-a-mapping",
        "title: {en: Minimal self-assessment, mn: Товч өөрийн үнэлгээ}",
        "title: Minimal",
        "title: Minimal",
        "expected a text per language like {en: ..., mn: ...}",
    ),
    (
        "text-value-not-text",
        "{en: Basic, mn: Суурь}",
        "{en: 2, mn: Суурь}",
        "{en: 2, mn",
        "the 'en' text is a number",
    ),
    (
        "boolean-not-boolean",
        "        required: true\n",
        "        required: always\n",
        "required: always",
        "expected true or false, got a text",
    ),
    (
        "dimensions-not-a-list",
        "      - key: rep-women\n",
        "      - key: rep-women\n        dimensions: rep\n",
        "dimensions: rep",
        "expected a list",
    ),
    (
        "question-not-a-mapping",
        EXAMPLE,
        "      - just text\n      - key: ovs-example\n        type: text\n",
        "- just text",
        "expected a mapping",
    ),
    (
        "numeric-option-code",
        "{code: hearings,",
        "{code: 7,",
        "{code: 7,",
        "a key must be text; write '7' in quotes",
    ),
    # key syntax
    (
        "instrument-key-syntax",
        "key: minimal\n",
        "key: Minimal_1\n",
        "key: Minimal_1",
        "invalid key",
    ),
    (
        "inner-key-syntax",
        "- key: rep-minorities-seats",
        "- key: Rep Seats",
        "Rep Seats",
        "invalid key 'Rep Seats'",
    ),
    (
        "role-key-syntax",
        "  staff: {en: Secretariat",
        "  Staff!: {en: Secretariat",
        "Staff!",
        "invalid key 'Staff!'",
    ),
    ("key-too-long", "key: minimal\n", f"key: {'m' * 65}\n", "key: mmm", "longer than 64"),
    # duplicates
    (
        "duplicate-question-key",
        "- key: ovs-example",
        "- key: rep-women-leadership",
        ("- key: rep-women-leadership", 2),
        "duplicate question key 'rep-women-leadership' (first at line",
    ),
    (
        "duplicate-dimension-key",
        "- key: oversight",
        "- key: rep-women",
        ("- key: rep-women\n", 2),
        "duplicate dimension key 'rep-women'",
    ),
    (
        "duplicate-option-code",
        "{code: questions,",
        "{code: hearings,",
        ("{code: hearings,", 2),
        "duplicate option code 'hearings'",
    ),
    (
        "duplicate-profile-option-code",
        "{code: male,",
        "{code: female,",
        ("{code: female,", 2),
        "duplicate option code 'female'",
    ),
    (
        "duplicate-point-value",
        "{value: 2, label: {en: Basic",
        "{value: 1, label: {en: Basic",
        "{value: 1, label: {en: Basic",
        "duplicate point value 1",
    ),
    (
        "duplicate-point-value-as-float",
        "{value: 2, label: {en: Basic",
        "{value: 1.0, label: {en: Basic",
        "{value: 1.0,",
        "duplicate point value 1",
    ),
    (
        "duplicate-missing-code",
        "{code: na,",
        "{code: dk,",
        ("{code: dk,", 2),
        "duplicate missing code 'dk'",
    ),
    (
        "missing-code-clashes-with-point",
        "{code: na,",
        '{code: "3",',
        '{code: "3",',
        "missing code '3' is also a point value",
    ),
    ("duplicate-yaml-key", VERSION, "version: 1\nversion: 2\n", "version: 2", "duplicate key"),
    (
        "duplicate-profile-key",
        "  - key: years\n",
        "  - key: sex\n",
        ("  - key: sex\n", 2),
        "duplicate profile field 'sex'",
    ),
    (
        "question-key-is-profile-key",
        "- key: ovs-example",
        "- key: years",
        "- key: years\n        type: text",
        "'years' is also the key of a profile field",
    ),
    (
        "reserved-profile-key",
        "  - key: years\n",
        "  - key: role\n",
        "  - key: role\n",
        "'role' is reserved",
    ),
    # top-level values
    ("wrong-format", FORMAT, "format: selfassess/2\n", "format:", "must be 'selfassess/1'"),
    ("version-zero", VERSION, "version: 0\n", "version: 0", "whole number of 1 or more"),
    ("version-fraction", VERSION, "version: 1.5\n", "version: 1.5", "whole number of 1 or more"),
    (
        "languages-empty",
        "languages: [en, mn]",
        "languages: []",
        "languages: []",
        "list at least one language",
    ),
    (
        "languages-duplicate",
        "languages: [en, mn]",
        "languages: [en, en]",
        "languages: [en, en]",
        "duplicate language 'en'",
    ),
    (
        "language-not-a-code",
        "languages: [en, mn]",
        "languages: [en, Mongolian]",
        "languages:",
        "'Mongolian' is not a language code",
    ),
    (
        "draft-language-not-listed",
        VERSION,
        "version: 1\ndraft_languages: [fr]\n",
        "draft_languages",
        "'fr' is not one of the languages",
    ),
    # references
    (
        "unknown-scale",
        HARASSMENT_SCALE,
        "            scale: grade7\n",
        "scale: grade7",
        "questions.rep-women-harassment: unknown scale 'grade7' (known: grade6, agree5)",
    ),
    (
        "unknown-question-role",
        "            roles: [mp]\n",
        "            roles: [mp, mpp]\n",
        "roles: [mp, mpp]",
        "unknown role 'mpp' (known: mp, staff)",
    ),
    (
        "unknown-profile-role",
        YEARS + "    label: {en: Years in parliament, mn: УИХ-д ажилласан жил}\n    roles: [mp]\n",
        YEARS
        + "    label: {en: Years in parliament, mn: УИХ-д ажилласан жил}\n    roles: [members]\n",
        "roles: [members]",
        "profile.years.roles: unknown role 'members'",
    ),
    (
        "duplicate-role-in-list",
        "        roles: [staff]\n",
        "        roles: [staff, staff]\n",
        "roles: [staff, staff]",
        "duplicate role 'staff'",
    ),
    (
        "empty-role-list",
        "        roles: [staff]\n",
        "        roles: []\n",
        "roles: []",
        "list at least one role",
    ),
    # type-specific keys
    (
        "scale-question-without-scale",
        HARASSMENT_SCALE,
        "",
        "- key: rep-women-harassment",
        "a scale question needs 'scale' (one of: grade6, agree5)",
    ),
    (
        "scale-on-number-question",
        SEATS_MAX,
        SEATS_MAX + "            scale: grade6  # here\n",
        "scale: grade6  # here",
        "'scale' is only for scale questions, not for number",
    ),
    (
        "weight-on-text-question",
        EXAMPLE,
        EXAMPLE + "        weight: 2  # here\n",
        "weight: 2  # here",
        "'weight' is only for scale questions",
    ),
    (
        "reverse-on-choice-question",
        "        required: true\n",
        "        required: true\n        reverse: true\n",
        "reverse: true\n        options",
        "'reverse' is only for scale questions",
    ),
    (
        "options-on-text-question",
        EXAMPLE,
        EXAMPLE + "        options: [{code: a, label: {en: A, mn: A}}]\n",
        "options: [{code: a",
        "'options' is only for choice and multi questions",
    ),
    (
        "min-on-scale-question",
        HARASSMENT_SCALE,
        HARASSMENT_SCALE + "            min: 1\n",
        "min: 1",
        "'min' is only for number questions",
    ),
    (
        "choice-without-options",
        EXAMPLE,
        "      - key: ovs-example\n        type: choice\n",
        "- key: ovs-example",
        "a choice question needs 'options'",
    ),
    (
        "multi-with-empty-options",
        EXAMPLE,
        "      - key: ovs-example\n        type: multi\n        options: []\n",
        "options: []",
        "a multi question needs at least one",
    ),
    (
        "profile-choice-without-options",
        YEARS,
        "  - key: years\n    type: choice\n",
        "  - key: years",
        "a choice field needs 'options'",
    ),
    (
        "options-on-profile-number",
        YEARS,
        YEARS + "    options: [{code: a, label: {en: A, mn: A}}]\n",
        "options: [{code: a",
        "'options' is only for choice fields",
    ),
    (
        "unknown-question-type",
        "        type: text\n",
        "        type: essay\n",
        "type: essay",
        "unknown question type 'essay' (allowed: scale, choice, multi, number, text)",
    ),
    (
        "unknown-profile-type",
        YEARS,
        "  - key: years\n    type: date\n",
        "type: date",
        "unknown type 'date' (allowed: choice, text, number)",
    ),
    ("number-min-above-max", SEATS_MAX, "            max: -1\n", "max: -1", "min (0) is greater"),
    # weights
    (
        "dimension-weight-zero",
        "        weight: 2\n",
        "        weight: 0\n",
        "weight: 0",
        "dimensions.rep-women.weight: must be greater than 0",
    ),
    (
        "question-weight-negative",
        "        weight: 0.5\n",
        "        weight: -1\n",
        "weight: -1",
        "questions.ovs-budget.weight: must be greater than 0",
    ),
    (
        "weight-not-finite",
        "        weight: 0.5\n",
        "        weight: .inf\n",
        "weight: .inf",
        "expected a finite number",
    ),
    # scales
    (
        "scale-with-one-point",
        NEW_SCALE,
        "scales:\n  one:\n    points:\n      - {value: 1, label: {en: A, mn: A}}\n",
        "points:\n      - {value: 1, label: {en: A, mn: A}}",
        "scales.one.points: a scale needs at least two points, got 1",
    ),
    (
        "point-value-not-a-number",
        "{value: 3, label: {en: Fair",
        "{value: high, label: {en: Fair",
        "value: high",
        "expected a number, got a text",
    ),
    # dimensions
    (
        "dimension-with-neither",
        TAIL,
        "\n  - key: empty\n    title: {en: Empty, mn: Хоосон}\n",
        "- key: empty",
        "dimensions.empty: has neither 'questions' nor 'dimensions'",
    ),
    (
        "dimension-with-both",
        "        weight: 2\n",
        "        weight: 2\n        dimensions: [{key: sub, title: {en: S, mn: S}, questions: []}]\n",
        "- key: rep-women\n",
        "dimensions.rep-women: has both 'questions' and 'dimensions'",
    ),
    (
        "dimension-with-empty-questions",
        TAIL,
        "\n  - key: empty\n    title: {en: Empty, mn: Хоосон}\n    questions: []\n",
        "questions: []",
        "dimensions.empty.questions: is empty",
    ),
    # texts and languages
    (
        "missing-translation",
        "title: {en: Minimal self-assessment, mn: Товч өөрийн үнэлгээ}",
        "title: {en: Minimal self-assessment}",
        "title:",
        "title: missing the 'mn' translation",
    ),
    (
        "missing-translation-in-block-text",
        "        text: {en: Give an example., mn: Жишээ дурдана уу.}\n",
        "        text:\n          en: Give an example.\n",
        "text:\n          en: Give",
        "questions.ovs-example.text: missing the 'mn' translation",
    ),
    (
        "text-in-unlisted-language",
        "{en: Minorities, mn: Цөөнхүүд}",
        "{en: Minorities, mn: Цөөнхүүд, fr: Minorités}",
        "fr: Minorités",
        "language 'fr' is not one of the languages (en, mn)",
    ),
    (
        "empty-text",
        "{en: Hearings, mn: Сонсгол}",
        '{en: Hearings, mn: "  "}',
        'mn: "  "',
        "the 'mn' text is empty",
    ),
    # YAML features that are refused
    (
        "alias",
        "        scale: grade6\n        weight: 0.5\n",
        "        scale: &s grade6\n        weight: 0.5\n        help: *s\n",
        "help: *s",
        "aliases (*name) are not supported",
    ),
    ("tag", VERSION, "version: !custom 1\n", "version: !custom", "cannot read the value"),
    ("bad-date", VERSION, "version: 2024-13-45\n", "version: 2024", "cannot read the value"),
]


@pytest.mark.parametrize(
    ("old", "new", "needle", "fragment"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_rule_is_reported_at_its_line(
    old: str, new: str, needle: str | tuple[str, int], fragment: str
) -> None:
    text = edit(old, new) if old != TAIL else MINIMAL_TEXT + new
    issues = issues_of(text)
    line = line_of(text, *needle) if isinstance(needle, tuple) else line_of(text, needle)
    assert has_issue(issues, line, fragment), f"want {line}: {fragment}\n{show(issues)}"


def test_at_least_one_role() -> None:
    start = MINIMAL_TEXT.index("roles:\n  mp:")
    end = MINIMAL_TEXT.index("profile:")
    text = MINIMAL_TEXT[:start] + "roles: {}\n" + MINIMAL_TEXT[end:]
    assert has_issue(issues_of(text), line_of(text, "roles: {}"), "define at least one role")


def test_at_least_one_dimension() -> None:
    text = MINIMAL_TEXT[: MINIMAL_TEXT.index("dimensions:\n  - key: repr")] + "dimensions: []\n"
    issues = issues_of(text)
    assert has_issue(issues, line_of(text, "dimensions: []"), "list at least one dimension")


def test_scale_questions_need_scales() -> None:
    text = (
        MINIMAL_TEXT[: MINIMAL_TEXT.index("scales:")]
        + MINIMAL_TEXT[MINIMAL_TEXT.index("dimensions:\n  - key: repr") :]
    )
    issues = issues_of(text)
    line = line_of(text, "scale: grade6")
    assert has_issue(issues, line, "there are scale questions but no scales are defined")
    assert not any("unknown scale" in issue.message for issue in issues)


def test_top_level_must_be_a_mapping() -> None:
    issues = issues_of("# a list\n- format\n- key\n")
    assert has_issue(issues, 2, "expected a mapping")


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n", "---\n"])
def test_empty_file(text: str) -> None:
    assert [str(i) for i in issues_of(text)] == ["q.yaml:1: the file is empty"]


def test_yaml_syntax_error_names_the_problem_line() -> None:
    text = edit("version: 1\n", "\tversion: 1\n")
    issues = issues_of(text)
    assert len(issues) == 1
    assert issues[0].message.startswith("YAML syntax error:")
    assert issues[0].location == str(line_of(text, "\tversion"))


def test_bad_indentation_is_a_syntax_error() -> None:
    text = edit("version: 1\n", "version: 1\n  oops: 2\n")
    issues = issues_of(text)
    assert issues[0].location == str(line_of(text, "oops")) and "YAML syntax" in issues[0].message


def test_two_documents_are_refused() -> None:
    text = MINIMAL_TEXT + "---\nkey: other\n"
    (issue,) = issues_of(text)
    assert "YAML syntax error: but found another document" in issue.message
    assert issue.location == str(line_of(text, "---\nkey: other"))


def test_several_errors_are_all_reported() -> None:
    text = MINIMAL_TEXT
    for old, new in [
        ("version: 1\n", "version: -3\n"),
        ("            scale: agree5\n", "            scale: agree7\n"),
        ("{en: Minorities, mn: Цөөнхүүд}", "{en: Minorities}"),
        ("        type: text\n", "        type: essay\n"),
        ("        weight: 0.5\n", "        weight: 0\n"),
        ('{code: "no",', '{code: "yes",'),
    ]:
        text = edit(old, new, text)
    issues = issues_of(text)
    expected = [
        (line_of(text, "version: -3"), "version: must be a whole number"),
        (line_of(text, "scale: agree7"), "unknown scale 'agree7'"),
        (line_of(text, "title: {en: Minorities}"), "missing the 'mn' translation"),
        (line_of(text, "type: essay"), "unknown question type 'essay'"),
        (line_of(text, "weight: 0\n"), "must be greater than 0"),
        (line_of(text, '{code: "yes", label: {en: "No"'), "duplicate option code 'yes'"),
    ]
    for line, fragment in expected:
        assert has_issue(issues, line, fragment), f"{line}: {fragment}\n{show(issues)}"
    assert len(issues) == len(expected), show(issues)
    assert [int(i.location) for i in issues] == sorted(int(i.location) for i in issues)


def test_message_format() -> None:
    text = edit(HARASSMENT_SCALE, "            scale: grade7\n")
    (issue,) = issues_of(text)
    line = line_of(text, "grade7")
    assert str(issue) == (
        f"q.yaml:{line}: questions.rep-women-harassment: unknown scale 'grade7' "
        "(known: grade6, agree5)"
    )
