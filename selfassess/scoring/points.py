"""How a point value is written as a counts key: apart from the frames, so that the
web pages that only need this do not import pandas at start-up."""

from __future__ import annotations

from selfassess.instrument.model import Number


def format_point(value: Number) -> str:
    """A point value as a counts key, written like the YAML value: ``3``, ``2.5``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
