"""The suppression audit: every published table of a round, read as an attacker would.

For the demo round (the seeded simulation ``selfassess demo`` stores) and for generated
rounds with many small groups (k = 5, a few dozen respondents, three profile fields):

(a) from the JSON (every item: overall, each dimension, each question), the CSV and the
    workbook's Dimensions and Questions sheets, the attacker writes every relation of
    groups (a whole is the sum of its parts plus those without a value) and bounds each
    hidden cell's n by linear programming; the hidden n must never be pinned to one
    value, and no hidden sum of scores may follow from the relations alone;
(b) the attacker re-scores the workbook's Data sheet rows per group (taking a blank for
    the one code never shown, when there is one) and must recover no hidden cell.

The figures are printed (``pytest -s``) and kept in ``AUDITED``.
"""

from __future__ import annotations

import dataclasses
import io
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from scipy.optimize import linprog

from selfassess import instrument
from selfassess.exports import build_workbook
from selfassess.instrument.model import Definition
from selfassess.scoring import Results, compute_results
from selfassess.services import demo
from tests.factories import field, leaf

ROOT = Path(__file__).resolve().parents[3]
AUDITED: Counter[str] = Counter()


# -- the rounds ---------------------------------------------------------------------


def demo_round() -> tuple[Definition, pd.DataFrame, pd.DataFrame, int]:
    definition, issues = instrument.load(ROOT / "questionnaires" / f"{demo.QUESTIONNAIRE}.yaml")
    assert definition is not None, issues
    simulated = demo.simulate(definition, np.random.default_rng(demo.SEED))
    fields = [p.key for p in definition.profile]
    people, rows = [], []
    for i, (response, answers) in enumerate(
        zip(simulated.responses, simulated.answers, strict=True)
    ):
        if response["state"] is not demo.ResponseState.SUBMITTED:
            continue
        people.append({"response_id": i, "role": response["role"]} | {
            f: response["profile"].get(f) for f in fields
        })  # fmt: skip
        rows += [(i, a["question"], a["value"] or None, a["comment"]) for a in answers]
    respondents = pd.DataFrame(people, columns=["response_id", "role", *fields])
    answers = pd.DataFrame(rows, columns=["response_id", "question", "value", "comment"])
    return definition, respondents, answers, 5


def generated_round(seed: int) -> tuple[Definition, pd.DataFrame, pd.DataFrame, int]:
    """A few dozen respondents spread over three profile fields of 3-4 codes each."""
    rng = np.random.default_rng(seed)
    base, _ = instrument.load(ROOT / "tests" / "data" / "instruments" / "minimal.yaml")
    assert base is not None
    profile = tuple(
        field(key, *codes, roles=base.role_keys)
        for key, codes in [
            ("sex", ("female", "male", "other")),
            ("party", ("a", "b", "c", "d")),
            ("region", ("north", "south", "east")),
        ]
    )
    questions = [q for q in base.iter_questions() if q.type == "scale"]
    dimension = leaf(
        "all-items",
        *(dataclasses.replace(q, roles=base.role_keys, required=False) for q in questions),
    )
    definition = dataclasses.replace(base, dimensions=(dimension,), profile=profile, gaps=())
    size = int(rng.integers(25, 50))
    respondents = pd.DataFrame(
        {
            "response_id": np.arange(size),
            "role": rng.choice(list(base.role_keys), size, p=[0.7, 0.3]),
            **{f.key: rng.choice([None, *[o.code for o in f.options]], size) for f in profile},
        }
    )
    rows = []
    for rid in range(size):
        for question in dimension.questions:
            scale = definition.scale_of(question)
            keys = [str(p.value) for p in scale.points] + list(scale.missing_codes) + [None]
            value = rng.choice(keys)
            if value is not None:
                rows.append((rid, question.key, value, None))
    answers = pd.DataFrame(rows, columns=["response_id", "question", "value", "comment"])
    return definition, respondents, answers, 5


ROUNDS = {"demo": demo_round} | {
    f"generated-{seed}": (lambda seed=seed: generated_round(seed)) for seed in range(6)
}


# -- the attacker -------------------------------------------------------------------


def relations(definition: Definition) -> list[tuple[str, list[str], bool]]:
    """(whole, parts, may have a remainder without a value): scoring.md's group sums."""
    roles = [f"role={r}" for r in definition.role_keys]
    fields = [
        [f"{f.key}={o.code}" for o in f.options] for f in definition.profile if f.type == "choice"
    ]
    found = [("all", roles, False)]
    found += [("all", codes, True) for codes in fields]
    found += [(r, [f"{r},{c}" for c in codes], True) for r in roles for codes in fields]
    found += [(c, [f"{r},{c}" for r in roles], False) for codes in fields for c in codes]
    return found


def pinned_cells(
    definition: Definition, published: dict[str, Any], true_n: dict[str, int], k: int
) -> tuple[int, list[str]]:
    """Hidden cells (n > 0) of one item, and those whose n or sum the relations pin.

    A strong attacker: the n of every "no value" remainder is known, unless it has 1 to
    k-1 members (scoring.md counts only those as hidden), e.g. from a required field.
    """
    hidden = [g for g, cell in published.items() if "n" not in cell]
    known = {g: cell["n"] for g, cell in published.items() if "n" in cell}
    variables = {g: i for i, g in enumerate(hidden)}
    rows, rhs = [], []
    extra = 0
    for whole, parts, remainder in relations(definition):
        members = [whole, *parts]
        if not any(g in variables for g in members):
            continue
        row: dict[int, float] = {}
        constant = 0.0
        for sign, group in [(1.0, whole)] + [(-1.0, p) for p in parts]:
            if group in variables:
                row[variables[group]] = row.get(variables[group], 0.0) + sign
            else:
                constant -= sign * known.get(group, 0)  # a group absent from the JSON is 0
        rest = true_n.get(whole, 0) - sum(true_n.get(p, 0) for p in parts)
        if remainder and 1 <= rest < k:
            row[len(hidden) + extra] = -1.0
            extra += 1
        elif remainder:
            constant += rest
        rows.append(row)
        rhs.append(constant)
    protected = [g for g in hidden if true_n.get(g, 0) > 0]
    if not protected:
        return 0, []
    width = len(hidden) + extra
    a_eq = np.zeros((len(rows), width))
    for i, row in enumerate(rows):
        for j, value in row.items():
            a_eq[i, j] = value
    b_eq = np.array(rhs)
    found = []
    for group in protected:
        j = variables[group]
        if not len(rows):
            continue
        # Sums of scores: pinned when the cell is a combination of the equations.
        target = np.zeros(width)
        target[j] = 1.0
        y, *_ = np.linalg.lstsq(a_eq.T, target, rcond=None)
        if np.allclose(a_eq.T @ y, target, atol=1e-9):
            found.append(f"{group}: sum follows from the relations")
            continue
        bounds = []
        for sense in (1.0, -1.0):
            c = np.zeros(width)
            c[j] = sense
            solved = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
            assert solved.status == 0, solved.message
            bounds.append(sense * solved.fun)
        if bounds[1] - bounds[0] < 0.5:
            found.append(f"{group}: n pinned to {bounds[0]:g}")
    return len(protected), found


def items(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    found = [("overall", "overall", doc["overall"])]
    found += [("dimension", d["key"], d["results"]) for d in doc["dimensions"]]
    found += [("question", q["key"], q["results"]) for q in doc["questions"]]
    return found


def true_counts(results: Results) -> dict[tuple[str, str], dict[str, int]]:
    stats = results.statistics
    by_item: dict[tuple[str, str], dict[str, int]] = {}
    columns = (stats["kind"], stats["key"], stats["group"], stats["n"])
    for kind, key, group, n in zip(*columns, strict=True):
        by_item.setdefault((kind, key), {})[group] = int(n)
    return by_item


def workbook(definition: Definition, results: Results, respondents, answers) -> Any:
    keys = [q.key for q in definition.iter_questions()]
    wide = answers.pivot(index="response_id", columns="question", values="value")
    data = respondents.join(wide.reindex(columns=keys), on="response_id")
    content = build_workbook(
        definition,
        results.to_dict(round_slug="audit", draft_count=0),
        data=data,
        comments=results.comments,
        generated_at=datetime(2026, 1, 1, tzinfo=UTC),
        software_version="audit",
        protected=results.protected,
        intervals=results.intervals(),
    )
    return load_workbook(io.BytesIO(content), read_only=True)


def rescored(definition: Definition, data: pd.DataFrame, groups: list[str]) -> dict[str, Any]:
    """The attacker's results from the Data sheet, a lone unseen code read into blanks.

    A code is unseen when its group has respondents (``groups`` of the JSON) but no row
    shows it.
    """
    fields = {"role": list(definition.role_keys)}
    fields |= {f.key: [o.code for o in f.options] for f in definition.grouping_fields}
    people = pd.DataFrame({"response_id": data["respondent"]})
    for key, codes in fields.items():
        shown = data[key] if key in data.columns else pd.Series([None] * len(data))
        unseen = [c for c in codes if f"{key}={c}" in groups and c not in set(shown.dropna())]
        guess = unseen[0] if len(unseen) == 1 else None
        people[key] = shown.where(shown.notna(), guess).tolist()
    questions = [q.key for q in definition.iter_questions() if q.key in data.columns]
    long = data.melt(id_vars="respondent", value_vars=questions, var_name="question")
    long = long[long["value"].notna()].rename(columns={"respondent": "response_id"})
    long["value"] = long["value"].map(
        lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
    )
    return compute_results(definition, people, long, min_group_size=1).to_dict(
        round_slug="attack", draft_count=0
    )


@pytest.mark.parametrize("name", list(ROUNDS))
def test_no_published_table_gives_away_a_suppressed_cell(name: str) -> None:
    definition, respondents, answers, k = ROUNDS[name]()
    results = compute_results(definition, respondents, answers, min_group_size=k)
    doc = results.to_dict(round_slug=name, draft_count=0)
    truth = true_counts(results)

    # (a) the group sums of every item of the JSON
    audited, recovered = 0, []
    for kind, key, published in items(doc):
        count, found = pinned_cells(definition, published, truth[kind, key], k)
        audited += count
        recovered += [f"{key} {f}" for f in found]

    # The CSV and the workbook's tables show no more than the JSON.
    csv = pd.read_csv(io.StringIO(results.to_csv()), dtype={"key": str, "group": str})
    hidden_rows = csv[csv["suppressed"]]
    assert hidden_rows[["n", "score", "sd", "median", "ci_low", "ci_high"]].isna().all(axis=None)
    book = workbook(definition, results, respondents, answers)
    markers = {f"n<{k}", "–", None}
    dims = list(book["Dimensions"].iter_rows(min_row=6, values_only=True))
    for (_, key, published), row in zip(items(doc)[1 : 1 + len(dims)], dims, strict=True):
        assert row[0] == key
        for i, group in enumerate(doc["groups"]):
            if published[group] == {"suppressed": True}:
                assert set(row[2 + 2 * i : 4 + 2 * i]) <= markers, (key, group)
                ci = 2 + 2 * len(doc["groups"]) + len(doc["gaps"]) + i
                assert row[ci] in markers, (key, group)
    # (b) re-scoring the Data sheet
    sheet = list(book["Data"].iter_rows(values_only=True))
    data = pd.DataFrame(sheet[1:], columns=sheet[0])
    shown = [c for c in ["role", *(f.key for f in definition.grouping_fields)] if c in data]
    combos = Counter(map(tuple, data[shown].fillna("").to_numpy(dtype=str)))
    assert not combos or min(combos.values()) >= k  # every combination in k rows or more
    attack = rescored(definition, data, doc["groups"])
    data_cells, data_recovered = 0, []
    for (kind, key, published), (_, _, guessed) in zip(items(doc), items(attack), strict=True):
        for group, cell in published.items():
            if cell != {"suppressed": True} or truth[kind, key].get(group, 0) == 0:
                continue
            data_cells += 1
            mine = guessed.get(group)
            exact = results.statistics.set_index(["kind", "key", "group"]).loc[(kind, key, group)]
            if (
                mine
                and mine.get("n") == exact["n"]
                and mine.get("score") is not None
                and abs(mine["score"] - exact["score"]) < 0.005
            ):
                data_recovered.append(f"{key} {group}")

    AUDITED[f"{name}: relation cells"] += audited
    AUDITED[f"{name}: data cells"] += data_cells
    print(
        f"\n{name}: {len(respondents)} respondents, {len(doc['groups'])} groups; "
        f"group sums: {audited} hidden cells audited, {len(recovered)} recovered; "
        f"Data sheet: {data_cells} hidden cells re-scored, {len(data_recovered)} recovered"
    )
    assert audited > 0 and data_cells > 0
    assert recovered == []
    assert data_recovered == []
