"""The workbook reads the shared results cache (issue 16): its numbers are the cached
ones, and its Data sheet holds exactly the responses they count, even when the round
changes while the workbook reads it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from selfassess.extensions import db
from selfassess.models import ResultsCache
from selfassess.services import results, revisions
from tests.integration.respond.test_results_cache import LEADERSHIP, answered


def exported(runner: Any, tmp_path: Path, slug: str = "test-round") -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    """Every sheet of the exported workbook, as rows of cell values."""
    path = tmp_path / "results.xlsx"
    outcome = runner.invoke(args=["export", slug, "-o", str(path)])
    assert outcome.exit_code == 0, outcome.output
    book = load_workbook(path, read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def data_rows(book: dict[str, list[tuple]]) -> int:  # type: ignore[type-arg]
    """Respondents on the Data sheet (rows below its header that carry a role)."""
    rows = book["Data"]
    header = next(i for i, row in enumerate(rows) if "role" in row)
    role = rows[header].index("role")
    return sum(1 for row in rows[header + 1 :] if row[role])


def summary_count(book: dict[str, list[tuple]]) -> int:  # type: ignore[type-arg]
    """The submitted responses the Summary sheet counts."""
    return int(next(row[1] for row in book["Summary"] if row[0] == "Submitted responses"))


def test_the_workbook_shows_the_cached_numbers(make_round, respondent, runner, tmp_path):
    round_, _ = answered(make_round, respondent, ["5", "3"])
    exported(runner, tmp_path)  # computes and caches
    db.session.expire_all()
    entry = db.session.get(ResultsCache, round_.id)
    assert entry is not None and entry.revision == revisions.current(round_.id)
    # A doctored cache row shows that the workbook computes nothing of its own.
    document = json.loads(entry.document)
    document["overall"]["all"]["score"] = 12.34
    entry.document = json.dumps(document)
    db.session.commit()
    book = exported(runner, tmp_path)
    assert any(12.34 in row for sheet in book.values() for row in sheet)
    assert summary_count(book) == data_rows(book) == 2


def test_a_change_while_the_workbook_reads_is_read_again(
    make_round, respondent, runner, tmp_path, monkeypatch
):
    round_, _ = answered(make_round, respondent, ["5", "3"])
    late = respondent(round_, "staff", {"sex": "female"})
    late.save_page(1, {f"q-{LEADERSHIP}": "1"})
    late.save_page(2, {"q-ovs-committee": "yes"})
    read, calls = results.submitted_frames, []

    def submitted_meanwhile(*args: Any) -> Any:
        frames = read(*args)
        calls.append(len(frames[0]))
        if len(calls) == 1:  # another respondent submits while the round is read
            assert late.submit().status_code == 302
        return frames

    monkeypatch.setattr(results, "submitted_frames", submitted_meanwhile)
    book = exported(runner, tmp_path)
    assert calls[:2] == [2, 3]  # read again after the revision moved
    assert summary_count(book) == data_rows(book) == 3


def test_a_round_changing_on_every_read_is_computed_from_one(
    make_round, respondent, runner, tmp_path, monkeypatch
):
    round_, _ = answered(make_round, respondent, ["5", "3"])
    read, calls = results.submitted_frames, []

    def moved_each_time(*args: Any) -> Any:
        calls.append(1)
        revisions.bump(round_.id)
        return read(*args)

    monkeypatch.setattr(results, "submitted_frames", moved_each_time)
    book = exported(runner, tmp_path)
    assert len(calls) == results.READ_ATTEMPTS + 1  # each attempt, then one read alone
    assert summary_count(book) == data_rows(book) == 2


def test_a_view_an_older_release_stored_is_computed_again(make_round, respondent, runner, tmp_path):
    """A cached view without the protected groups (stored by a release before the
    workbook read the cache) is never taken for one that has none."""
    round_, _ = answered(make_round, respondent, ["5", "3"])
    exported(runner, tmp_path)
    db.session.expire_all()
    entry = db.session.get(ResultsCache, round_.id)
    assert entry is not None and entry.view is not None
    older = json.loads(entry.view)
    del older["protected"]
    entry.view = json.dumps(older)
    db.session.commit()
    assert data_rows(exported(runner, tmp_path)) == 2
    db.session.expire_all()
    assert "protected" in json.loads(db.session.get(ResultsCache, round_.id).view)  # type: ignore[union-attr, arg-type]
