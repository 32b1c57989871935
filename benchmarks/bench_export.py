"""Benchmark: build_workbook against a raw xlsxwriter dump of the same Data cells.

    .venv/bin/python benchmarks/bench_export.py [--respondents 5000] [--items 100] [--check]

Generates a synthetic round inline (a definition with ``--items`` scale questions,
``--respondents`` submitted responses, a results dict in the spec's shape and some
comments), then times, in the same run and best of ``--repeat``:

- ``build_workbook``: the whole seven-sheet workbook from the DataFrames;
- the baseline: a constant_memory xlsxwriter workbook with one sheet holding the same
  Data cells, already typed (numbers as numbers, codes as strings), via ``write_row``.

Peak memory is the maximum resident set size of a fresh child process that builds the
workbook once (``resource.getrusage``), so it includes Python, pandas and the data.
Targets: ratio <= 1.5, peak < 600 MB; ``--check`` exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from selfassess.exports import build_workbook
from selfassess.instrument.model import (
    Definition,
    Dimension,
    Option,
    Point,
    ProfileField,
    Question,
    Role,
    Scale,
)

RATIO_TARGET = 1.5
MEMORY_TARGET_MB = 600
DIMENSIONS = 10


def t(s: str) -> dict[str, str]:
    return {"en": s, "mn": f"{s} (мн)"}


def definition(items: int) -> Definition:
    """``items`` scale questions in DIMENSIONS leaf dimensions under two top ones."""
    scale = Scale(
        "grade6",
        tuple(Point(v, t(f"point {v}")) for v in range(6)),
        (Option("dk", t("Don't know")), Option("na", t("Not applicable"))),
    )
    per = max(1, items // DIMENSIONS)
    leaves = []
    for d in range(DIMENSIONS):
        keys = [f"q{i:03d}" for i in range(d * per, min(items, (d + 1) * per))]
        parent = "top-a" if d < DIMENSIONS // 2 else "top-b"
        questions = tuple(
            Question(k, "scale", t(f"Question {k}?"), ("mp", "staff"), f"dim-{d}", scale="grade6")
            for k in keys
        )
        leaves.append(
            Dimension(f"dim-{d}", t(f"Dimension {d}"), parent=parent, questions=questions)
        )
    half = DIMENSIONS // 2
    return Definition(
        key="bench",
        version=1,
        languages=("en", "mn"),
        title=t("Benchmark instrument"),
        roles=(Role("mp", t("Member of Parliament")), Role("staff", t("Staff"))),
        scales=(scale,),
        dimensions=(
            Dimension("top-a", t("Top A"), dimensions=tuple(leaves[:half])),
            Dimension("top-b", t("Top B"), dimensions=tuple(leaves[half:])),
        ),
        profile=(
            ProfileField(
                "sex",
                "choice",
                t("Sex"),
                ("mp", "staff"),
                (Option("female", t("Female")), Option("male", t("Male"))),
            ),
        ),
    )


def round_data(d: Definition, respondents: int, seed: int = 1) -> pd.DataFrame:
    rng = random.Random(seed)
    keys = [q.key for q in d.iter_questions()]
    answers = ["0", "1", "2", "3", "4", "5", "dk", "na", ""]
    weights = [10, 12, 15, 18, 15, 10, 5, 3, 12]
    rows: dict[str, list[str]] = {
        "response_id": [str(i) for i in range(respondents)],
        "role": [rng.choice(["mp", "staff", "staff"]) for _ in range(respondents)],
        "sex": [rng.choice(["female", "male"]) for _ in range(respondents)],
    }
    for key in keys:
        rows[key] = rng.choices(answers, weights, k=respondents)
    return pd.DataFrame(rows, dtype="str")


def results(d: Definition, data: pd.DataFrame) -> dict[str, Any]:
    """A results dict in the spec's shape with plausible numbers (not a real scoring)."""
    rng = random.Random(2)
    groups = ["all", "role=mp", "role=staff", "sex=female", "sex=male"]
    groups += [f"role={r},sex={s}" for r in ("mp", "staff") for s in ("female", "male")]

    def cells(counts: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for g in groups:
            cell: dict[str, Any] = {"n": rng.randint(200, 4000)}
            cell |= {"score": round(rng.uniform(30, 80), 2), "sd": 12.3, "median": 55.0}
            if counts:
                cell["counts"] = {
                    k: rng.randint(0, 900) for k in [*map(str, range(6)), "dk", "na", "blank"]
                }
            out[g] = cell
        return out

    return {
        "round": "bench",
        "questionnaire": {"key": d.key, "version": d.version},
        "min_group_size": 5,
        "groups": groups,
        "responses": {"submitted": len(data), "draft": 0},
        "overall": cells(),
        "dimensions": [
            {"key": x.key, "parent": x.parent, "results": cells()} for x in d.iter_dimensions()
        ],
        "questions": [
            {"key": q.key, "dimension": q.dimension, "results": cells(counts=True)}
            for q in d.iter_questions()
        ],
    }


def comments(d: Definition, count: int = 500) -> pd.DataFrame:
    rng = random.Random(3)
    qs = list(d.iter_questions())
    picked = [rng.choice(qs) for _ in range(count)]
    return pd.DataFrame(
        {
            "question": [q.key for q in picked],
            "dimension": [q.dimension for q in picked],
            "kind": ["comment"] * count,
            "text": [
                f"Comment {i}: training on gender budgeting would help." for i in range(count)
            ],
        }
    )


def typed_rows(data: pd.DataFrame) -> list[list[Any]]:
    """The Data cells as the workbook holds them: ints for points, strings for codes."""
    out = []
    for row in data.itertuples(index=False, name=None):
        out.append([int(v) if v.isdigit() else (v or None) for v in row])
    return out


def raw_dump(rows: list[list[Any]]) -> float:
    """Seconds to write ``rows`` with xlsxwriter's constant_memory mode, nothing else."""
    start = time.perf_counter()
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False})
    ws = wb.add_worksheet("Data")
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
    wb.close()
    return time.perf_counter() - start


def build(d: Definition, res: dict[str, Any], data: pd.DataFrame, com: pd.DataFrame) -> bytes:
    return build_workbook(
        d,
        res,
        data=data,
        comments=com,
        lang="en",
        generated_at=datetime.now(UTC),
        software_version="bench",
    )


def timed_build(*args: Any) -> tuple[float, int]:
    start = time.perf_counter()
    size = len(build(*args))
    return time.perf_counter() - start, size


def child(respondents: int, items: int) -> None:
    """Build once and print this process's peak resident set size in MB."""
    d = definition(items)
    data = round_data(d, respondents)
    build(d, results(d, data), data, comments(d))
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--respondents", type=int, default=5000)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.respondents, args.items)
        return 0

    d = definition(args.items)
    data = round_data(d, args.respondents)
    res, com = results(d, data), comments(d)
    rows = [list(data.columns), *typed_rows(data)]
    cells = args.respondents * len(data.columns)
    builds, raws, size = [], [], 0
    for _ in range(args.repeat):
        raws.append(raw_dump(rows))
        seconds, size = timed_build(d, res, data, com)
        builds.append(seconds)
    best_build, best_raw = min(builds), min(raws)
    ratio = best_build / best_raw
    # The same script in a fresh process: its maximum RSS is the build's peak.
    peak = float(
        subprocess.run(  # noqa: S603 (our own interpreter and script)
            [
                sys.executable,
                __file__,
                "--child",
                "--respondents",
                str(args.respondents),
                "--items",
                str(args.items),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    print(f"export: {args.respondents} respondents x {args.items} items ({cells:,} Data cells)")
    print(f"  build_workbook        {best_build:6.2f} s  ({size / 1e6:.1f} MB xlsx, 7 sheets)")
    print(f"  raw constant_memory   {best_raw:6.2f} s  (Data cells only, write_row)")
    print(f"  ratio                 {ratio:6.2f}    target <= {RATIO_TARGET}")
    print(f"  peak RSS (child)      {peak:6.0f} MB  target < {MEMORY_TARGET_MB} MB")
    ok = ratio <= RATIO_TARGET and peak < MEMORY_TARGET_MB
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
