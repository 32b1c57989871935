"""Every rule of scoring.md against numbers computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal, assert_series_equal
from scoring_builders import (
    answers,
    definition,
    field,
    leaf,
    parent,
    q,
    respondents,
    scale,
    small_round,
)

from selfassess.instrument.model import Gap
from selfassess.scoring import (
    compute_results,
    dimension_scores,
    group_membership,
    group_statistics,
    item_scores,
)

nan = np.nan


def ids(*values: object) -> pd.Index:
    return pd.Index(list(values), name="response_id")


# -- item scores ----------------------------------------------------------------------


def test_item_score_is_the_position_between_lowest_and_highest_point():
    d = definition(leaf("d", q("a"), q("b", reverse=True)))
    r = respondents([{"id": 1, "role": "mp"}, {"id": 2, "role": "staff"}])
    a = answers({1: {"a": "4", "b": "4"}, 2: {"a": "0", "b": "5"}})
    expected = pd.DataFrame({"a": [80.0, 0.0], "b": [20.0, 0.0]}, index=ids(1, 2))
    assert_frame_equal(item_scores(d, r, a), expected)


def test_uneven_and_fractional_point_values():
    uneven = scale("uneven", values=(1, 2, 4), missing=())
    halves = scale("halves", values=(0, 2.5, 5), missing=())
    d = definition(
        leaf(
            "d",
            q("u", scale="uneven"),
            q("h", scale="halves"),
            q("hr", scale="halves", reverse=True),
        ),
        scales=[uneven, halves],
    )
    r = respondents([{"id": "x", "role": "mp"}, {"id": "y", "role": "mp"}])
    a = answers({"x": {"u": "2", "h": "2.5", "hr": "0"}, "y": {"u": "4", "h": "5", "hr": "2.5"}})
    expected = pd.DataFrame(
        {"u": [100 / 3, 100.0], "h": [50.0, 100.0], "hr": [100.0, 50.0]}, index=ids("x", "y")
    )
    assert_frame_equal(item_scores(d, r, a), expected)


def test_missing_codes_blanks_and_values_off_the_scale_give_no_item_score():
    d = definition(leaf("d", q("a"), q("b"), q("c"), q("e"), q("f")))
    r = respondents([{"id": 1, "role": "mp"}])
    # "3.0" and " 2 " are the points 3 and 2; "6", "2.5" and "x" are not on the scale.
    a = answers({1: {"a": "dk", "b": "3.0", "c": "6", "e": " 2 ", "f": "x"}})
    scores = item_scores(d, r, a)
    assert scores.iloc[0].tolist() == pytest.approx([nan, 60.0, nan, 40.0, nan], nan_ok=True)
    a = answers({1: {"a": "2.5", "b": "na", "c": None}})
    assert scores.columns.tolist() == ["a", "b", "c", "e", "f"]
    assert item_scores(d, r, a).isna().all(axis=None)


# -- respondent dimension scores ------------------------------------------------------


def test_leaf_score_is_the_mean_weighted_by_question_weight():
    d = definition(leaf("d", q("a", weight=1), q("b", weight=3)))
    r = respondents([{"id": 1, "role": "mp"}])
    a = answers({1: {"a": "5", "b": "1"}})
    # (100 * 1 + 20 * 3) / 4
    assert dimension_scores(d, r, a).loc[1, "d"] == pytest.approx(40.0)


def test_exactly_half_answered_is_scored_and_less_than_half_is_null():
    d = definition(
        leaf("four", q("a1"), q("a2"), q("a3"), q("a4")),
        leaf("three", q("b1"), q("b2"), q("b3")),
    )
    r = respondents([{"id": i, "role": "mp"} for i in (1, 2, 3, 4)])
    a = answers(
        {
            1: {"a1": "5", "a2": "0", "b1": "5", "b2": "0"},  # 2 of 4, 2 of 3
            2: {"a1": "5", "a2": "dk", "a3": "na", "b1": "5"},  # 1 of 4, 1 of 3
            3: {"a1": "5", "a2": "4", "a3": "dk", "a4": "dk"},  # missing codes are not scores
            4: {"a1": "9", "a2": "9", "a3": "5", "a4": "4"},  # off-scale values are not either
        }
    )
    scores = dimension_scores(d, r, a)
    expected = pd.DataFrame(
        {"four": [50.0, nan, 90.0, 90.0], "three": [50.0, nan, nan, nan]}, index=ids(1, 2, 3, 4)
    )
    assert_frame_equal(scores[["four", "three"]], expected)


def test_parent_scores_weight_the_non_null_children_and_overall_the_top_level():
    d = definition(
        parent("t1", leaf("la", q("a")), leaf("lb", q("b")), weight=1),
        parent("t2", parent("mid", leaf("lc", q("c")), leaf("ld", q("e"), weight=3)), weight=2),
    )
    r = respondents([{"id": i, "role": "mp"} for i in (1, 2, 3)])
    a = answers(
        {
            1: {"a": "5", "b": "1", "c": "3", "e": "4"},
            2: {"a": "4", "c": "dk"},  # lb, lc, ld, mid and t2 null
            3: {},
        }
    )
    # 1: t1 = (100 + 20) / 2 = 60; mid = (60 + 80 * 3) / 4 = 75 = t2; overall = (60 + 150) / 3
    expected = pd.DataFrame(
        {
            "t1": [60.0, 80.0, nan],
            "la": [100.0, 80.0, nan],
            "lb": [20.0, nan, nan],
            "t2": [75.0, nan, nan],
            "mid": [75.0, nan, nan],
            "lc": [60.0, nan, nan],
            "ld": [80.0, nan, nan],
            "overall": [70.0, 80.0, nan],
        },
        index=ids(1, 2, 3),
    )
    assert_frame_equal(dimension_scores(d, r, a), expected)


def test_only_applicable_questions_count():
    d = definition(
        leaf("mixed", q("both"), q("mp-only", roles=["mp"])),
        leaf("mps", q("m2", roles=["mp"])),
    )
    r = respondents(
        [
            {"id": 1, "role": "mp"},
            {"id": 2, "role": "staff"},
            {"id": 3, "role": "staff"},
            {"id": 4, "role": "guest"},  # a role the instrument does not know
        ]
    )
    a = answers(
        {
            1: {"both": "3", "m2": "5"},  # 1 of 2 applicable: scored
            2: {"both": "3", "mp-only": "0", "m2": "0"},  # answers to mp-only ignored
            3: {"mp-only": "5"},  # its only applicable question is blank
            4: {"both": "5"},
        }
    )
    expected = pd.DataFrame(
        {
            "mixed": [60.0, 60.0, nan, nan],
            "mps": [100.0, nan, nan, nan],
            "overall": [80.0, 60.0, nan, nan],
        },
        index=ids(1, 2, 3, 4),
    )
    assert_frame_equal(dimension_scores(d, r, a), expected)
    assert item_scores(d, r, a).loc[2].tolist() == pytest.approx([60.0, nan, nan], nan_ok=True)


def test_leaf_without_scale_questions_is_null():
    d = definition(leaf("s", q("a")), leaf("t", q("note", type="text")))
    r = respondents([{"id": 1, "role": "mp"}])
    scores = dimension_scores(d, r, answers({1: {"a": "5", "note": "hi"}}))
    assert scores.loc[1].tolist() == pytest.approx([100.0, nan, 100.0], nan_ok=True)


# -- groups ---------------------------------------------------------------------------

PROFILE = [field("sex", "female", "male", "other"), field("region", "city", "country")]


def test_groups_are_ordered_all_roles_fields_then_role_by_field():
    d = definition(leaf("d", q("a")), profile=PROFILE, roles=["mp", "staff", "chair"])
    r = respondents(
        [
            {"id": 1, "role": "staff", "sex": "male", "region": "city"},
            {"id": 2, "role": "mp", "sex": "female"},  # no region
            {"id": 3, "role": "mp", "region": "country"},  # no sex
            {"id": 4, "role": "mp", "sex": "nonsense"},  # not an option: in no sex group
        ],
        fields=["sex", "region"],
    )
    membership = group_membership(d, r)
    expected = pd.DataFrame(
        {
            "all": [True, True, True, True],
            "role=mp": [False, True, True, True],
            "role=staff": [True, False, False, False],
            "sex=female": [False, True, False, False],
            "sex=male": [True, False, False, False],
            "region=city": [True, False, False, False],
            "region=country": [False, False, True, False],
            "role=mp,sex=female": [False, True, False, False],
            "role=mp,region=country": [False, False, True, False],
            "role=staff,sex=male": [True, False, False, False],
            "role=staff,region=city": [True, False, False, False],
        },
        index=ids(1, 2, 3, 4),
    )
    assert_frame_equal(membership, expected)
    result = compute_results(d, r, answers({}), min_group_size=1)
    assert result.groups == expected.columns.tolist()


def test_a_profile_field_missing_from_the_frame_makes_no_groups():
    d = definition(leaf("d", q("a")), profile=PROFILE)
    r = respondents([{"id": 1, "role": "mp", "sex": "other"}], fields=["sex"])
    assert group_membership(d, r).columns.tolist() == [
        "all",
        "role=mp",
        "sex=other",
        "role=mp,sex=other",
    ]


def test_text_and_number_profile_fields_are_not_groups():
    d = definition(leaf("d", q("a")), profile=[field("name", type="text"), field("sex", "f")])
    r = respondents([{"id": 1, "role": "mp", "name": "A", "sex": "f"}], fields=["name", "sex"])
    assert group_membership(d, r).columns.tolist() == ["all", "role=mp", "sex=f", "role=mp,sex=f"]


# -- group statistics -----------------------------------------------------------------


def test_group_statistics_mean_sample_sd_and_median():
    scores = pd.DataFrame({"d": [20.0, 40.0, 60.0, 100.0, nan]}, index=ids(1, 2, 3, 4, 5))
    membership = pd.DataFrame(
        {
            "all": [True] * 5,
            "odd": [True, False, True, False, True],
            "one": [False, False, False, True, False],
            "none": [False, False, False, False, True],
        },
        index=ids(1, 2, 3, 4, 5),
    )
    expected = pd.DataFrame(
        {
            "key": pd.Series(["d"] * 4, dtype=str),
            "group": pd.Series(["all", "odd", "one", "none"], dtype=str),
            "n": np.array([4, 2, 1, 0], dtype=np.intp),
            "score": [55.0, 40.0, 100.0, nan],
            # sqrt((35² + 15² + 5² + 45²) / 3); sqrt((20² + 20²) / 1); null for n < 2
            "sd": [math.sqrt(3500 / 3), math.sqrt(800), nan, nan],
            "median": [50.0, 40.0, 100.0, nan],
        }
    )
    assert_frame_equal(group_statistics(scores, membership), expected)


def test_question_cells_count_points_missing_codes_and_blanks_of_applicable_respondents():
    d, r, a = small_round()
    result = compute_results(d, r, a, min_group_size=1)
    counts = result.question_counts
    cell = counts[(counts["question"] == "m") & (counts["group"] == "all")]
    assert dict(zip(cell["code"], cell["count"], strict=True)) == {
        "0": 0, "1": 0, "2": 1, "3": 0, "4": 0, "5": 1, "dk": 1, "na": 1, "blank": 1,
    }  # fmt: skip
    cell = counts[(counts["question"] == "b") & (counts["group"] == "all")]
    assert dict(zip(cell["code"], cell["count"], strict=True)) == {
        "0": 1, "1": 1, "2": 1, "3": 1, "4": 0, "5": 0, "dk": 1, "na": 0, "blank": 1,
    }  # fmt: skip
    stats = result.statistics.set_index(["kind", "key", "group"])
    # m: the staff member's "5" is not applicable; 5 and 2 -> 100, 40
    assert stats.loc[("question", "m", "all"), "n"] == 2
    assert stats.loc[("question", "m", "all"), "score"] == pytest.approx(70.0)
    # b reversed: 0..3 -> 100, 80, 60, 40
    assert stats.loc[("question", "b", "role=mp"), "score"] == pytest.approx(70.0)
    assert math.isnan(stats.loc[("question", "b", "all"), "sd"])


def test_counts_keys_are_written_like_the_yaml_values():
    d = definition(
        leaf("d", q("a", scale="f"), q("b", scale="h")),
        scales=[scale("f", values=(1.0, 2.0, 3.0), missing=()), scale("h", values=(0, 0.5, 1))],
    )
    r = respondents([{"id": 1, "role": "mp"}])
    counts = compute_results(d, r, answers({1: {"a": "2", "b": "0.5"}})).question_counts
    counts = counts[counts["group"] == "all"]
    assert counts["code"].tolist() == ["1", "2", "3", "blank", "0", "0.5", "1", "dk", "na", "blank"]
    assert counts["count"].tolist() == [0, 1, 0, 0, 0, 1, 0, 0, 0, 0]


def test_respondent_scores_of_the_small_round():
    d, r, a = small_round()
    result = compute_results(d, r, a)
    expected = pd.DataFrame(
        {
            "top": [100.0, 80.0, 60.0, 40.0, 40.0, 20.0],
            # 4: dk and blank -> 0 of 2 -> null; 6: m does not apply to staff, 1 of 1
            "l1": [100.0, 80.0, 60.0, nan, 40.0, 20.0],
            "l2": [100.0, 80.0, 60.0, 40.0, nan, nan],
            "overall": [100.0, 80.0, 60.0, 40.0, 40.0, 20.0],
        },
        index=ids(1, 2, 3, 4, 5, 6),
    )
    assert_frame_equal(result.respondent_scores, expected)


# -- suppression ----------------------------------------------------------------------


def test_suppression_at_k_minus_one_and_publication_at_k():
    d, r, a = small_round()
    # k=5: role=staff (1) is small, so role=mp (5) goes too: all - mp would give staff.
    for k, published in [(5, {"all"}), (6, {"all"}), (2, None)]:
        result = compute_results(d, r, a, min_group_size=k)
        doc = result.to_dict(round_slug="r", draft_count=0)
        stats = result.statistics[result.statistics["kind"] == "overall"]
        n = dict(zip(stats["group"], stats["n"], strict=True))
        for group, cell in doc["overall"].items():
            shown = "suppressed" not in cell
            if n[group] < k:
                assert not shown
            if published is not None:
                assert shown == (group in published)
            if shown:
                assert set(cell) == {"n", "score", "sd", "median"}
                assert cell["n"] == n[group]
            else:
                assert cell == {"suppressed": True}


def test_question_cells_are_suppressed_on_the_number_of_item_scores():
    d, r, a = small_round()
    doc = compute_results(d, r, a, min_group_size=5).to_dict(round_slug="r", draft_count=0)
    questions = {x["key"]: x["results"] for x in doc["questions"]}
    # role=mp has 5 respondents, but only 4 of them have an item score for a (one dk)
    assert questions["a"]["role=mp"] == {"suppressed": True}
    assert questions["a"]["all"] == {
        "n": 5,
        "score": 60.0,
        "counts": {"0": 0, "1": 1, "2": 1, "3": 1, "4": 1, "5": 1, "dk": 1, "na": 0, "blank": 0},
    }
    assert questions["b"]["all"] == {"suppressed": True}


def test_table_hides_suppressed_numbers_and_rounds_the_rest():
    d, r, a = small_round()
    result = compute_results(d, r, a, min_group_size=5)
    table = result.table()
    assert table.columns.tolist() == [
        "kind", "key", "group", "n", "score", "sd", "median", "suppressed", "ci_low", "ci_high",
    ]  # fmt: skip
    hidden = table[table["suppressed"]]
    assert hidden[["n", "score", "sd", "median", "ci_low", "ci_high"]].isna().all(axis=None)
    small = result.statistics["n"] < 5
    assert table["suppressed"][small].all()
    shown = table[~table["suppressed"]]
    assert_series_equal(shown["score"], shown["score"].round(2))
    overall = table[(table["kind"] == "overall") & (table["group"] == "all")].iloc[0]
    # 100, 80, 60, 40, 40, 20: mean 56.666..., sd sqrt(5733.33 / 5), median 50
    assert overall["score"] == 56.67
    sd = math.sqrt(sum((x - 170 / 3) ** 2 for x in [100, 80, 60, 40, 40, 20]) / 5)
    assert overall["sd"] == round(sd, 2)
    assert overall["median"] == 50.0
    assert overall["ci_low"] == round(170 / 3 - 1.96 * sd / math.sqrt(6), 2)
    assert overall["ci_high"] == round(170 / 3 + 1.96 * sd / math.sqrt(6), 2)


def test_intervals_are_null_below_two_and_absent_for_questions():
    d, r, a = small_round()
    stats = compute_results(d, r, a, min_group_size=1).statistics.set_index(
        ["kind", "key", "group"]
    )
    staff = stats.loc[("overall", "overall", "role=staff")]
    assert staff["n"] == 1 and math.isnan(staff["ci_low"]) and math.isnan(staff["ci_high"])
    assert stats.loc["question", ["ci_low", "ci_high"]].isna().all(axis=None)
    mp = stats.loc[("dimension", "l1", "role=mp")]  # 100, 80, 60, 40: sd sqrt(2000 / 3)
    assert mp["ci_low"] == pytest.approx(70 - 1.96 * math.sqrt(2000 / 3) / 2)
    assert mp["ci_high"] == pytest.approx(70 + 1.96 * math.sqrt(2000 / 3) / 2)


def test_intervals_stay_on_the_scale_of_the_scores():
    """Two respondents, 100 and 60: 80 +/- 39.2 would reach 119.2; a mean of scores
    between 0 and 100 cannot, so the interval stops at 100."""
    d = definition(leaf("l1", q("a")))
    r = respondents([{"id": 1, "role": "mp"}, {"id": 2, "role": "mp"}])
    a = answers({1: {"a": "5"}, 2: {"a": "3"}})
    table = compute_results(d, r, a, min_group_size=1).table().set_index(["kind", "group"])
    overall = table.loc[("overall", "all")]
    assert overall["score"] == 80.0
    assert overall["ci_low"] == round(80 - 1.96 * math.sqrt(800) / math.sqrt(2), 2)
    assert overall["ci_high"] == 100.0


# -- gaps -----------------------------------------------------------------------------


def test_declared_gaps_from_unrounded_scores():
    gaps = [Gap("role", "mp", "staff"), Gap("sex", "female", "male"), Gap("role", "staff", "mp")]
    d, r, a = small_round(gaps)
    published = [g.to_dict() for g in compute_results(d, r, a, min_group_size=1).gaps]
    assert published == [
        {
            "field": "role", "a": "mp", "b": "staff",
            "overall": 44.0,  # mp (100 + 80 + 60 + 40 + 40) / 5 = 64 minus staff 20
            "dimensions": {
                "top": 44.0,
                "l1": 50.0,  # (100 + 80 + 60 + 40) / 4 = 70 minus 20
                "l2": None,  # staff has no l2 score
            },
        },
        {
            "field": "sex", "a": "female", "b": "male",
            # women (100 + 80 + 20) / 3 = 66.666... minus men (60 + 40) / 2 = 50
            "overall": 16.67,
            "dimensions": {"top": 16.67, "l1": 6.67, "l2": 40.0},
        },
        {
            "field": "role", "a": "staff", "b": "mp",
            "overall": -44.0,
            "dimensions": {"top": -44.0, "l1": -50.0, "l2": None},
        },
    ]  # fmt: skip


def test_a_gap_is_null_when_a_side_is_suppressed():
    d, r, a = small_round([Gap("role", "mp", "staff"), Gap("sex", "female", "male")])
    result = compute_results(d, r, a, min_group_size=5)
    for gap in result.gaps:
        assert gap.overall is None
        assert gap.dimensions == {"top": None, "l1": None, "l2": None}
    doc = result.to_dict(round_slug="r", draft_count=0)
    assert doc["gaps"] == [g.to_dict() for g in result.gaps]


def test_a_gap_of_an_absent_group_is_null():
    d, r, a = small_round([Gap("role", "mp", "nobody")])
    (gap,) = compute_results(d, r, a, min_group_size=1).gaps
    assert gap.overall is None and set(gap.dimensions.values()) == {None}


def test_no_gaps_when_the_instrument_declares_none():
    d = definition(leaf("d", q("a", roles=["member"])), roles=["member"])
    r = respondents([{"id": 1, "role": "member"}])
    result = compute_results(d, r, answers({1: {"a": "1"}}))
    assert result.gaps == ()
    assert result.to_dict(round_slug="r", draft_count=0)["gaps"] == []


# -- inputs ---------------------------------------------------------------------------


def test_answers_of_responses_not_submitted_and_of_unknown_questions_are_ignored():
    d, r, a = small_round()
    extra = pd.DataFrame(
        {
            "response_id": [99, 99, 1],
            "question": ["a", "b", "not-a-question"],
            "value": ["0", "0", "5"],
            "comment": ["draft comment", None, "stray"],
        }
    )
    with_extra = compute_results(d, r, pd.concat([a, extra], ignore_index=True))
    plain = compute_results(d, r, a)
    assert_frame_equal(with_extra.statistics, plain.statistics)
    assert_frame_equal(with_extra.comments, plain.comments)


def test_answers_may_come_without_a_comment_column():
    d, r, a = small_round()
    result = compute_results(d, r, a.drop(columns=["comment"]))
    assert_frame_equal(result.statistics, compute_results(d, r, a).statistics)
    assert result.comments.empty


def test_an_empty_round():
    d, r, a = small_round()
    result = compute_results(d, r.iloc[:0], a.iloc[:0])
    assert result.groups == []
    doc = result.to_dict(round_slug="r", draft_count=3)
    assert doc["overall"] == {}
    assert doc["responses"] == {"submitted": 0, "draft": 3}
    assert [x["results"] for x in doc["questions"]] == [{}, {}, {}]


@pytest.mark.parametrize(
    ("frame", "change", "message"),
    [
        ("respondents", lambda f: f.drop(columns=["role"]), "respondents: missing column"),
        ("answers", lambda f: f.drop(columns=["value"]), "answers: missing column"),
        ("respondents", lambda f: pd.concat([f, f.iloc[:1]]), "response_id is not unique"),
        ("answers", lambda f: pd.concat([f, f.iloc[:1]]), "more than one row"),
    ],
)
def test_malformed_inputs_are_refused(frame, change, message):
    d, r, a = small_round()
    frames = {"respondents": r, "answers": a}
    frames[frame] = change(frames[frame])
    with pytest.raises(ValueError, match=message):
        compute_results(d, frames["respondents"], frames["answers"])


def test_a_dimension_named_overall_is_refused():
    d = definition(leaf("overall", q("a")))
    with pytest.raises(ValueError, match="overall"):
        compute_results(d, respondents([{"id": 1, "role": "mp"}]), answers({}))


def test_numbers_in_the_value_column_are_read_like_their_text():
    d = definition(leaf("d", q("a"), q("b"), q("c")))
    r = respondents([{"id": 1, "role": "mp"}])
    a = pd.DataFrame(
        {"response_id": [1, 1, 1], "question": ["a", "b", "c"], "value": [3, 2.0, nan]}
    )
    assert item_scores(d, r, a).loc[1].tolist() == pytest.approx([60.0, 40.0, nan], nan_ok=True)


def test_a_comment_without_a_value_is_a_blank_answer_with_a_comment():
    d = definition(leaf("d", q("a", comment=True), q("b")))
    r = respondents([{"id": 1, "role": "mp"}])
    result = compute_results(
        d, r, answers({1: {"b": "5"}}, comments={1: {"a": "no data"}}), min_group_size=1
    )
    counts = result.question_counts
    blank = counts[(counts["question"] == "a") & (counts["code"] == "blank")]
    assert blank["count"].tolist() == [1, 1]  # all, role=mp
    assert result.respondent_scores.loc[1, "d"] == 100.0  # 1 of 2 applicable: half
    assert result.comments["text"].tolist() == ["no data"]


def test_participation_per_role():
    from selfassess.scoring.participation import Participation, participation, total

    d, r, _ = small_round()
    assert participation(d, r, {"mp": 8}) == (
        Participation("mp", 8, 5, 62.5),
        Participation("staff", 0, 1, None),  # an imported response, nobody invited
    )
    assert total(participation(d, r, {"mp": 8, "staff": 4})) == Participation("all", 12, 6, 50.0)
    assert total(()) == Participation("all", 0, 0, None)


def test_panel_only_questions_are_neither_scored_nor_published():
    d = definition(
        leaf("d", q("a"), q("panel", assessed_by=["panel"]), q("both")),
        profile=[field("sex", "female", "male")],
    )
    r = respondents([{"id": 1, "role": "mp"}, {"id": 2, "role": "mp"}])
    with_panel = answers({1: {"a": "5", "panel": "0", "both": "5"}, 2: {"a": "0", "panel": "5"}})
    without = answers({1: {"a": "5", "both": "5"}, 2: {"a": "0"}})
    result = compute_results(d, r, with_panel, min_group_size=1)
    assert_frame_equal(
        result.statistics, compute_results(d, r, without, min_group_size=1).statistics
    )
    # respondent 2: "a" of the two applicable questions (a, both): scored; "panel" ignored
    assert result.respondent_scores["d"].tolist() == [100.0, 0.0]
    doc = result.to_dict(round_slug="r", draft_count=0)
    assert [x["key"] for x in doc["questions"]] == ["a", "both"]
