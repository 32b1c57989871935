"""The overdue rule of recommendations.md, for a fixed "today"."""

from __future__ import annotations

from datetime import date

import pytest

from selfassess.recommendations.rules import action_overdue, due_soon, recommendation_overdue

TODAY = date(2026, 6, 15)
YESTERDAY = date(2026, 6, 14)
TOMORROW = date(2026, 6, 16)


@pytest.mark.parametrize(
    ("due", "status", "expected"),
    [
        (YESTERDAY, "not_started", True),
        (YESTERDAY, "in_progress", True),
        (YESTERDAY, "done", False),
        (YESTERDAY, "cancelled", False),
        (TODAY, "not_started", False),  # due today is not yet late
        (TOMORROW, "in_progress", False),
        (None, "not_started", False),
    ],
)
def test_an_action_is_overdue_when_due_before_today_and_not_over(
    due: date | None, status: str, expected: bool
) -> None:
    assert action_overdue(due, status, TODAY) is expected


@pytest.mark.parametrize(
    ("due", "status", "actions", "expected"),
    [
        (YESTERDAY, "proposed", [], True),
        (YESTERDAY, "accepted", [], True),
        (YESTERDAY, "in_progress", [False], True),
        (YESTERDAY, "implemented", [], False),
        (YESTERDAY, "not_accepted", [], False),
        (TOMORROW, "in_progress", [False, False], False),
        (TOMORROW, "in_progress", [False, True], True),  # a late action makes it late
        (None, "implemented", [True], True),
        (None, "accepted", [], False),
    ],
)
def test_a_recommendation_is_overdue_by_its_own_date_or_any_action(
    due: date | None, status: str, actions: list[bool], expected: bool
) -> None:
    assert recommendation_overdue(due, status, actions, TODAY) is expected


def test_due_soon_counts_from_today_and_skips_what_is_over() -> None:
    assert due_soon(TODAY, "not_started", TODAY, 14)
    assert due_soon(date(2026, 6, 29), "in_progress", TODAY, 14)
    assert not due_soon(date(2026, 6, 30), "in_progress", TODAY, 14)
    assert not due_soon(YESTERDAY, "in_progress", TODAY, 14)  # overdue, not due soon
    assert not due_soon(TOMORROW, "done", TODAY, 14)
    assert not due_soon(None, "not_started", TODAY, 14)
