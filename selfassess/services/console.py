"""Writes of the console that no other service covers: audit events of downloads."""

from __future__ import annotations

from typing import Any

from selfassess.extensions import db
from selfassess.services import audit


def record_event(action: str, target: str = "", **details: Any) -> None:
    """Record that the signed-in account did ``action`` (e.g. a download)."""
    audit.record(action, target, **details)
    db.session.flush()
