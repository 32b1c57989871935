"""Whole processes: ``selfassess results`` and ``selfassess export`` against baselines.

    .venv/bin/python -m benchmarks.bench_process [--db sqlite postgresql] [--sizes 500 5000]

For each database and size, a fresh database is migrated and filled through the
command line (questionnaire load, round create, responses import of
``data/responses-Nx100.csv``); then, in the same run, ``--repeat`` rounds of every
step below, interleaved so that the machine's load weighs alike on a command and its
baseline, and the median wall and CPU time of each step: whole processes, start-up and
database read included:

- ``results`` cold: ``selfassess results SLUG`` with the results cache emptied first;
- ``results`` warm: the same with the cached document of the current revision;
- ``baseline results``: a pandas script that reads the same answers from the CSV and
  computes each group's mean and count per question (``all``, each role, each profile
  value), printed as JSON;
- ``export``: ``selfassess export SLUG -o FILE``;
- ``baseline export``: a script that dumps the same Data cells with xlsxwriter
  ``constant_memory``.

Nothing here is a test: the figures go to benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from benchmarks.generate import write
from benchmarks.load import Unavailable, fresh_database

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SELFASSESS = str(BIN / "selfassess")

BASELINE_RESULTS = """
import json, sys
import pandas as pd
wide = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False, na_values=[""])
questions = [c for c in wide.columns if c.startswith("q")]
fields = ["role", "sex", "age", "committee"]
long = wide.melt(id_vars=["respondent", *fields], value_vars=questions).dropna(subset=["value"])
long["score"] = pd.to_numeric(long["value"], errors="coerce")
out = {"all": long.groupby("variable")["score"].agg(["mean", "count"]).to_dict()}
for field in fields:
    stats = long.groupby([field, "variable"])["score"].agg(["mean", "count"])
    out[field] = {
        column: {f"{group}|{question}": value for (group, question), value in cells.items()}
        for column, cells in stats.to_dict().items()
    }
json.dump(out, sys.stdout, default=str)
"""

BASELINE_EXPORT = """
import csv, sys
import xlsxwriter
book = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True, "strings_to_formulas": False})
sheet = book.add_worksheet("Data")
with open(sys.argv[1], encoding="utf-8", newline="") as handle:
    for row, cells in enumerate(csv.reader(handle)):
        sheet.write_row(row, 0, [int(c) if c.isdigit() and row else c for c in cells])
book.close()
"""


def run(args: list[str], env: dict[str, str], stdin: str | None = None) -> None:
    subprocess.run(  # noqa: S603 (our interpreter, fixed arguments)
        args, env=env, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, input=stdin, text=True
    )


#: Wall and CPU seconds by step.
Figures = dict[str, tuple[float, float]]
#: A benchmark's measurement of one database (its kind) at one size.
Measure = Callable[[str, int, int, Path], Figures]


@contextmanager
def seeded_round(
    kind: str, respondents: int, folder: Path
) -> Iterator[tuple[str, dict[str, str], Path]]:
    """A fresh database whose round ``bench`` holds ``respondents`` x 100 answers, loaded
    by the commands a user would run; yields its URL, the commands' environment and the
    responses file (the baselines read it)."""
    instrument, responses = write(respondents, 100)
    with fresh_database(kind, folder) as url:
        env = {**os.environ, "DATABASE_URL": url, "SELFASSESS_ENV": "development"}
        run([SELFASSESS, "db", "upgrade"], {**env, "PYTHONWARNINGS": "ignore"})
        run([SELFASSESS, "questionnaire", "load", str(instrument)], env)
        run([SELFASSESS, "round", "create", "bench", "--questionnaire", "bench-100"], env)
        run([SELFASSESS, "responses", "import", "bench", str(responses)], env)
        yield url, env, responses


def measured(
    kinds: list[str], sizes: list[int], repeat: int, measure: Measure
) -> Iterator[tuple[str, int, Figures]]:
    """``measure`` of each database and size, each in a folder of its own; a database
    that is not reachable is skipped, said on standard error."""
    for kind in kinds:
        for size in sizes:
            with tempfile.TemporaryDirectory() as folder:
                try:
                    figures = measure(kind, size, repeat, Path(folder))
                except Unavailable as error:
                    print(f"{kind}: skipped ({error})", file=sys.stderr)
                    break
            yield kind, size, figures


def once(args: list[str], env: dict[str, str], before: object = None) -> tuple[float, float]:
    """Wall time and CPU time (user + system of the child) of one run: on a shared
    machine the CPU time moves much less than the wall time."""
    if callable(before):
        before()
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run(args, env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - used.ru_utime + after.ru_stime - used.ru_stime


def measure(
    kind: str, respondents: int, repeat: int, folder: Path
) -> dict[str, tuple[float, float]]:
    with seeded_round(kind, respondents, folder) as (url, env, responses):
        engine = sa.create_engine(url)

        def empty_cache() -> None:
            with engine.begin() as connection:
                connection.execute(sa.text("DELETE FROM results_cache"))

        xlsx = str(folder / "out.xlsx")
        steps = {
            "results cold": ([SELFASSESS, "results", "bench"], empty_cache),
            "results warm": ([SELFASSESS, "results", "bench"], None),
            "baseline results": ([sys.executable, "-c", BASELINE_RESULTS, str(responses)], None),
            "export": ([SELFASSESS, "export", "bench", "-o", xlsx], None),
            "baseline export": (
                [sys.executable, "-c", BASELINE_EXPORT, str(responses), xlsx],
                None,
            ),
            "help": ([SELFASSESS, "--help"], None),
        }
        runs: dict[str, list[tuple[float, float]]] = {step: [] for step in steps}
        for _ in range(repeat):
            for step, (args, before) in steps.items():
                runs[step].append(once(args, env, before))
        figures = {
            step: (
                statistics.median(wall for wall, _ in times),
                statistics.median(cpu for _, cpu in times),
            )
            for step, times in runs.items()
        }
        engine.dispose()
        return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--sizes", nargs="+", type=int, default=[500, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"load average at the start: {os.getloadavg()[0]:.1f}", file=sys.stderr)
    print("| database | respondents | step | wall s | CPU s | ratio (wall) | ratio (CPU) |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
    for kind, size, f in measured(args.db, args.sizes, args.repeat, measure):
        for step, base in (
            ("results cold", "baseline results"),
            ("results warm", "baseline results"),
            ("baseline results", None),
            ("export", "baseline export"),
            ("baseline export", None),
            ("help", None),
        ):
            (wall, cpu), (bw, bc) = f[step], f[base] if base else (0.0, 0.0)
            ratios = f"{wall / bw:.2f} | {cpu / bc:.2f}" if base else " | "
            print(
                f"| {kind} | {size:,} | {step} | {wall:.2f} | {cpu:.2f} | {ratios} |",
                flush=True,
            )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
