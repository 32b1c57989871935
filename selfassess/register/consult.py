"""The recommendations linked to a dimension, for its results page (another blueprint).

The results page adds ``**linked_context(instrument, key)`` to its template context and
``{% include "register/_linked.html" %}`` where the list belongs.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from selfassess.register.base import RECOMMENDATION_STATUS_LABELS
from selfassess.services import register as reg


def linked_recommendations(instrument: str, key: str) -> list[dict[str, Any]]:
    """The register's entries whose links name ``INSTRUMENT:KEY``, with their status."""
    link = f"{instrument}:{key}"
    return [item for item in reg.list_recommendations(today=date.today()) if link in item["links"]]


def linked_context(instrument: str, key: str) -> dict[str, Any]:
    """What ``register/_linked.html`` needs."""
    return {
        "linked": linked_recommendations(instrument, key),
        "register_status": RECOMMENDATION_STATUS_LABELS,
    }
