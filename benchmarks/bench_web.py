"""Benchmark: the respondent's web path under gunicorn, against a bare Flask endpoint.

    .venv/bin/python -m benchmarks.bench_web [--db sqlite|postgresql] [--duration 10]
        [--rounds 3]

One gunicorn (``gunicorn.conf.py``, 4 workers, production mode) serves both
selfassess and, at ``/bare``, a tiny Flask app that returns two bytes (:func:`served`).
In a round of ``--invited`` invitations (1,000: a parliament's Members and
secretariat), 32 respondents signed in (invitation link, consent), ``wrk`` (Debian's ``wrk``; a
threaded stdlib client when it is missing) drives, in the same run and with the same
concurrency, the bare endpoint, the questionnaire page (GET) and the autosave (a JSON
POST), each request taking the next respondent's cookie and CSRF token. The three paths
are measured in turn, ``--rounds`` times: a path's ratio is over the bare endpoint of
its own round, and each path is judged by its median round. (wrk's keep-alive
connections stay with the worker that accepted them, so a round in which one worker
accepted none runs on three: the ``busy`` column says so.)

Targets: each selfassess path >= 0.35x the bare endpoint's requests/s, p99 < 100 ms at
32 connections, no errors in any round. Exit status 0 when they are met.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from benchmarks.load import (
    Browser,
    GunicornServer,
    Site,
    Stats,
    Unavailable,
    fresh_database,
    prepare,
    server_env,
)
from benchmarks.web_clients import Result, Session, lua, threaded, wrk

RATIO_TARGET = 0.35
P99_TARGET_MS = 100.0


def served() -> Callable[..., Iterable[bytes]]:
    """What gunicorn serves (``benchmarks.bench_web:served()``): the bare endpoint at
    ``/bare``, selfassess everywhere else."""
    from flask import Flask

    from selfassess.wsgi import app

    bare = Flask("bare")
    bare.add_url_rule("/bare", "bare", lambda: "ok")

    def application(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        target = bare if environ.get("PATH_INFO") == "/bare" else app
        return target(environ, start_response)  # type: ignore[no-any-return]

    return application


def sign_in(site: Site, port: int) -> list[Session]:
    """Every invited respondent enters through their link and consents."""
    sessions = []
    for invited in site.invited:
        browser = Browser(port, Stats(), time.monotonic() + 60)
        browser.expect("GET", f"/r/{invited.token}", 302)
        browser.expect("GET", f"/r/{site.slug}/consent", 200)
        body = f"csrf_token={browser.csrf}".encode()
        browser.expect(
            "POST",
            f"/r/{site.slug}/consent",
            302,
            body=body,
            kind="application/x-www-form-urlencoded",
        )
        browser.expect("GET", f"/r/{site.slug}/page/1", 200)
        cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
        sessions.append(Session(cookie, browser.csrf))
    return sessions


# -- the run ----------------------------------------------------------------------------------


def run(
    database: str = "sqlite",
    *,
    seconds: int = 10,
    connections: int = 32,
    workers: int = 4,
    rounds: int = 3,
    invited: int = 1000,
    use_wrk: bool = True,
) -> tuple[list[list[Result]], str]:
    """Bare, page and autosave results of each round, and the client used."""
    wrk_path = shutil.which("wrk") if use_wrk else None
    with tempfile.TemporaryDirectory(prefix="selfassess-bench-web-") as scratch:
        folder = Path(scratch)
        with fresh_database(database, folder) as url:
            site = prepare(url, max(invited, connections))
            site = replace(site, invited=site.invited[:connections])  # those who answer
            # The production settings, access log included; no worker recycling in the
            # middle of a measurement (each path is measured on the same workers).
            env = server_env(site, GUNICORN_MAX_REQUESTS="0")
            log = Path(os.environ.get("BENCH_WEB_LOG", folder / "gunicorn.log"))
            with GunicornServer(
                "benchmarks.bench_web:served()", env, log, workers=workers
            ) as server:
                sessions = sign_in(site, server.port)
                script = folder / "bench.lua"
                script.write_text(lua(sessions))
                paths = {
                    "bare": "/bare",
                    "page": f"/r/{site.slug}/page/1",
                    "autosave": f"/r/{site.slug}/autosave",
                }

                def measure(mode: str, duration: int) -> Result:
                    workers, database_server = server.workers_pids(), server_pids(database)
                    before = [cpu_seconds([pid]) for pid in workers]
                    before_db = cpu_seconds(database_server)
                    if wrk_path:
                        result = wrk(
                            wrk_path, script, server.port, mode, paths[mode], duration, connections
                        )
                    else:
                        result = threaded(
                            sessions, server.port, mode, paths[mode], duration, connections
                        )
                    each = [cpu_seconds([pid]) - b for pid, b in zip(workers, before, strict=True)]
                    used, used_db = sum(each), cpu_seconds(database_server) - before_db
                    per_request = 1000 / max(result.requests, 1)
                    busy = sum(1 for cpu in each if cpu > used / len(each) / 10)
                    return replace(
                        result,
                        cpu_ms=used * per_request,
                        db_cpu_ms=used_db * per_request,
                        busy_workers=busy,
                    )

                for mode in paths:  # warm every worker: templates, definitions, connections
                    measure(mode, 2)
                measured = []
                for _ in range(rounds):  # interleaved: a quiet or busy spell hits every path
                    results = [measure(mode, seconds) for mode in paths]
                    bare = results[0].requests_per_second
                    measured.append(
                        [replace(r, ratio=r.requests_per_second / bare) for r in results]
                    )
    return measured, "wrk" if wrk_path else "stdlib threads"


def median_round(rounds: list[list[Result]], path: int) -> Result:
    """Of ``path``'s results (its index in a round), the one of the median ratio."""
    ranked = sorted((results[path] for results in rounds), key=lambda r: r.ratio)
    return ranked[(len(ranked) - 1) // 2]


def server_pids(database: str) -> list[int]:
    """The database server's processes (PostgreSQL's on this machine; none for SQLite)."""
    if database != "postgresql":
        return []
    found = []
    for status in Path("/proc").glob("[0-9]*/comm"):
        try:
            if status.read_text().startswith("postgres"):
                found.append(int(status.parent.name))
        except OSError:  # gone meanwhile
            continue
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of these processes so far (those still running)."""
    ticks = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except FileNotFoundError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def verdict(rounds: list[list[Result]]) -> list[str]:
    """What misses a target (empty when all are met): each path's median round against
    the ratio and p99 targets; no errors in any round."""
    problems = []
    for path in range(1, len(rounds[0])):
        result = median_round(rounds, path)
        if result.ratio < RATIO_TARGET:
            problems.append(
                f"{result.name}: {result.ratio:.2f}x the bare endpoint (< {RATIO_TARGET})"
            )
        if result.p99_ms >= P99_TARGET_MS:
            problems.append(f"{result.name}: p99 {result.p99_ms:.0f} ms (>= {P99_TARGET_MS:.0f})")
    errors = [r for results in rounds for r in results if r.errors]
    problems += [f"{r.name}: {r.errors} errors" for r in errors]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--duration", type=int, default=10, help="seconds per path")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every path")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--invited", type=int, default=1000, help="invitations in the round")
    parser.add_argument("--stdlib", action="store_true", help="the threaded client, not wrk")
    args = parser.parse_args(argv)
    try:
        rounds, client = run(
            args.db,
            seconds=args.duration,
            connections=args.connections,
            workers=args.workers,
            rounds=args.rounds,
            invited=args.invited,
            use_wrk=not args.stdlib,
        )
    except Unavailable as error:
        print(f"bench_web: {error}", file=sys.stderr)
        return 2
    print(
        f"web path: {args.db}, gunicorn {args.workers} workers, {args.connections} connections "
        f"of {max(args.invited, args.connections)} invited, "
        f"{args.rounds} rounds of {args.duration} s a path, {client}"
    )
    header = (
        f"{'path':<10}{'req/s':>9}{'ratio':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'CPU ms/req':>12}{'DB CPU ms/req':>15}{'busy':>6}"
    )
    for number, results in enumerate(rounds, 1):
        print(f"round {number}\n  {header}")
        for r in results:
            print(f"  {_row(r)}")
    print(f"median round of each path\n  {header}")
    for path in range(len(rounds[0])):
        print(f"  {_row(median_round(rounds, path))}")
    problems = verdict(rounds)
    print("  targets met" if not problems else "  MISSED: " + "; ".join(problems))
    return 0 if not problems else 1


def _row(r: Result) -> str:
    return (
        f"{r.name:<10}{r.requests_per_second:>9.0f}{r.ratio:>8.2f}"
        f"{r.p50_ms:>9.1f}{r.p99_ms:>9.1f}{r.errors:>8}"
        f"{r.cpu_ms:>12.2f}{r.db_cpu_ms:>15.2f}{r.busy_workers:>6}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
