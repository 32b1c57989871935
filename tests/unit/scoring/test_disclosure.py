"""Complementary suppression (scoring.md): no relation of groups has one hidden member."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from scoring_builders import definition, field, leaf, q

from selfassess.scoring import compute_results
from selfassess.scoring.disclosure import complementary, relation_positions, relations, suppress

SEX = field("sex", "female", "male")
DEPT = field("dept", "law", "budget", "it")
D = definition(leaf("d", q("a")), profile=[SEX, DEPT])


def lone_hidden_relations(n: dict[str, int], hidden: set[str], k: int) -> list[str]:
    """The relations of ``D`` with exactly one hidden member (the remainder included)."""
    bad = []
    for whole, parts in relations(D):
        count = sum(1 for g in [whole, *parts] if g in hidden and n.get(g, 0) > 0)
        rest = n.get(whole, 0) - sum(n.get(p, 0) for p in parts)
        count += 1 if 1 <= rest < k else 0
        if count == 1 and not (whole in hidden and all(n.get(p, 0) == 0 for p in parts)):
            bad.append(f"{whole} = {' + '.join(parts)}")
    return bad


def test_relations_of_scoring_md():
    d = definition(leaf("d", q("a")), profile=[SEX])
    assert relations(d) == [
        ("all", ["role=mp", "role=staff"]),
        ("all", ["sex=female", "sex=male"]),
        ("role=mp", ["role=mp,sex=female", "role=mp,sex=male"]),
        ("role=staff", ["role=staff,sex=female", "role=staff,sex=male"]),
        ("sex=female", ["role=mp,sex=female", "role=staff,sex=female"]),
        ("sex=male", ["role=mp,sex=male", "role=staff,sex=male"]),
    ]


def test_all_minus_one_role_would_give_the_other():
    n = {"all": 20, "role=mp": 17, "role=staff": 3}
    assert suppress(n, set(), D, 5) == {"role=staff", "role=mp"}


def test_the_smallest_published_part_goes():
    n = {
        "all": 30, "role=mp": 30,
        "dept=law": 12, "dept=budget": 15, "dept=it": 3,
        "role=mp,dept=law": 12, "role=mp,dept=budget": 15, "role=mp,dept=it": 3,
    }  # fmt: skip
    hidden = suppress(n, set(), D, 5)
    assert hidden == {"dept=it", "dept=law", "role=mp,dept=it", "role=mp,dept=law"}


def test_a_small_no_value_remainder_counts_as_hidden():
    # 4 respondents gave no sex: all - female - male would give their n and scores
    n = {"all": 24, "role=mp": 24, "sex=female": 8, "sex=male": 12}
    n |= {"role=mp,sex=female": 8, "role=mp,sex=male": 12}
    assert suppress(n, set(), D, 5) == {"sex=female", "role=mp,sex=female"}


def test_cells_already_hidden_and_empty_cells():
    n = {"all": 20, "role=mp": 10, "role=staff": 10}
    assert suppress(n, {"role=staff"}, D, 5) == {"role=staff", "role=mp"}
    # n = 0 holds nothing to protect: it is published as suppressed, hides nothing more
    n = {"all": 20, "role=mp": 20, "role=staff": 0}
    assert suppress(n, set(), D, 5) == {"role=staff"}


def test_nothing_small_nothing_hidden():
    n = {"all": 20, "role=mp": 10, "role=staff": 10}
    assert suppress(n, set(), D, 5) == set()


GROUPS = list(dict.fromkeys(g for whole, parts in relations(D) for g in [whole, *parts]))


@st.composite
def people(draw: st.DrawFn) -> list[tuple[str, str | None, str | None]]:
    size = draw(st.integers(0, 60))
    role = st.sampled_from(["mp", "mp", "staff"])
    sex = st.sampled_from([None, "female", "male", "male"])
    dept = st.sampled_from([None, "law", "budget", "it", "it"])
    return [(draw(role), draw(sex), draw(dept)) for _ in range(size)]


def counts(rows: list[tuple[str, str | None, str | None]]) -> dict[str, int]:
    n = dict.fromkeys(GROUPS, 0)
    for role, sex, dept in rows:
        keys = ["all", f"role={role}"]
        for name, value in (("sex", sex), ("dept", dept)):
            if value is not None:
                keys += [f"{name}={value}", f"role={role},{name}={value}"]
        for key in keys:
            n[key] += 1
    return n


@settings(max_examples=300, deadline=None)
@given(people(), st.integers(1, 6))
def test_no_relation_is_left_with_one_hidden_member(rows, k):
    n = counts(rows)
    hidden = suppress(n, set(), D, k)
    assert {g for g, count in n.items() if count < k} <= hidden
    assert lone_hidden_relations(n, hidden, k) == []


def test_the_matrix_form_agrees_with_suppress_item_by_item():
    rng = np.random.default_rng(7)
    items = []
    for _ in range(40):
        size = int(rng.integers(0, 50))
        rows = [
            (
                str(rng.choice(["mp", "staff"])),
                rng.choice([None, "female", "male"]),
                rng.choice([None, "law", "budget", "it"]),
            )
            for _ in range(size)
        ]
        items.append(counts(rows))
    matrix = np.array([[item[g] for g in GROUPS] for item in items], dtype=np.int64)
    hidden = complementary(matrix, relation_positions(D, GROUPS), 5)
    for item, row in zip(items, hidden, strict=True):
        assert {g for g, h in zip(GROUPS, row, strict=True) if h} == suppress(item, set(), D, 5)


def test_five_thousand_respondents_and_a_hundred_items_stay_fast():
    fields = [field(f"f{i}", *[f"c{j}" for j in range(6)]) for i in range(3)]
    d = definition(*[leaf(f"d{i}", *[q(f"q{i}-{j}") for j in range(10)]) for i in range(10)],
                   profile=fields)  # fmt: skip
    rng = np.random.default_rng(1)
    size = 5000
    respondents = pd.DataFrame(
        {
            "response_id": np.arange(size),
            "role": rng.choice(["mp", "staff"], size),
            **{f.key: rng.choice([None, *[f"c{j}" for j in range(6)]], size) for f in fields},
        }
    )
    keys = [x.key for x in d.iter_questions()]
    answers = pd.DataFrame(
        {
            "response_id": np.repeat(np.arange(size), len(keys)),
            "question": np.tile(keys, size),
            "value": rng.choice(["0", "1", "2", "3", "4", "5", "dk"], size * len(keys)),
        }
    )
    started = time.perf_counter()
    result = compute_results(d, respondents, answers, min_group_size=5)
    elapsed = time.perf_counter() - started
    assert len(result.statistics) == (1 + 10 + 100) * len(result.groups)
    assert elapsed < 10, elapsed
