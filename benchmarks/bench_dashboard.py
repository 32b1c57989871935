"""Benchmark: a dashboard page computed cold against the same page read from the cache.

    .venv/bin/python -m benchmarks.bench_dashboard [--db sqlite postgresql] [--sizes 500 5000]

For each database and size, a fresh database is migrated and filled through the command
line (as ``bench_process.py``: ``data/responses-Nx100.csv`` imported); then one app in
this process serves a signed-in consultant, and in the same run, best of ``--repeat``:

- ``cold``: the page with the results cache emptied first (the round's responses read
  and every number computed, then stored);
- ``cached``: the same page at the same revision (the cached document and view read).

For the overview and the dimension table; the ratio is cold / cached. Nothing here is a
test: the figures go to benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from benchmarks.bench_process import SELFASSESS, measured, run, seeded_round

ROOT = Path(__file__).resolve().parent.parent
EMAIL, PASSWORD = "bench@example.org", "a long bench password"
PAGES = {"overview": "/results/bench/", "dimensions": "/results/bench/dimensions"}


def best(
    repeat: int, get: Callable[[], int], before: Callable[[], None] | None
) -> tuple[float, float]:
    """Best wall and best CPU (this process) seconds of ``repeat`` requests."""
    walls, cpus = [], []
    for _ in range(repeat):
        if before is not None:
            before()
        cpu, wall = time.process_time(), time.perf_counter()
        assert get() == 200
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def measure(
    kind: str, respondents: int, repeat: int, folder: Path
) -> dict[str, tuple[float, float]]:
    with seeded_round(kind, respondents, folder) as (url, env, _responses):
        run([SELFASSESS, "users", "create", EMAIL, "--role", "consultant", "--password-stdin"],
            env, stdin=PASSWORD)  # fmt: skip
        from selfassess import create_app
        from selfassess.extensions import db

        app = create_app({"DATABASE_URL": url, "SELFASSESS_ENV": "development"})
        client = app.test_client()
        page = client.get("/auth/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        assert token is not None
        signed = client.post(
            "/auth/login", data={"email": EMAIL, "password": PASSWORD, "csrf_token": token[1]}
        )
        assert signed.status_code == 302
        engine = sa.create_engine(url)

        def empty_cache() -> None:
            with engine.begin() as connection:
                connection.execute(sa.text("DELETE FROM results_cache"))

        figures = {}
        for name, path in PAGES.items():
            get = lambda path=path: client.get(path).status_code  # noqa: E731
            figures[f"{name} cold"] = best(repeat, get, empty_cache)
            figures[f"{name} cached"] = best(repeat, get, None)
        engine.dispose()
        with app.app_context():
            db.engine.dispose()
        return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--sizes", nargs="+", type=int, default=[500, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(
        "| database | respondents | page | cold wall s | cached wall s | ratio (wall) | ratio (CPU) |"
    )
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
    for kind, size, figures in measured(args.db, args.sizes, args.repeat, measure):
        for name in PAGES:
            (cold, cold_cpu), (warm, warm_cpu) = figures[f"{name} cold"], figures[f"{name} cached"]
            print(
                f"| {kind} | {size:,} | {name} | {cold:.3f} | {warm:.3f} "
                f"| {cold / warm:.1f} | {cold_cpu / max(warm_cpu, 1e-6):.1f} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
