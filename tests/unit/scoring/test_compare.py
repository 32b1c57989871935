"""The comparison core (compare.md) against hand-computed numbers."""

from __future__ import annotations

import dataclasses
import math

import pytest

from selfassess.scoring import compare as compare_module
from selfassess.scoring import compute_results
from selfassess.scoring.compare import Side, common_questions, compare, dimension_changes
from tests.unit.scoring.scoring_builders import (
    answers,
    definition,
    leaf,
    parent,
    q,
    respondents,
    scale,
)


def version_a():
    return definition(
        leaf("d0", q("z")),
        leaf("d1", q("a"), q("b"), q("m")),
        leaf("d2", q("c"), q("r")),
        leaf("d3", q("x")),
    )


def version_b():
    d = definition(
        leaf("d0", q("z")),
        leaf("d1", q("a"), q("b")),
        leaf("d2", q("c"), q("r", scale="g3"), q("n"), q("m")),
        leaf("d4", q("y")),
        scales=[scale(), scale("g3", range(4))],
    )
    return dataclasses.replace(d, version=2)


def side(slug, d, people, given, k=1, consensus=None):
    r = respondents(people)
    a = answers(given)
    return Side(slug, d, r, a, compute_results(d, r, a, min_group_size=k), consensus)


A_PEOPLE = [{"id": i, "role": "mp"} for i in (1, 2, 3)]
A_ANSWERS = {
    1: {"z": "5", "a": "5", "b": "0", "c": "5", "m": "0", "r": "0", "x": "1"},
    2: {"z": "0", "a": "5", "b": "5", "c": "0", "m": "5", "r": "5"},
    3: {"z": "5", "a": "0", "b": "0", "c": "dk", "r": "5"},
}
B_PEOPLE = [{"id": 1, "role": "mp"}, {"id": 2, "role": "staff"}]
B_ANSWERS = {
    1: {"z": "5", "a": "5", "b": "5", "c": "5", "r": "3", "n": "0", "y": "5"},
    2: {"z": "0", "a": "0", "b": "5", "c": "0", "r": "0", "n": "5"},
}


def doc(**kwargs):
    a = side("before", version_a(), A_PEOPLE, A_ANSWERS, **kwargs)
    b = side("after", version_b(), B_PEOPLE, B_ANSWERS)
    return compare(a, b).document


def test_common_questions_drop_rescaled_moved_added_and_one_sided():
    # r is re-scaled (0-5 -> 0-3), m moved from d1 to d2, n added, x and y one-sided.
    assert common_questions(version_a(), version_b()) == ["z", "a", "b", "c"]
    changes = dimension_changes(version_a(), version_b(), "d2")
    assert changes.added == ("n", "m")
    assert changes.rescaled == ("r",)
    assert changes.moved == ("m",)
    assert dimension_changes(version_a(), version_b(), "d1").removed == ("m",)


def test_document_shape_dimensions_and_groups():
    document = doc()
    assert document["a"] == "before" and document["b"] == "after"
    assert document["versions"] == [1, 2]
    # role=staff exists only in B: groups are those of both rounds.
    assert document["groups"] == ["all", "role=mp"]
    entries = {d["key"]: d for d in document["dimensions"]}
    assert [d["key"] for d in document["dimensions"]] == ["d0", "d1", "d2"]
    assert entries["d0"]["comparable"] is True
    assert entries["d1"]["comparable"] is False and entries["d1"]["questions"] == 2
    assert entries["d2"]["comparable"] is False and entries["d2"]["questions"] == 1
    assert "consensus" not in entries["d0"]
    assert entries["d0"]["recommendations"] == {}


def test_hand_computed_scores_change_and_interval():
    document = doc()
    d0 = document["dimensions"][0]["results"]["all"]
    # A: 100, 0, 100; B: 100, 0.
    assert d0["a"] == {"n": 3, "score": 66.67}
    assert d0["b"] == {"n": 2, "score": 50.0}
    assert d0["change"] == -16.67
    half = 1.96 * math.sqrt(math.sqrt(10000 / 3) ** 2 / 3 + 5000 / 2)
    assert d0["ci95"] == [round(-50 / 3 - half, 2), round(-50 / 3 + half, 2)]
    # d1 on a, b only (m moved away): A 50, 100, 0; B 100, 50.
    d1 = document["dimensions"][1]["results"]["all"]
    assert (d1["a"]["score"], d1["b"]["score"], d1["change"]) == (50.0, 75.0, 25.0)
    # Overall, d0..d2 (d3, d4 one-sided): A (100+50+100)/3, (0+100+0)/3, (100+0)/2.
    overall = document["overall"]["all"]
    assert overall["a"] == {"n": 3, "score": round((250 / 3 + 100 / 3 + 50) / 3, 2)}
    assert overall["b"]["score"] == round(((100 + 100 + 100) / 3 + (0 + 50 + 0) / 3) / 2, 2)
    # role=mp in B has one respondent: no interval.
    mp = document["dimensions"][0]["results"]["role=mp"]
    assert mp["change"] == 33.33 and mp["ci95"] is None


def test_comparable_dimension_scores_equal_the_rounds_own():
    a = side("before", version_a(), A_PEOPLE, A_ANSWERS)
    own = a.results.to_dict(round_slug="before", draft_count=0)["dimensions"][0]["results"]
    assert doc()["dimensions"][0]["results"]["all"]["a"]["score"] == own["all"]["score"]


def test_small_cells_are_suppressed_with_no_change():
    document = doc(k=3)
    # A is scored with k = 3, B with k = 1.
    assert document["dimensions"][0]["results"]["all"]["a"] == {"n": 3, "score": 66.67}
    mp = document["dimensions"][0]["results"]["role=mp"]
    assert mp["a"] == {"n": 3, "score": 66.67}
    # d2 on A has n = 2 (respondent 3 has no c): below A's k = 3.
    d2 = document["dimensions"][2]["results"]["all"]
    assert d2["a"] == {"suppressed": True}
    assert d2["change"] is None and d2["ci95"] is None
    assert "n" not in d2["a"]


def test_complementary_suppression_is_applied_per_side(monkeypatch):
    def hide_mp(n_by_group, hidden, definition, k):
        return set(hidden) | {"role=mp"}

    monkeypatch.setattr(compare_module, "suppress", hide_mp)
    cell = doc()["overall"]["role=mp"]
    assert cell["a"] == {"suppressed": True} and cell["b"] == {"suppressed": True}
    assert cell["change"] is None


def test_consensus_and_recommendations_blocks():
    a = side(
        "before",
        version_a(),
        A_PEOPLE,
        A_ANSWERS,
        consensus={"graded": 3, "dimensions": {"d0": 60.0, "d1": None}},
    )
    b = side(
        "after",
        version_b(),
        B_PEOPLE,
        B_ANSWERS,
        consensus={"graded": 2, "dimensions": {"d0": 70.0, "d1": 40.0}},
    )
    recs = [
        {"ref": "1", "links": ["test:d0"], "status": "implemented"},
        {"ref": "2", "links": ["test:z", "test:d1"], "status": "implemented"},
        {"ref": "3", "links": ["test:m"], "status": "in_progress"},
        {"ref": "4", "links": ["other:d0"], "status": "proposed"},
    ]
    dims = {d["key"]: d for d in compare(a, b, recs).document["dimensions"]}
    assert dims["d0"]["consensus"] == {"a": 60.0, "b": 70.0, "change": 10.0}
    assert dims["d1"]["consensus"] == {"a": None, "b": 40.0, "change": None}
    assert dims["d0"]["recommendations"] == {"implemented": 2}
    # m sits in d1 in A and in d2 in B: linked to both.
    assert dims["d1"]["recommendations"] == {"implemented": 1, "in_progress": 1}
    assert dims["d2"]["recommendations"] == {"in_progress": 1}


def test_different_instruments_do_not_compare():
    a = side("before", version_a(), A_PEOPLE, A_ANSWERS)
    other = dataclasses.replace(version_b(), key="other")
    b = side("after", other, B_PEOPLE, B_ANSWERS)
    with pytest.raises(ValueError, match="same questionnaire"):
        compare(a, b)


def test_nested_dimensions_and_weights():
    a_def = definition(parent("p", leaf("l1", q("a")), leaf("l2", q("b"), weight=3)))
    b_def = definition(parent("p", leaf("l1", q("a"), weight=3), leaf("l2", q("b"))))
    people = [{"id": 1, "role": "mp"}, {"id": 2, "role": "mp"}]
    given = {1: {"a": "5", "b": "0"}, 2: {"a": "0", "b": "0"}}
    document = compare(side("x", a_def, people, given), side("y", b_def, people, given)).document
    assert [d["key"] for d in document["dimensions"]] == ["p", "l1", "l2"]
    assert document["dimensions"][0]["questions"] == 2
    parent_cell = document["dimensions"][0]["results"]["all"]
    # Each side its own weights: A (100 + 0*3)/4 = 25 then 0; B (300 + 0)/4 = 75 then 0.
    assert parent_cell["a"]["score"] == 12.5 and parent_cell["b"]["score"] == 37.5
    assert parent_cell["change"] == 25.0


def test_reverse_and_weight_may_differ_each_side_its_own():
    a_def = definition(leaf("d", q("p"), q("s", weight=3)))
    b_def = definition(leaf("d", q("p", reverse=True), q("s")))
    people = [{"id": 1, "role": "mp"}]
    given = {1: {"p": "5", "s": "0"}}
    document = compare(side("x", a_def, people, given), side("y", b_def, people, given)).document
    assert document["dimensions"][0]["comparable"] is True
    cell = document["dimensions"][0]["results"]["all"]
    # A: (100 + 0*3) / 4 = 25; B: p reversed -> 0, (0 + 0) / 2 = 0.
    assert (cell["a"]["score"], cell["b"]["score"], cell["change"]) == (25.0, 0.0, -25.0)
    assert cell["ci95"] is None  # one respondent per side
