"""Benchmark: build_workbook against a raw xlsxwriter dump of the same Data cells.

    .venv/bin/python benchmarks/bench_export.py [--respondents 5000] [--items 100] [--check]

The round is the team's benchmark data (``generate.py``: the instrument YAML and the
response CSV in benchmarks/data/, written if missing), scored with ``compute_results``
into the results dict, plus 500 synthetic comments. Then, in the same run and best of
``--repeat`` (by CPU time, which other jobs on the machine barely move), it times:

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
from typing import Any

import pandas as pd
import xlsxwriter
from generate import write

from selfassess.exports import build_workbook
from selfassess.instrument import load
from selfassess.instrument.model import Definition
from selfassess.scoring import compute_results

RATIO_TARGET = 1.5
MEMORY_TARGET_MB = 600


def prepare(
    respondents: int, items: int
) -> tuple[Definition, dict[str, Any], pd.DataFrame, pd.DataFrame]:
    """Definition, results dict, Data frame and comments of a generated round."""
    yaml_path, csv_path = write(respondents, items)
    definition, issues = load(yaml_path)
    if definition is None:
        sys.exit("\n".join(map(str, issues)))
    # Only an empty cell is no answer: "na" is a missing code, not pandas' NA.
    data = pd.read_csv(csv_path, dtype=str, keep_default_na=False, na_values=[""])
    data = data.rename(columns={"respondent": "response_id"})
    profile = [f.key for f in definition.profile]
    questions = [q.key for q in definition.iter_questions()]
    answers = (
        data[["response_id", *questions]]
        .melt(id_vars="response_id", var_name="question", value_name="value")
        .dropna(subset=["value"])
    )
    results = compute_results(definition, data[["response_id", "role", *profile]], answers)
    return (
        definition,
        results.to_dict(round_slug="bench", draft_count=0),
        data,
        comments(definition),
    )


def comments(d: Definition, count: int = 500) -> pd.DataFrame:
    rng = random.Random(3)
    picked = [rng.choice(list(d.iter_questions())) for _ in range(count)]
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
    for row in data.astype(object).where(data.notna(), None).itertuples(index=False, name=None):
        out.append([int(v) if v and v.isdigit() else v for v in row])
    return out


class Clock:
    """Wall and CPU seconds of a block (CPU time barely moves when other jobs share
    the cores, wall time does: the ratio is taken on CPU time)."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def raw_dump(rows: list[list[Any]]) -> None:
    """Write ``rows`` with xlsxwriter's constant_memory mode, nothing else."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False})
    ws = wb.add_worksheet("Data")
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
    wb.close()


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


def child(respondents: int, items: int) -> None:
    """Build once; print the peak resident set size (MB) before and after the build."""
    d, res, data, com = prepare(respondents, items)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    build(d, res, data, com)
    print(before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


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

    d, res, data, com = prepare(args.respondents, args.items)
    rows = [list(data.columns), *typed_rows(data)]
    cells = args.respondents * len(data.columns)
    builds, raws, size = [], [], 0
    for _ in range(args.repeat):
        with Clock() as raw:
            raw_dump(rows)
        with Clock() as built:
            size = len(build(d, res, data, com))
        raws.append(raw)
        builds.append(built)
    best_build = min(builds, key=lambda c: c.cpu)
    best_raw = min(raws, key=lambda c: c.cpu)
    ratio = best_build.cpu / best_raw.cpu
    # The same script in a fresh process: its maximum RSS is the build's peak.
    before, peak = map(
        float,
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
        ).stdout.split(),
    )
    print(f"export: {args.respondents} respondents x {args.items} items ({cells:,} Data cells)")
    print("                         CPU      wall")
    print(
        f"  build_workbook       {best_build.cpu:5.2f} s  {best_build.wall:5.2f} s"
        f"  ({size / 1e6:.1f} MB xlsx, 7 sheets)"
    )
    print(
        f"  raw constant_memory  {best_raw.cpu:5.2f} s  {best_raw.wall:5.2f} s"
        "  (Data cells only, write_row)"
    )
    print(f"  ratio (CPU)          {ratio:5.2f}    target <= {RATIO_TARGET}")
    print(
        f"  peak RSS (child)      {peak:6.0f} MB  target < {MEMORY_TARGET_MB} MB "
        f"({before:.0f} MB with the data loaded and scored, before the build)"
    )
    ok = ratio <= RATIO_TARGET and peak < MEMORY_TARGET_MB
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
