"""``selfassess demo`` is one unit of work: a failure anywhere leaves the database empty.

Real commits (the ``commits`` marker), and rows counted on a connection of their own.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from selfassess.extensions import db
from selfassess.services.errors import InvalidInput
from tests.conftest import ROOT

pytestmark = pytest.mark.commits


def stored_rows() -> dict[str, int]:
    """Rows of every table that has any, read on a connection of its own."""
    with db.engine.connect() as connection:
        counts = {
            table.name: connection.scalar(sa.select(sa.func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }
    return {name: count for name, count in counts.items() if count}


def test_a_late_demo_step_failing_leaves_the_database_empty(
    runner: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_register(password: str) -> Iterator[str]:
        assert stored_rows() == {}  # nothing committed yet, though most of the demo is written
        yield "the register..."
        raise InvalidInput("the register could not be loaded")

    monkeypatch.setattr("selfassess.services.demo.load_demo_register", failing_register)
    result = runner.invoke(args=["demo", "--password-stdin"], input="demo-password-42\n")
    assert result.exit_code == 1
    assert "created the open round demo-2026" in result.output  # it got that far
    assert "error: the register could not be loaded" in result.output
    assert stored_rows() == {}


def test_a_broken_bundled_questionnaire_leaves_the_database_empty(
    app: Flask, runner: Any, tmp_path: Path
) -> None:
    for bundled in sorted((ROOT / "questionnaires").glob("*.yaml")):
        shutil.copy(bundled, tmp_path)  # loaded first (the files load in name order)
    (tmp_path / "zz-broken.yaml").write_text("key: broken\nversion: 1\n", encoding="utf-8")
    app.config["QUESTIONNAIRES_DIR"] = str(tmp_path)  # SELFASSESS_QUESTIONNAIRES_DIR

    result = runner.invoke(args=["demo"])
    assert result.exit_code == 1
    assert "loaded parliament-hr-gender v" in result.output
    assert "zz-broken.yaml:1: missing required key" in result.output
    assert stored_rows() == {}

    (tmp_path / "zz-broken.yaml").unlink()
    again = runner.invoke(args=["demo", "--if-empty", "--password-stdin"], input="pw-123456789\n")
    assert again.exit_code == 0, again.output  # still empty: the demo loads in full
    assert "created the open round demo-2026" in again.output
    assert stored_rows()["responses"] > 300
