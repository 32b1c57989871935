"""Respondents save at once through gunicorn (4 workers): every acknowledged save is kept."""

from __future__ import annotations

from tests.load.conftest import RESPONDENTS, run


def test_every_acknowledged_save_is_in_the_database(database: str) -> None:
    report = run(database)
    summary = "\n".join(report.lines())
    assert report.stats.server_errors == 0, summary
    assert report.failures == [] and report.stats.refused == 0, summary
    assert report.acknowledged == report.sent > RESPONDENTS * 10, summary
    assert report.found == report.expected and report.lost == [], summary
    # Each link was opened once and logged once, redacted; no token anywhere in the logs.
    assert report.tokens_in_logs == 0 and report.redacted_in_logs == RESPONDENTS, summary
    assert report.ok, summary
