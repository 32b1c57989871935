"""The recommendations linked to a dimension, for its results page (another blueprint).

The results page adds ``**linked_context(definition, dimension)`` to its template
context and ``{% include "register/_linked.html" %}`` where the list belongs.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from selfassess.instrument.model import Definition, Dimension
from selfassess.register.base import RECOMMENDATION_STATUS_LABELS
from selfassess.services import register as reg


def linked_recommendations(instrument: str, keys: Iterable[str]) -> list[dict[str, Any]]:
    """The register's entries whose links name ``INSTRUMENT:KEY`` for any of ``keys``."""
    links = {f"{instrument}:{key}" for key in keys}
    return [
        item
        for item in reg.list_recommendations(today=date.today())
        if links.intersection(item["links"])
    ]


def dimension_keys(definition: Definition, dimension: Dimension) -> set[str]:
    """The dimension, the dimensions under it and their questions: what it is made of."""
    keys = {dimension.key}

    def walk(dim: Dimension) -> None:
        keys.add(dim.key)
        for child in dim.dimensions:
            walk(child)

    walk(dimension)
    keys.update(q.key for q in definition.questions_under(dimension))
    return keys


def linked_context(definition: Definition, dimension: Dimension) -> dict[str, Any]:
    """What ``register/_linked.html`` needs on the results page of ``dimension``."""
    return {
        "linked": linked_recommendations(definition.key, dimension_keys(definition, dimension)),
        "register_status": RECOMMENDATION_STATUS_LABELS,
    }
