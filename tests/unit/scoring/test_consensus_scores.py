"""Scores of agreed grades (consensus.md) against numbers computed by hand."""

from __future__ import annotations

import dataclasses

import pytest

from selfassess.scoring.consensus import canonical_grade, consensus_scores, grade_values
from tests.unit.scoring.scoring_builders import definition, leaf, parent, q, scale


def _instrument():  # type: ignore[no-untyped-def]
    """representation (rep-women w2: lead 0-5, harass 1-5 reversed; rep-other: survey
    only) and oversight (budget 0-5 w0.5, audit 0-5 w1.5, staff-only questions)."""
    agree = scale("a5", values=range(1, 6), missing=("dk",))
    survey_only = dataclasses.replace(q("other-seats"), assessed_by=("survey",))
    return definition(
        parent(
            "representation",
            leaf("rep-women", q("lead"), q("harass", scale="a5", reverse=True), weight=2),
            leaf("rep-other", survey_only),
        ),
        leaf(
            "oversight",
            q("budget", weight=0.5),
            q("audit", weight=1.5, roles=("staff",)),
        ),
        scales=[scale(), agree],
    )


def test_item_dimension_and_overall_scores_by_hand() -> None:
    d = _instrument()
    scores = consensus_scores(d, {"lead": "3", "harass": "2", "budget": "4", "audit": "1"})
    # lead: 3/5 = 60; harass: (2-1)/4 = 25, reversed 75; rep-women: (60 + 75) / 2 = 67.5
    # rep-other has no panel question: null, so representation is rep-women alone.
    # oversight: (0.5 * 80 + 1.5 * 20) / 2 = 35; overall: (67.5 + 35) / 2 = 51.25
    assert scores.to_dict() == {
        "graded": 4,
        "questions_total": 4,
        "overall": 51.25,
        "dimensions": {
            "representation": 67.5,
            "rep-women": 67.5,
            "rep-other": None,
            "oversight": 35.0,
        },
        "questions": {
            "lead": {"grade": "3", "score": 60.0},
            "harass": {"grade": "2", "score": 75.0},
            "budget": {"grade": "4", "score": 80.0},
            "audit": {"grade": "1", "score": 20.0},
        },
    }


def test_a_leaf_needs_half_of_its_panel_questions_graded_with_a_point() -> None:
    d = _instrument()
    # rep-women: lead is "na" (no score), harass 5 -> 0: 1 of 2 is half: score 0.
    half = consensus_scores(d, {"lead": "na", "harass": "5"})
    assert half.dimensions["rep-women"] == 0.0
    assert half.questions["lead"] == ("na", None)
    # oversight: nothing graded: null, and the overall index is representation's alone.
    assert half.dimensions["oversight"] is None
    assert half.overall == 0.0
    assert half.graded == 2
    # One of three graded is under half: null.
    d3 = definition(leaf("x", q("a"), q("b"), q("c")))
    assert consensus_scores(d3, {"a": "5"}).dimensions["x"] is None
    assert consensus_scores(d3, {"a": "5", "b": "dk"}).dimensions["x"] is None
    assert consensus_scores(d3, {"a": "5", "b": "0"}).dimensions["x"] == 50.0


def test_nothing_graded_gives_nulls_and_every_key() -> None:
    block = consensus_scores(_instrument(), {}).to_dict()
    assert block["graded"] == 0
    assert block["overall"] is None
    assert set(block["dimensions"]) == {"representation", "rep-women", "rep-other", "oversight"}
    assert all(v == {"grade": None, "score": None} for v in block["questions"].values())


def test_rounding_and_unknown_or_foreign_grades() -> None:
    d = definition(leaf("x", q("a"), q("b"), q("c")), scales=[scale(values=range(1, 4))])
    # 1..3: a=2 -> 50, b=3 -> 100, c=2 -> 50: 66.666... -> 66.67
    block = consensus_scores(d, {"a": "2", "b": "3.0", "c": "2", "zzz": "1"}).to_dict()
    assert block["dimensions"]["x"] == 66.67
    assert block["questions"]["b"]["grade"] == "3"
    # a value off the scale counts as no grade at all
    assert consensus_scores(d, {"a": "7"}).questions["a"] == (None, None)


@pytest.mark.parametrize(
    ("raw", "expected"), [("3", "3"), ("3.0", "3"), ("dk", "dk"), ("6", None), ("x", None)]
)
def test_canonical_grade(raw: str, expected: str | None) -> None:
    d = _instrument()
    assert canonical_grade(d, d.question("lead"), raw) == expected


def test_grade_values_are_points_then_codes() -> None:
    d = _instrument()
    assert grade_values(d, d.question("harass")) == ("1", "2", "3", "4", "5", "dk")


def test_perception_gap_is_panel_minus_questionnaire() -> None:
    from selfassess.scoring.consensus import perception_gaps

    block = {"dimensions": {"a": 60.0, "b": None, "c": 10.0}}
    assert perception_gaps(block, {"a": 72.5, "b": 50.0}) == {"a": -12.5, "b": None, "c": None}
