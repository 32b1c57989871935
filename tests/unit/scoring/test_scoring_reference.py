"""compute_results against a slow reference written line by line from scoring.md.

The reference loops over respondents, questions and groups in plain Python and uses
the ``statistics`` module; hypothesis feeds both random instruments and answers.
Answers are generated the way the import and the forms let them in: only to
applicable questions, but with values off the scale, which count as blank.
"""

from __future__ import annotations

import math
import statistics
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scoring_builders import definition, field, leaf, parent, q, scale

from selfassess.instrument.model import Definition, Dimension, Question
from selfassess.scoring import compute_results

# -- the reference ---------------------------------------------------------------------


def point_key(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def item_score(d: Definition, question: Question, raw: str | None) -> float | None:
    """scoring.md "Item score"; a value that is no point value gives no score."""
    if raw is None:
        return None
    sc = d.scale_of(question)
    for point in sc.points:
        try:
            matches = float(raw) == float(point.value)
        except ValueError:
            matches = False
        if matches:
            s = (point.value - sc.lo) / (sc.hi - sc.lo) * 100
            return 100 - s if question.reverse else s
    return None


def weighted_mean(pairs: list[tuple[float, float]]) -> float | None:
    if not pairs:
        return None
    return sum(v * w for v, w in pairs) / sum(w for _, w in pairs)


def dimension_score(d: Definition, dim: Dimension, role: str, given: dict[str, str]) -> Any:
    """scoring.md "Respondent dimension score"."""
    if dim.is_leaf:
        applicable = [
            x
            for x in dim.questions
            if x.type == "scale" and role in x.roles and "survey" in x.assessed_by
        ]
        scored = [
            (s, x.weight)
            for x in applicable
            if (s := item_score(d, x, given.get(x.key))) is not None
        ]
        if len(applicable) == 0 or len(scored) < len(applicable) / 2:
            return None
        return weighted_mean(scored)
    children = [(dimension_score(d, c, role, given), c.weight) for c in dim.dimensions]
    return weighted_mean([(s, w) for s, w in children if s is not None])


def overall(d: Definition, role: str, given: dict[str, str]) -> float | None:
    tops = [(dimension_score(d, t, role, given), t.weight) for t in d.dimensions]
    return weighted_mean([(s, w) for s, w in tops if s is not None])


def reference_groups(d: Definition, people: list[dict[str, Any]]) -> list[tuple[str, list]]:
    """scoring.md "Groups", in the order of the JSON example; only non-empty ones."""
    fields = [f for f in d.profile if f.type == "choice"]
    candidates = [("all", lambda p: True)]
    candidates += [(f"role={r}", lambda p, r=r: p["role"] == r) for r in d.role_keys]
    candidates += [
        (f"{f.key}={o.code}", lambda p, f=f, o=o: p.get(f.key) == o.code)
        for f in fields
        for o in f.options
    ]
    candidates += [
        (
            f"role={r},{f.key}={o.code}",
            lambda p, r=r, f=f, o=o: p["role"] == r and p.get(f.key) == o.code,
        )
        for r in d.role_keys
        for f in fields
        for o in f.options
    ]
    groups = [(name, [p for p in people if test(p)]) for name, test in candidates]
    return [(name, members) for name, members in groups if members]


def stats_cell(values: list[float]) -> dict[str, Any]:
    n = len(values)
    return {
        "n": n,
        "score": statistics.mean(values) if n else None,
        "sd": statistics.stdev(values) if n >= 2 else None,
        "median": statistics.median(values) if n else None,
    }


def reference_relations(d: Definition) -> list[tuple[str, list[str]]]:
    """scoring.md "Complementary suppression": each whole with its parts."""
    roles = [f"role={r}" for r in d.role_keys]
    fields = [[f"{f.key}={o.code}" for o in f.options] for f in d.profile if f.type == "choice"]
    found = [("all", roles)] + [("all", codes) for codes in fields]
    found += [(r, [f"{r},{c}" for c in codes]) for r in roles for codes in fields]
    found += [(c, [f"{r},{c}" for r in roles]) for codes in fields for c in codes]
    return found


def reference_hidden(d: Definition, n: dict[str, int], k: int) -> set[str]:
    """Small cells, then the smallest published part of every relation with exactly one
    hidden member (the "no value" remainder counts when it has 1 to k-1 members),
    relation by relation in order, pass after pass until nothing changes."""
    hidden = {g for g, count in n.items() if count < k}
    changed = True
    while changed:
        changed = False
        for whole, parts in reference_relations(d):
            members = [whole, *parts]
            count = sum(1 for m in members if m in hidden and n.get(m, 0) > 0)
            rest = n.get(whole, 0) - sum(n.get(p, 0) for p in parts)
            count += 1 if 1 <= rest < k else 0
            if count != 1:
                continue
            published = [p for p in parts if p not in hidden and n.get(p, 0) > 0]
            hide = min(published, key=lambda p: n[p]) if published else whole
            changed |= hide not in hidden
            hidden.add(hide)
    return hidden


def suppressed(d: Definition, results: dict[str, dict[str, Any]], k: int) -> dict[str, Any]:
    hidden = reference_hidden(d, {g: cell["n"] for g, cell in results.items()}, k)
    return {g: {"suppressed": True} if g in hidden else cell for g, cell in results.items()}


def reference(d: Definition, people: list[dict[str, Any]], k: int) -> dict[str, Any]:
    groups = reference_groups(d, people)
    for p in people:
        p["dims"] = {
            x.key: dimension_score(d, x, p["role"], p["answers"]) for x in d.iter_dimensions()
        }
        p["overall"] = overall(d, p["role"], p["answers"])

    def present(values: list[Any]) -> list[float]:
        return [v for v in values if v is not None]

    questions = []
    for x in d.iter_questions():
        if x.type != "scale" or "survey" not in x.assessed_by:
            continue
        sc = d.scale_of(x)
        results = {}
        for name, members in groups:
            applicable = [p for p in members if p["role"] in x.roles]  # x is surveyed here
            scores = present([item_score(d, x, p["answers"].get(x.key)) for p in members])
            counts = {point_key(pt.value): 0 for pt in sc.points}
            counts |= dict.fromkeys(sc.missing_codes, 0) | {"blank": 0}
            for p in applicable:
                raw = p["answers"].get(x.key)
                if raw in sc.missing_codes:
                    counts[raw] += 1
                elif item_score(d, x, raw) is not None:
                    counts[point_key(float(raw))] += 1
                else:
                    counts["blank"] += 1
            results[name] = {
                "n": len(scores),
                "score": statistics.mean(scores) if scores else None,
                "counts": counts,
            }
        results = suppressed(d, results, k)
        questions.append({"key": x.key, "dimension": x.dimension, "results": results})

    return {
        "groups": [name for name, _ in groups],
        "overall": suppressed(
            d,
            {
                name: stats_cell(present([p["overall"] for p in members]))
                for name, members in groups
            },
            k,
        ),
        "dimensions": [
            {
                "key": x.key,
                "parent": x.parent,
                "results": suppressed(
                    d,
                    {
                        name: stats_cell(present([p["dims"][x.key] for p in members]))
                        for name, members in groups
                    },
                    k,
                ),
            }
            for x in d.iter_dimensions()
        ],
        "questions": questions,
    }


# -- random instruments and rounds ------------------------------------------------------

WEIGHTS = st.sampled_from([0.5, 1, 1, 2, 3])
POINT_SETS = st.lists(
    st.sampled_from([0, 1, 2, 2.5, 3, 4, 5, 7, 10]), min_size=2, max_size=5, unique=True
).map(sorted)


@st.composite
def instruments(draw: st.DrawFn) -> Definition:
    roles = draw(st.sampled_from([["mp"], ["mp", "staff"], ["mp", "staff", "chair"]]))
    scales = [
        scale(
            f"s{i}",
            values=draw(POINT_SETS),
            missing=draw(st.sampled_from([(), ("dk",), ("dk", "na")])),
        )
        for i in range(draw(st.integers(1, 2)))
    ]
    counter = iter(range(1000))

    def question() -> Question:
        kind = draw(st.sampled_from(["scale"] * 5 + ["text"]))
        return q(
            f"q{next(counter)}",
            type=kind,
            scale=draw(st.sampled_from([s.key for s in scales])),
            roles=draw(st.lists(st.sampled_from(roles), min_size=1, unique=True)),
            weight=draw(WEIGHTS),
            reverse=draw(st.booleans()),
            # A panel-only question: its answers (generated below all the same) never count.
            assessed_by=draw(
                st.sampled_from([("survey", "panel")] * 4 + [("survey",), ("panel",)])
            ),
        )

    def dimension(depth: int) -> Dimension:
        key = f"d{next(counter)}"
        if depth < 2 and draw(st.booleans()):
            children = [dimension(depth + 1) for _ in range(draw(st.integers(1, 3)))]
            return parent(key, *children, weight=draw(WEIGHTS))
        return leaf(
            key, *[question() for _ in range(draw(st.integers(0, 4)))], weight=draw(WEIGHTS)
        )

    profile = [
        field(f"f{i}", *[f"o{j}" for j in range(draw(st.integers(1, 3)))])
        for i in range(draw(st.integers(0, 2)))
    ]
    tops = [dimension(0) for _ in range(draw(st.integers(1, 3)))]
    return definition(*tops, roles=roles, scales=scales, profile=profile)


@st.composite
def rounds(draw: st.DrawFn) -> tuple[Definition, list[dict[str, Any]], int]:
    d = draw(instruments())
    people = []
    for i in range(draw(st.integers(0, 12))):
        role = draw(st.sampled_from([*d.role_keys, *d.role_keys, "guest"]))
        person: dict[str, Any] = {"id": i * 7 + 3, "role": role, "answers": {}}
        for f in d.profile:
            person[f.key] = draw(st.sampled_from([None, *[o.code for o in f.options]]))
        for x in d.iter_questions():
            if role not in x.roles:
                continue
            if x.type == "text":
                person["answers"][x.key] = draw(st.sampled_from(["", "note", " yes "]))
                continue
            sc = d.scale_of(x)
            raw = draw(
                st.sampled_from(
                    [None, None, "99", "maybe"]
                    + [point_key(p.value) for p in sc.points] * 3
                    + [f"{float(p.value)}" for p in sc.points]
                    + list(sc.missing_codes)
                )
            )
            if raw is not None:
                person["answers"][x.key] = raw
        people.append(person)
    return d, people, draw(st.integers(0, 4))


def frames(d: Definition, people: list[dict[str, Any]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    respondents = pd.DataFrame(
        {
            "response_id": [p["id"] for p in people],
            "role": [p["role"] for p in people],
            **{f.key: [p[f.key] for p in people] for f in d.profile},
        }
    )
    rows = [(p["id"], key, value) for p in people for key, value in p["answers"].items()]
    answers = pd.DataFrame(rows, columns=["response_id", "question", "value"])
    return respondents, answers


def assert_close(actual: Any, expected: Any, where: str = "$") -> None:
    """Equal structure; numbers within the rounding of the published document."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), where
        assert list(actual) == list(expected), where
        for key in expected:
            assert_close(actual[key], expected[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), where
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            assert_close(a, e, f"{where}[{i}]")
    elif isinstance(expected, float) and not isinstance(actual, bool):
        assert isinstance(actual, float), where
        assert math.isclose(actual, expected, abs_tol=0.005 + 1e-9), (
            f"{where}: {actual} != {expected}"
        )
    else:
        assert actual == expected and type(actual) is type(expected), (
            f"{where}: {actual!r} != {expected!r}"
        )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds())
def test_compute_results_matches_the_reference(case: tuple[Definition, list[dict[str, Any]], int]):
    d, people, k = case
    respondents, answers = frames(d, people)
    result = compute_results(d, respondents, answers, min_group_size=k)
    document = result.to_dict(round_slug="r", draft_count=0)
    expected = reference(d, people, k)
    for key in ("groups", "overall", "dimensions", "questions"):
        assert_close(document[key], expected[key], key)

    for p in people:
        row = result.respondent_scores.loc[p["id"]]
        for key, value in [*p["dims"].items(), ("overall", p["overall"])]:
            if value is None:
                assert math.isnan(row[key]), (p["id"], key)
            else:
                assert math.isclose(row[key], value, abs_tol=1e-9), (p["id"], key)
