"""The schema's migrations travel with the package: a wheel in a fresh environment migrates.

The checkout keeps them in the top-level ``migrations/`` (the suite's own databases are
built from there); a built wheel carries a copy inside ``selfassess/``. This test builds
the wheel, installs it alone into a new virtual environment (its dependencies borrowed
from the running one through a path file, so nothing is downloaded), and runs
``selfassess db upgrade`` there on a new SQLite database.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from tests.conftest import ROOT


def run(*args: str | Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and paths
        [str(a) for a in args], capture_output=True, text=True, check=True, **kwargs
    )


def test_a_wheel_in_a_fresh_environment_migrates_a_new_database(tmp_path: Path) -> None:
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", tmp_path, ROOT)
    (wheel,) = tmp_path.glob("selfassess-*.whl")

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(
        run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").stdout.strip()
    )
    run(sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", site, wheel)
    (site / "borrowed-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")

    database = tmp_path / "fresh.db"
    environment = {
        **os.environ,
        "SELFASSESS_DATABASE_URL": f"sqlite:///{database}",
        "SELFASSESS_ENV": "development",
    }
    environment.pop("PYTHONPATH", None)
    where = run(python, "-c", "import selfassess; print(selfassess.__file__)", cwd=tmp_path)
    assert where.stdout.strip().startswith(str(site)), where.stdout
    upgrade = "import sys; from selfassess.cli import main; sys.argv = ['selfassess', 'db', 'upgrade']; main()"
    run(python, "-c", upgrade, cwd=tmp_path, env=environment)

    with sqlite3.connect(database) as conn:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        head = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert {"accounts", "rounds", "responses", "answers"} <= tables
    versions = ROOT / "migrations" / "versions"
    assert f"{head}.py" in {p.name for p in versions.glob("*.py")} or any(
        f'revision = "{head}"' in p.read_text() for p in versions.glob("*.py")
    )
