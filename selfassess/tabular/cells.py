"""Cells of untrusted tables as text: what every import reads and how it quotes a value."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from selfassess.instrument.answers import number_text

__all__ = ["cell_text", "quote"]


def cell_text(value: Any) -> str:
    """An XLSX cell as the text a CSV would hold: integral numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value).strip()


def quote(raw: str) -> str:
    """A cell's text as an error message quotes it: repr, cut after 40 characters."""
    return repr(raw if len(raw) <= 40 else raw[:37] + "...")
