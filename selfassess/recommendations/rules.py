"""Statuses, reference patterns and the overdue rule of recommendations.md."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

RECOMMENDATION_STATUSES = ("proposed", "accepted", "in_progress", "implemented", "not_accepted")
ACTION_STATUSES = ("not_started", "in_progress", "done", "cancelled")
#: A recommendation still to be carried out: its passed due date makes it overdue.
OPEN_RECOMMENDATION = frozenset({"proposed", "accepted", "in_progress"})
#: An action that is over: a passed due date no longer matters.
CLOSED_ACTION = frozenset({"done", "cancelled"})

REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")
BODY_KEY = re.compile(r"[a-z0-9][a-z0-9_-]*")
#: ``INSTRUMENT:ITEM``, both stable keys of a questionnaire file.
LINK = re.compile(r"([A-Za-z0-9][A-Za-z0-9_.-]*):([A-Za-z0-9][A-Za-z0-9_.-]*)")
#: An SDG target: goal 1-17, then a number or a letter (``5.5``, ``16.10``, ``5.c``).
SDG = re.compile(r"(?:[1-9]|1[0-7])\.(?:[1-9][0-9]?|[a-z])")
LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?")
MAX_REF = 64
MAX_KEY = 64


def action_overdue(due: date | None, status: str, today: date) -> bool:
    """Due before today and neither done nor cancelled."""
    return due is not None and due < today and status not in CLOSED_ACTION


def recommendation_overdue(
    due: date | None, status: str, actions_overdue: Iterable[bool], today: date
) -> bool:
    """Its own due date passed while still open, or any of its actions overdue."""
    own = due is not None and due < today and status in OPEN_RECOMMENDATION
    return own or any(actions_overdue)


def due_soon(due: date | None, status: str, today: date, days: int) -> bool:
    """Not over and due within ``days`` from today (today included), not yet overdue."""
    if due is None or status in CLOSED_ACTION:
        return False
    return 0 <= (due - today).days <= days
