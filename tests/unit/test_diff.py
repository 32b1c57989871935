"""The version diff: items matched by key, every changed path with its category."""

from __future__ import annotations

import ast
import copy
from pathlib import Path
from typing import Any

import pytest

from selfassess.instrument import diff as diff_module
from selfassess.instrument.canonical import definition_from_dict
from selfassess.instrument.diff import FieldChange, diff_definitions
from selfassess.instrument.model import Definition


def en_mn(en: str, mn: str | None = None) -> dict[str, str]:
    return {"en": en, "mn": mn or f"{en} (mn)"}


BASE: dict[str, Any] = {
    "format": "selfassess/1",
    "key": "demo",
    "version": 1,
    "languages": ["en", "mn"],
    "title": en_mn("Demo"),
    "roles": {"mp": en_mn("MP"), "staff": en_mn("Staff")},
    "profile": [
        {
            "key": "sex",
            "type": "choice",
            "label": en_mn("Sex"),
            "options": [
                {"code": "female", "label": en_mn("Female")},
                {"code": "male", "label": en_mn("Male")},
            ],
        }
    ],
    "scales": {
        "s4": {
            "points": [{"value": v, "label": en_mn(f"P{v}")} for v in range(4)],
            "missing": [{"code": "dk", "label": en_mn("Don't know")}],
        }
    },
    "dimensions": [
        {
            "key": "rep",
            "title": en_mn("Representation"),
            "questions": [
                {"key": "q1", "type": "scale", "scale": "s4", "text": en_mn("Question one")},
                {"key": "q2", "type": "scale", "scale": "s4", "text": en_mn("Question two")},
            ],
        },
        {
            "key": "work",
            "title": en_mn("Workplace"),
            "questions": [
                {"key": "q3", "type": "text", "text": en_mn("Anything else?")},
            ],
        },
    ],
}


def build(change: Any = None) -> Definition:
    """The base definition, after ``change(data)`` edits a deep copy of its plain form."""
    data = copy.deepcopy(BASE)
    if change is not None:
        change(data)
    return definition_from_dict(data)


def question(data: dict[str, Any], key: str) -> dict[str, Any]:
    return next(q for d in data["dimensions"] for q in d["questions"] if q["key"] == key)


def test_the_same_definition_has_no_changes() -> None:
    result = diff_definitions(build(), build())
    assert not result
    assert result.changes == ()
    assert result.summary() == {}


def test_added_and_removed_questions_by_key() -> None:
    def change(data: dict[str, Any]) -> None:
        questions = data["dimensions"][0]["questions"]
        questions.remove(question(data, "q2"))
        questions.append({"key": "q9", "type": "scale", "scale": "s4", "text": en_mn("New")})

    result = diff_definitions(build(), build(change))
    assert [(c.item, c.key, c.status) for c in result.changes] == [
        ("question", "q9", "added"),
        ("question", "q2", "removed"),
    ]
    assert result.summary() == {"question": {"added": 1, "removed": 1}}


def test_a_changed_text_names_its_language_and_both_values() -> None:
    def change(data: dict[str, Any]) -> None:
        question(data, "q1")["text"]["mn"] = "Шинэ асуулт"

    (item,) = diff_definitions(build(), build(change)).changes
    assert (item.item, item.key, item.status) == ("question", "q1", "changed")
    assert item.fields == (FieldChange("text.mn", "Question one (mn)", "Шинэ асуулт"),)
    assert item.categories == ("text",)


def test_a_changed_weight_and_reverse_are_weight_and_scale_changes() -> None:
    def change(data: dict[str, Any]) -> None:
        question(data, "q2").update(weight=2, reverse=True)

    (item,) = diff_definitions(build(), build(change)).changes
    assert {f.path: (f.old, f.new) for f in item.fields} == {
        "weight": (1, 2),
        "reverse": (False, True),
    }
    assert item.categories == ("scale", "weight")


def test_a_scale_with_a_new_point_and_a_relabelled_one() -> None:
    def change(data: dict[str, Any]) -> None:
        points = data["scales"]["s4"]["points"]
        points[1]["label"]["en"] = "One"
        points.append({"value": 4, "label": en_mn("P4")})

    (item,) = diff_definitions(build(), build(change)).changes
    assert (item.item, item.key) == ("scale", "s4")
    paths = {f.path: (f.old, f.new) for f in item.fields}
    assert paths["points"] == ([0, 1, 2, 3], [0, 1, 2, 3, 4])
    assert paths["points.1.label.en"] == ("P1", "One")
    assert paths["points.4.label.en"] == (None, "P4")
    assert item.categories == ("text", "scale")


def test_a_question_moved_to_another_dimension_is_a_structure_change() -> None:
    def change(data: dict[str, Any]) -> None:
        moved = question(data, "q2")
        data["dimensions"][0]["questions"].remove(moved)
        data["dimensions"][1]["questions"].append(moved)

    (item,) = diff_definitions(build(), build(change)).changes
    assert item.fields == (FieldChange("dimension", "rep", "work"),)
    assert item.categories == ("structure",)


def test_roles_profile_options_and_dimension_titles() -> None:
    def change(data: dict[str, Any]) -> None:
        data["roles"]["staff"]["en"] = "Secretariat staff"
        data["profile"][0]["options"].append({"code": "other", "label": en_mn("Other")})
        data["dimensions"][1]["title"]["en"] = "The workplace"
        data["dimensions"][1]["weight"] = 3

    result = diff_definitions(build(), build(change))
    by_item = {(c.item, c.key): c for c in result.changes}
    assert set(by_item) == {("role", "staff"), ("profile", "sex"), ("dimension", "work")}
    assert by_item["role", "staff"].fields == (
        FieldChange("label.en", "Staff", "Secretariat staff"),
    )
    options = {f.path: f for f in by_item["profile", "sex"].fields}
    assert options["options"].old == ["female", "male"]
    assert options["options"].new == ["female", "male", "other"]
    assert options["options"].category == "structure"
    assert by_item["dimension", "work"].categories == ("text", "weight")


def test_a_new_version_title_is_an_instrument_change() -> None:
    def change(data: dict[str, Any]) -> None:
        data["version"] = 2
        data["title"]["en"] = "Demo, revised"

    (item,) = diff_definitions(build(), build(change)).changes
    assert (item.item, item.key, item.status) == ("instrument", "demo", "changed")
    assert item.fields == (FieldChange("title.en", "Demo", "Demo, revised"),)


@pytest.mark.parametrize(
    ("path", "category"),
    [
        ("text.en", "text"),
        ("help.mn", "text"),
        ("options.a.label.en", "text"),
        ("scale", "scale"),
        ("missing", "scale"),
        ("weight", "weight"),
        ("roles", "structure"),
        ("required", "structure"),
    ],
)
def test_categories(path: str, category: str) -> None:
    assert FieldChange(path, 1, 2).category == category


def test_the_diff_imports_only_the_instrument_package_and_the_standard_library() -> None:
    tree = ast.parse(Path(diff_module.__file__).read_text(encoding="utf-8"))
    imported = {
        name.split(".")[0] if not name.startswith("selfassess.") else name.rsplit(".", 1)[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else [a.name for a in node.names]
        )
    }
    assert imported <= {
        "__future__",
        "collections",
        "dataclasses",
        "typing",
        "selfassess.instrument",
    }
