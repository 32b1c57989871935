"""Load and fault tests: a real gunicorn on a free port of 127.0.0.1 (``benchmarks/load.py``).

Every test here is marked ``load``. PostgreSQL and Redis are found as in the rest of the
suite (``TEST_DATABASE_URL``, ``TEST_REDIS_URL``); when one is unreachable its tests skip
with the reason, except under CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NoReturn

import pytest

from benchmarks import load

HERE = Path(__file__).parent
#: Respondents of the CI-sized runs (``python -m benchmarks.load`` runs 200).
RESPONDENTS = int(os.environ.get("LOAD_RESPONDENTS", "20"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.load)


def unavailable(reason: str) -> NoReturn:
    """Skip for lack of a server; under CI, fail: CI must run these tests."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the load tests)")
    pytest.skip(reason)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def run(database: str, **options: Any) -> load.Report:
    """One load run; skips (fails under CI) when PostgreSQL is unreachable."""
    try:
        report = load.run(RESPONDENTS, database, **options)
    except load.Unavailable as error:
        unavailable(str(error))
    print("\n".join(report.lines()))  # shown with -s, and with a failure
    return report
