"""gunicorn killed hard (SIGKILL to master and workers) in the middle of the load."""

from __future__ import annotations

from tests.load.conftest import run

WORKERS = 4


def test_a_hard_kill_loses_no_acknowledged_save_and_the_app_serves_again(database: str) -> None:
    report = run(database, workers=WORKERS, kill_at=0.4)
    summary = "\n".join(report.lines())
    # The master and every worker were killed at once.
    assert len(report.killed) == WORKERS + 1, summary
    # Checked while the server was down: every save acknowledged before the kill is there.
    assert report.expected_at_kill > 0 and report.lost_at_kill == [], summary
    assert report.found_at_kill == report.expected_at_kill, summary
    # Restarted, /healthz answered, the respondents finished, nothing was lost at all.
    assert report.restart_seconds > 0 and report.failures == [], summary
    assert report.stats.server_errors == 0 and report.found == report.expected, summary
    assert report.ok, summary
