"""The published forms of results: JSON document, CSV, other questions, free texts."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
from pandas.testing import assert_frame_equal
from scoring_builders import (
    answers,
    definition,
    field,
    leaf,
    parent,
    q,
    respondents,
    small_round,
)

from selfassess.scoring import compute_results


def test_json_document_has_exactly_the_keys_of_the_spec():
    d, r, a = small_round()
    doc = compute_results(d, r, a, min_group_size=2).to_dict(round_slug="r-1", draft_count=7)
    json.loads(json.dumps(doc, allow_nan=False))  # plain JSON types, no NaN
    assert list(doc) == [
        "round",
        "questionnaire",
        "min_group_size",
        "groups",
        "responses",
        "overall",
        "dimensions",
        "questions",
        "gaps",
    ]
    assert doc["round"] == "r-1"
    assert doc["questionnaire"] == {"key": "test", "version": 1}
    assert doc["min_group_size"] == 2
    assert doc["responses"] == {"submitted": 6, "draft": 7}
    assert doc["groups"] == [
        "all",
        "role=mp",
        "role=staff",
        "sex=female",
        "sex=male",
        "role=mp,sex=female",
        "role=mp,sex=male",
        "role=staff,sex=female",
    ]
    assert [(x["key"], x["parent"]) for x in doc["dimensions"]] == [
        ("top", None),
        ("l1", "top"),
        ("l2", "top"),
    ]
    assert [(x["key"], x["dimension"]) for x in doc["questions"]] == [
        ("a", "l1"),
        ("m", "l1"),
        ("b", "l2"),
    ]
    for entry in doc["dimensions"]:
        assert set(entry) == {"key", "parent", "results"}
    for entry in doc["questions"]:
        assert set(entry) == {"key", "dimension", "results"}
    mappings = [doc["overall"]] + [x["results"] for x in doc["dimensions"] + doc["questions"]]
    for results in mappings:
        assert list(results) == doc["groups"]
    for results in [doc["overall"]] + [x["results"] for x in doc["dimensions"]]:
        for cell in results.values():
            assert set(cell) in ({"n", "score", "sd", "median"}, {"suppressed"})
    for entry in doc["questions"]:
        for cell in entry["results"].values():
            assert set(cell) in ({"n", "score", "counts"}, {"suppressed"})
    # role=staff has 1 respondent: role=mp goes too (all - mp = staff), and so on
    assert doc["overall"]["role=staff"] == {"suppressed": True}
    assert doc["overall"]["role=mp"] == {"suppressed": True}
    assert doc["gaps"] == []
    # the same cells without suppression
    doc = compute_results(d, r, a, min_group_size=1).to_dict(round_slug="r-1", draft_count=7)
    # overall of role=mp: 100, 80, 60, 40, 40; sd = sqrt((36² + 16² + 4² + 24² + 24²) / 4)
    assert doc["overall"]["role=mp"] == {"n": 5, "score": 64.0, "sd": 26.08, "median": 60.0}
    assert doc["overall"]["role=mp,sex=female"] == {
        "n": 2,
        "score": 90.0,
        "sd": 14.14,
        "median": 90.0,
    }


def test_sd_is_null_for_a_single_respondent():
    d, r, a = small_round()
    doc = compute_results(d, r, a, min_group_size=1).to_dict(round_slug="r", draft_count=0)
    assert doc["overall"]["role=staff"] == {"n": 1, "score": 20.0, "sd": None, "median": 20.0}


def test_csv_is_the_published_table():
    d, r, a = small_round()
    result = compute_results(d, r, a, min_group_size=5)
    text = result.to_csv()
    lines = text.splitlines()
    assert lines[0] == "kind,key,group,n,score,sd,median,suppressed,ci_low,ci_high"
    assert lines[1] == "overall,overall,all,6,56.67,29.44,50.0,false,33.11,80.22"
    # a suppressed cell shows nothing, not even its n; role=mp goes with role=staff
    assert lines[2] == "overall,overall,role=mp,,,,,true,,"
    assert lines[3] == "overall,overall,role=staff,,,,,true,,"
    assert '"role=mp,sex=female"' in text  # group names with a comma are quoted
    back = pd.read_csv(
        io.StringIO(text), dtype={"kind": str, "key": str, "group": str, "n": "Int64"}
    )
    expected = result.table()
    assert_frame_equal(back.drop(columns="suppressed"), expected.drop(columns="suppressed"))
    assert back["suppressed"].tolist() == expected["suppressed"].tolist()


def test_json_and_csv_publish_the_same_numbers():
    d, r, a = small_round()
    result = compute_results(d, r, a, min_group_size=2)
    doc = result.to_dict(round_slug="r", draft_count=0)
    table = pd.read_csv(io.StringIO(result.to_csv()), dtype={"key": str})
    rows = table.set_index(["kind", "key", "group"])
    for kind, key, results in [("overall", "overall", doc["overall"])] + [
        ("dimension", x["key"], x["results"]) for x in doc["dimensions"]
    ]:
        for group, cell in results.items():
            row = rows.loc[(kind, key, group)]
            if cell == {"suppressed": True}:
                assert row["suppressed"] and np.isnan(row["n"])
                continue
            assert row["n"] == cell["n"]
            for stat in ("score", "sd", "median"):
                value = cell.get(stat)
                assert (value is None and np.isnan(row[stat])) or row[stat] == value


def test_counts_table_drops_suppressed_cells():
    d, r, a = small_round()
    result = compute_results(d, r, a, min_group_size=5)
    published = result.counts_table()
    cells = set(zip(published["question"], published["group"], strict=True))
    assert cells == {("a", "all")}
    assert published.columns.tolist() == ["question", "group", "code", "count"]


def survey_round():
    d = definition(
        leaf(
            "about",
            q("house", type="choice", options=["upper", "lower"]),
            q("topics", type="multi", options=["law", "budget", "oversight"]),
            q("years", type="number"),
            q("story", type="text", comment=True),
            q("staff-only", type="choice", options=["yes", "no"], roles=["staff"]),
        ),
        profile=[field("sex", "female", "male")],
    )
    r = respondents(
        [
            {"id": 1, "role": "mp", "sex": "female"},
            {"id": 2, "role": "mp", "sex": "female"},
            {"id": 3, "role": "mp", "sex": "male"},
            {"id": 4, "role": "staff", "sex": "male"},
        ],
        fields=["sex"],
    )
    a = answers(
        {
            1: {"house": "upper", "topics": "law;budget", "years": "4", "story": "Zeta"},
            2: {"house": "lower", "topics": "law", "years": "10.5", "story": "  alpha "},
            3: {"house": "moon", "topics": "budget;nonsense", "years": "many", "story": " "},
            4: {"topics": "law;law", "years": "1", "staff-only": "no"},
        },
        comments={1: {"house": "second term"}, 3: {"story": "Beta"}, 4: {"years": ""}},
    )
    return d, r, a


def test_other_question_reports():
    d, r, a = survey_round()
    reports = compute_results(d, r, a, min_group_size=2).other_questions
    assert [(x["key"], x["type"], x["dimension"]) for x in reports] == [
        ("house", "choice", "about"),
        ("topics", "multi", "about"),
        ("years", "number", "about"),
        ("story", "text", "about"),
        ("staff-only", "choice", "about"),
    ]
    by_key = {x["key"]: x["results"] for x in reports}
    assert list(by_key["house"]) == [
        "all",
        "role=mp",
        "role=staff",
        "sex=female",
        "sex=male",
        "role=mp,sex=female",
        "role=mp,sex=male",
        "role=staff,sex=male",
    ]
    # "moon" is not an option: blank, like no answer at all
    assert by_key["house"]["all"] == {"n": 2, "counts": {"upper": 1, "lower": 1, "blank": 2}}
    assert by_key["house"]["sex=male"] == {"suppressed": True}
    assert by_key["topics"]["all"] == {
        "n": 4,
        "counts": {"law": 3, "budget": 2, "oversight": 0, "blank": 0},
    }
    assert by_key["topics"]["sex=male"] == {
        "n": 2,
        "counts": {"law": 1, "budget": 1, "oversight": 0, "blank": 0},
    }
    assert by_key["years"]["all"] == {
        "n": 3,
        "mean": 5.17,
        "sd": 4.86,
        "median": 4.0,
        "min": 1.0,
        "max": 10.5,
    }
    # role=staff has 1 number: role=mp (2) goes too, or all - mp would give it away
    assert by_key["years"]["role=staff"] == {"suppressed": True}
    assert by_key["years"]["role=mp"] == {"suppressed": True}
    assert by_key["story"]["all"] == {"n": 2}
    assert by_key["story"]["role=staff"] == {"suppressed": True}
    assert by_key["staff-only"]["role=mp"] == {"suppressed": True}


def test_other_questions_with_k_one():
    d, r, a = survey_round()
    reports = compute_results(d, r, a, min_group_size=1).other_questions
    by_key = {x["key"]: x["results"] for x in reports}
    assert by_key["staff-only"]["all"] == {"n": 1, "counts": {"yes": 0, "no": 1, "blank": 0}}
    assert by_key["years"]["role=mp"] == {
        "n": 2,
        "mean": 7.25,
        "sd": 4.6,
        "median": 7.25,
        "min": 4.0,
        "max": 10.5,
    }
    assert by_key["years"]["role=staff"] == {
        "n": 1,
        "mean": 1.0,
        "sd": None,
        "median": 1.0,
        "min": 1.0,
        "max": 1.0,
    }


def test_free_texts_without_identity_in_a_stable_order():
    d, r, a = survey_round()
    comments = compute_results(d, r, a).comments
    expected = pd.DataFrame(
        {
            "question": ["house", "story", "story", "story"],
            "dimension": ["about"] * 4,
            "kind": ["comment", "answer", "answer", "comment"],
            "text": ["second term", "Zeta", "alpha", "Beta"],
            "role": ["mp"] * 4,  # the writer's role, nothing else of them
        },
        dtype=str,
    )
    assert_frame_equal(comments, expected)
    shuffled = a.sample(frac=1, random_state=3)
    assert_frame_equal(compute_results(d, r, shuffled).comments, expected)


def test_respondent_ids_may_be_strings():
    d = definition(parent("p", leaf("l", q("a"))))
    r = respondents([{"id": "r-2", "role": "mp"}, {"id": "r-1", "role": "staff"}])
    result = compute_results(d, r, answers({"r-1": {"a": "5"}, "r-2": {"a": "0"}}))
    assert result.respondent_scores["overall"].to_dict() == {"r-2": 0.0, "r-1": 100.0}


def test_other_questions_read_numbers_given_as_numbers():
    d = definition(leaf("d", q("years", type="number"), q("pick", type="choice", options=["1"])))
    r = respondents([{"id": i, "role": "mp"} for i in (1, 2)])
    a = pd.DataFrame(
        {
            "response_id": [1, 2, 1],
            "question": ["years", "years", "pick"],
            "value": pd.Series([4, 6.5, 1], dtype=object),
        }
    )
    reports = compute_results(d, r, a, min_group_size=1).other_questions
    assert reports[0]["results"]["all"] == {
        "n": 2, "mean": 5.25, "sd": 1.77, "median": 5.25, "min": 4.0, "max": 6.5,
    }  # fmt: skip
    assert reports[1]["results"]["all"] == {"n": 1, "counts": {"1": 1, "blank": 1}}
