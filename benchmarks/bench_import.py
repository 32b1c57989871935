"""Benchmark: the response import parser, and optionally the whole import into a database.

    .venv/bin/python benchmarks/bench_import.py [--respondents 5000] [--items 100] [--db]

Generates a synthetic round inline (the same definition and answers as
``bench_export.py``), writes it as CSV and as XLSX, and times ``parse_responses`` on
each (best of ``--repeat``). With ``--db``, it also times the service's end-to-end import
(``selfassess.services.imports.import_file``: parse, then bulk insert) into a fresh,
migrated SQLite database in a temporary folder; that part needs the Flask app.

Targets: the import >= 100,000 answers/s end to end; the parser ~1,000,000 cells/s.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_export import definition, round_data

from selfassess.imports import parse_responses
from selfassess.instrument.model import Definition

END_TO_END_TARGET = 100_000


def as_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def as_xlsx(rows: list[list[str]]) -> bytes:
    out = io.BytesIO()
    with xlsxwriter.Workbook(out, {"in_memory": True}) as book:
        sheet = book.add_worksheet("responses")
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value.isdigit() and r:
                    sheet.write_number(r, c, int(value))
                elif value:
                    sheet.write_string(r, c, value)
    return out.getvalue()


def best(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def database_import(d: Definition, data: bytes) -> tuple[float, int]:
    """Seconds and count of ``import_file`` into a fresh migrated SQLite database.

    The hook into the service layer: change this function if the service's API moves.
    """
    from flask_migrate import upgrade

    from selfassess import create_app
    from selfassess.extensions import db
    from selfassess.services.imports import import_file
    from selfassess.services.instruments import load_definition
    from selfassess.services.rounds import create_round

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        app = create_app({"SELFASSESS_ENV": "testing", "DATABASE_URL": url, "SERVER_NAME": None})
        with app.app_context():
            upgrade()
            load_definition(d, source_name="bench")
            round_ = create_round("bench", d.key)
            start = time.perf_counter()
            count = import_file(round_, data, "bench.csv")
            seconds = time.perf_counter() - start
            db.session.remove()
            db.engine.dispose()
    return seconds, count


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--respondents", type=int, default=5000)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", action="store_true", help="also time the import into SQLite")
    args = parser.parse_args()

    d = definition(args.items)
    frame = round_data(d, args.respondents).rename(columns={"response_id": "respondent"})
    rows = [list(frame.columns), *frame.itertuples(index=False, name=None)]
    table = [list(map(str, row)) for row in rows]
    cells = args.respondents * len(frame.columns)
    answers = int((frame.iloc[:, 3:] != "").to_numpy().sum())
    csv_bytes, xlsx_bytes = as_csv(table), as_xlsx(table)

    print(f"import: {args.respondents} respondents x {args.items} items")
    print(
        f"  {cells:,} cells, {answers:,} answers; CSV {len(csv_bytes) / 1e6:.1f} MB, "
        f"XLSX {len(xlsx_bytes) / 1e6:.1f} MB"
    )
    for name, data in (("bench.csv", csv_bytes), ("bench.xlsx", xlsx_bytes)):
        repeat = args.repeat if name.endswith(".csv") else 1
        seconds, (parsed, errors) = best(repeat, lambda n=name, b=data: parse_responses(b, n, d))
        assert not errors and len(parsed) == args.respondents, errors[:3]
        print(
            f"  parse {name:11} {seconds:6.2f} s  {cells / seconds:12,.0f} cells/s"
            f"  {answers / seconds:12,.0f} answers/s"
        )
    if args.db:
        seconds, count = database_import(d, csv_bytes)
        assert count == args.respondents
        rate = answers / seconds
        print(
            f"  import into SQLite  {seconds:6.2f} s  {rate:12,.0f} answers/s end to end"
            f"  (target >= {END_TO_END_TARGET:,})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
