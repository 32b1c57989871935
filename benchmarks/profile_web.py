"""Profile one respondent's page view and autosave in process, and count their queries.

    .venv/bin/python -m benchmarks.profile_web [--db sqlite|postgresql] [--repeat 200]
        [--profile page|autosave] [--echo]

The site of ``bench_web`` (the bundled questionnaire, an open round, one respondent who
entered through their link and consented), served by Flask's test client in production
mode. Prints, for each path, the SQL statements of one request, and the CPU time per
request over ``--repeat`` requests (best of 3); ``--profile`` prints cProfile's top
functions of that path.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.load import fresh_database, prepare

QUESTION = "rep-women-share"


def signed_in(database_url: str, folder: Path) -> tuple[Any, Any, str, str]:
    """(app, test client, slug, CSRF token) of one respondent who consented."""
    from selfassess import create_app

    site = prepare(database_url, 1)
    app = create_app(
        {
            "SELFASSESS_ENV": "production",
            "SECRET_KEY": site.secret_key,
            "DATABASE_URL": database_url,
        }
    )
    client = app.test_client()
    assert client.get(f"/r/{site.invited[0].token}").status_code == 302
    consent = client.get(f"/r/{site.slug}/consent").get_data(as_text=True)
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', consent)
    assert found is not None
    token = found.group(1)
    reply = client.post(f"/r/{site.slug}/consent", data={"csrf_token": token})
    assert reply.status_code == 302, reply.status_code
    return app, client, site.slug, token


def statements(app: Any, call: Callable[[], Any]) -> list[str]:
    """The SQL statements ``call`` runs."""
    from sqlalchemy import event

    from selfassess.extensions import db

    seen: list[str] = []
    with app.app_context():
        # The app's engine and the express path's (respond/express.py), each listened to.
        engines = [db.engine, *app.extensions["express"].pools.engines()]

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split())[:160])

    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)
    return seen


def cpu_per_request(call: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        for _ in range(repeat):
            call()
        best = min(best, (time.process_time() - started) / repeat)
    return best * 1000


def measure(url: str, folder: Path, args: argparse.Namespace) -> None:
    app, client, slug, token = signed_in(url, folder)
    from flask import Flask

    bare = Flask("bare")
    bare.add_url_rule("/bare", "bare", lambda: "ok")
    bare_client = bare.test_client()
    values = iter(("1", "2", "3", "4", "5", "dk") * (args.repeat * 10))
    headers = {"X-CSRFToken": token}

    def page() -> None:
        assert client.get(f"/r/{slug}/page/1").status_code == 200

    def autosave() -> None:
        reply = client.post(
            f"/r/{slug}/autosave",
            json={"question": QUESTION, "value": next(values)},
            headers=headers,
        )
        assert reply.status_code == 200, reply.get_data(as_text=True)

    def bare_call() -> None:
        assert bare_client.get("/bare").status_code == 200

    def floor() -> None:  # the app's own floor: session, CSRF, limiter, headers, one query
        assert client.get("/healthz").status_code == 200

    paths = {"bare": bare_call, "healthz": floor, "page": page, "autosave": autosave}
    for name, call in paths.items():
        call()  # warm: templates, definitions, connections
        run = statements(app, call) if name != "bare" else []  # healthz: its ping
        cpu = cpu_per_request(call, args.repeat)
        print(f"{name:<9} {len(run):>2} queries  {cpu:6.2f} ms CPU/request")
        if args.echo:
            for statement in run:
                print(f"    {statement}")
    if args.profile:
        call = paths[args.profile]
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            call()
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
        if args.callers:
            stats.print_callers(args.callers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--profile", choices=("page", "autosave", "bare", "healthz"))
    parser.add_argument("--callers", help="with --profile: who calls functions matching this")
    parser.add_argument("--echo", action="store_true", help="print the SQL of each path")
    args = parser.parse_args(argv)
    with (
        tempfile.TemporaryDirectory(prefix="selfassess-profile-") as scratch,
        fresh_database(args.db, Path(scratch)) as url,
    ):
        measure(url, Path(scratch), args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
