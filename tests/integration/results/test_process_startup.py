"""Issue 16: ``selfassess results`` and ``export`` as real processes start lean.

They run on ``create_app(web=False)``: no blueprint, page hook, Alembic, Word or chart
library is imported, and they print and write exactly what the full app does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.integration.results.test_import_results_export import ROWS, write_csv

#: Runs the installed command's entry point, then lists the modules it imported.
SCRIPT = """
import sys
from selfassess.cli import main
try:
    main(sys.argv[1:], prog_name="selfassess")
finally:
    print("\\n".join(sorted(sys.modules)), file=sys.stderr)
"""

#: Each command runs in a process of its own, on its own connection: it reads what the
#: test committed.
pytestmark = pytest.mark.commits

#: Modules a results or export process must not import.
NOT_IMPORTED = [
    "flask_migrate",
    "alembic",
    "flask_wtf",
    "flask_limiter",
    "selfassess.web",
    "selfassess.consult.views",
    "selfassess.respond.views",
    "selfassess.cli.demo",
    "docx",
    "matplotlib",
    "openpyxl",
]


def run(url: str, *args: str) -> tuple[int, str, set[str]]:
    env = {**os.environ, "DATABASE_URL": url, "SELFASSESS_ENV": "development"}
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT, *args], env=env, capture_output=True, text=True, check=False
    )
    return done.returncode, done.stdout, set(done.stderr.splitlines())


@pytest.fixture
def imported(runner, make_round, database_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    make_round("lean", min_group_size=3, state="closed")
    rows = write_csv(tmp_path / "r.csv", ROWS)
    result = runner.invoke(args=["responses", "import", "lean", str(rows)])
    assert result.exit_code == 0, result.output
    return runner, database_url


def test_results_process_is_lean_and_prints_what_the_app_prints(imported) -> None:
    runner, url = imported
    status, output, modules = run(url, "results", "lean")
    assert status == 0, output
    assert output == runner.invoke(args=["results", "lean"]).output
    assert json.loads(output)["responses"]["submitted"] == len(ROWS)
    assert "pandas" in modules  # it did compute (the cache was empty before the runner)
    assert sorted(modules & set(NOT_IMPORTED)) == []


def test_export_process_is_lean(imported, tmp_path: Path) -> None:
    _, url = imported
    target = tmp_path / "lean.xlsx"
    status, output, modules = run(url, "export", "lean", "-o", str(target))
    assert status == 0, output
    assert output.strip() == f"wrote {target}"
    assert sorted(modules & set(NOT_IMPORTED)) == []
    assert load_workbook(target, read_only=True).sheetnames[:5] == [
        "Summary",
        "Dimensions",
        "Questions",
        "Comments",
        "Data",
    ]


def test_a_user_error_is_one_line_on_the_lean_app(imported) -> None:
    _, url = imported
    status, output, _ = run(url, "results", "no-such-round")
    assert status == 1
    assert output == ""


def test_other_commands_still_build_the_whole_app(imported) -> None:
    _, url = imported
    status, output, modules = run(url, "db", "current")
    assert status == 0, output
    assert "flask_migrate" in modules
    assert "selfassess.web" in modules
