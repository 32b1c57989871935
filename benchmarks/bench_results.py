"""Time compute_results (+ to_dict) against a minimal plain-Python streaming baseline.

    .venv/bin/python benchmarks/bench_results.py     # generates benchmarks/data/ if needed

For each size (5,000 x 100 and 500 x 100) and in the same process, best of 3 with
``time.perf_counter``:

- ``load``: the response CSV into the two input frames (``pandas.read_csv``, then the
  question columns melted into one row per answer);
- ``compute``: ``compute_results(...)`` and ``Results.to_dict(...)``: every published
  number for every group (30 groups here), plus other questions and free texts;
- ``baseline``: the least work that computes the same published numbers for the main
  groups (``all`` and each role) straight from the CSV: one pass with :mod:`csv`,
  a dict lookup per cell from raw value to (item score, counts key) for the questions
  applicable to the row's role, running sums per role for question n, total and
  counts, the respondent's leaf, parent and overall scores appended to per-role lists
  (the median needs the values), and ``all`` derived from the roles at the end instead
  of being accumulated twice. It skips what the scoring core must also do: profile
  groups and role x profile groups, suppression, non-canonical values (``3.0``, ``" 3"``),
  the JSON document.

The baseline's numbers are checked against ``to_dict`` (0.01) before timing, so both
sides compute the same thing. Ratios are pandas (load + compute) over the baseline,
and compute alone over the baseline; scaling is the 5,000 time over the 500 time.
"""

from __future__ import annotations

import csv
import math
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from generate import write

from selfassess.instrument import load
from selfassess.instrument.model import Definition
from selfassess.scoring import compute_results

SIZES = [(5000, 100), (500, 100)]
REPEAT = 3


def load_definition(path: Path) -> Definition:
    definition, issues = load(path)
    if definition is None:
        sys.exit("\n".join(str(issue) for issue in issues))
    return definition


def load_frames(path: Path, definition: Definition) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The import CSV as the two input frames of compute_results."""
    # Only an empty cell is no answer: "na" is a missing code, not pandas' NA.
    wide = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    wide = wide.rename(columns={"respondent": "response_id"})
    fields = [f.key for f in definition.profile]
    respondents = wide[["response_id", "role", *fields]]
    questions = [q.key for q in definition.iter_questions()]
    answers = (
        wide[["response_id", *questions]]
        .melt(id_vars="response_id", var_name="question", value_name="value")
        .dropna(subset=["value"])
    )
    return respondents, answers


def compute(definition: Definition, frames: tuple[pd.DataFrame, pd.DataFrame]) -> dict[str, Any]:
    results = compute_results(definition, *frames, min_group_size=5)
    return results.to_dict(round_slug="bench", draft_count=0)


def baseline(definition: Definition, path: Path) -> dict[str, Any]:
    """Published numbers of ``all`` and ``role=R`` in one plain-Python pass over the CSV."""
    dims = list(definition.iter_dimensions())
    position = {d.key: i for i, d in enumerate(dims)}
    roles = definition.role_keys
    scale_questions = [q for q in definition.iter_questions() if q.type == "scale"]
    with path.open(newline="", encoding="utf-8") as file:
        reader = csv.reader(file)
        header = next(reader)
        column = {key: i for i, key in enumerate(header)}
        role_column = column["role"]
        # Per role: (csv column, question index, leaf index, weight, raw -> (score, key)).
        plan: dict[str, list[tuple[int, int, int, float, dict[str, tuple[Any, str]]]]] = {}
        keys = []
        for r in roles:
            plan[r] = []
        for qi, q in enumerate(scale_questions):
            scale = definition.scale_of(q)
            lookup: dict[str, tuple[Any, str]] = {}
            for p in scale.points:
                s = (p.value - scale.lo) / (scale.hi - scale.lo) * 100
                text = str(int(p.value)) if float(p.value).is_integer() else str(p.value)
                lookup[text] = (100 - s if q.reverse else s, text)
            for code in scale.missing_codes:
                lookup[code] = (None, code)
            keys.append([*(key for _, key in lookup.values()), "blank"])
            for r in q.roles:
                plan[r].append((column[q.key], qi, position[q.dimension], q.weight, lookup))
        # Children before parents, as (index, [(child index, weight)]).
        parents = [
            (i, [(position[c.key], c.weight) for c in d.dimensions])
            for i, d in reversed(list(enumerate(dims)))
            if not d.is_leaf
        ]
        tops = [(position[d.key], d.weight) for d in definition.dimensions]
        n_dims, n_q = len(dims), len(scale_questions)
        acc = {
            r: {
                "qn": [0] * n_q,
                "qsum": [0.0] * n_q,
                "counts": [dict.fromkeys(keys[i], 0) for i in range(n_q)],
                "values": [[] for _ in range(n_dims + 1)],
            }
            for r in roles
        }
        for row in reader:
            role = row[role_column]
            if role not in acc:
                continue
            a = acc[role]
            qn, qsum, counts = a["qn"], a["qsum"], a["counts"]
            total = [0.0] * n_dims
            weight = [0.0] * n_dims
            applicable = [0] * n_dims
            scored = [0] * n_dims
            for col, qi, leaf, w, lookup in plan[role]:
                applicable[leaf] += 1
                hit = lookup.get(row[col])
                if hit is None:
                    counts[qi]["blank"] += 1
                    continue
                score, key = hit
                counts[qi][key] += 1
                if score is not None:
                    qn[qi] += 1
                    qsum[qi] += score
                    scored[leaf] += 1
                    total[leaf] += score * w
                    weight[leaf] += w
            value: list[float | None] = [
                total[i] / weight[i] if applicable[i] and 2 * scored[i] >= applicable[i] else None
                for i in range(n_dims)
            ]
            for i, children in parents:
                pairs = [(value[c], w) for c, w in children if value[c] is not None]
                value[i] = (
                    sum(v * w for v, w in pairs) / sum(w for _, w in pairs) if pairs else None
                )
            pairs = [(value[c], w) for c, w in tops if value[c] is not None]
            value.append(sum(v * w for v, w in pairs) / sum(w for _, w in pairs) if pairs else None)
            values = a["values"]
            for i, v in enumerate(value):
                if v is not None:
                    values[i].append(v)

    def describe(values: list[float]) -> dict[str, Any]:
        n = len(values)
        return {
            "n": n,
            "score": statistics.fmean(values) if n else None,
            "sd": statistics.stdev(values) if n > 1 else None,
            "median": statistics.median(values) if n else None,
        }

    groups = {f"role={r}": acc[r] for r in roles}
    result: dict[str, Any] = {}
    for name, parts in [("all", list(acc.values())), *((g, [a]) for g, a in groups.items())]:
        values = [[v for a in parts for v in a["values"][i]] for i in range(n_dims + 1)]
        cells = {("overall", "overall"): describe(values[-1])}
        cells |= {("dimension", d.key): describe(values[i]) for i, d in enumerate(dims)}
        for qi, q in enumerate(scale_questions):
            n = sum(a["qn"][qi] for a in parts)
            cells["question", q.key] = {
                "n": n,
                "score": sum(a["qsum"][qi] for a in parts) / n if n else None,
                "counts": {k: sum(a["counts"][qi][k] for a in parts) for k in keys[qi]},
            }
        result[name] = cells
    return result


def check(document: dict[str, Any], expected: dict[str, Any]) -> None:
    """The baseline computed the same published numbers (0.01) as compute_results."""
    published: dict[tuple[str, str], dict[str, Any]] = {("overall", "overall"): document["overall"]}
    published |= {("dimension", d["key"]): d["results"] for d in document["dimensions"]}
    published |= {("question", q["key"]): q["results"] for q in document["questions"]}
    for group, cells in expected.items():
        for cell_key, cell in cells.items():
            actual = published[cell_key][group]
            for stat, value in cell.items():
                if actual.get("suppressed") and stat != "n":
                    continue
                got = actual[stat]
                same = (
                    got == value
                    if not isinstance(value, float)
                    else got is not None and math.isclose(got, value, abs_tol=0.0051)
                )
                if not same:
                    sys.exit(f"mismatch {group} {cell_key} {stat}: {got} != {value}")


def best(function: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    measured = {}
    for respondents, items in SIZES:
        yaml_path, csv_path = write(respondents, items)
        definition = load_definition(yaml_path)
        t_load, frames = best(lambda: load_frames(csv_path, definition))  # noqa: B023
        t_compute, document = best(lambda: compute(definition, frames))  # noqa: B023
        t_base, expected = best(lambda: baseline(definition, csv_path))  # noqa: B023
        check(document, expected)
        measured[respondents] = (t_load, t_compute, t_base)
        print(
            f"{respondents:>6} x {items} ({len(frames[1]):,} answers, "
            f"{len(document['groups'])} groups): load {t_load:.3f} s, compute+to_dict "
            f"{t_compute:.3f} s, pandas total {t_load + t_compute:.3f} s | baseline "
            f"{t_base:.3f} s | ratio total/baseline {(t_load + t_compute) / t_base:.2f}, "
            f"compute/baseline {t_compute / t_base:.2f}"
        )
    (big, small) = (measured[SIZES[0][0]], measured[SIZES[1][0]])
    print(
        f"scaling x10 data: pandas total {(big[0] + big[1]) / (small[0] + small[1]):.1f}x, "
        f"compute {big[1] / small[1]:.1f}x, baseline {big[2] / small[2]:.1f}x (target <= 11x)"
    )


if __name__ == "__main__":
    main()
