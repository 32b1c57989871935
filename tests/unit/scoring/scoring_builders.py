"""Input frames for the scoring tests, and the definitions of ``tests/factories.py``
under the names these tests use (``q`` for a question)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from selfassess.instrument.model import Definition, Gap
from tests.factories import ROLES, T, definition, field, leaf, parent, scale
from tests.factories import question as q

__all__ = ["ROLES", "T", "answers", "definition", "field", "leaf", "parent", "q", "respondents"]
__all__ += ["scale", "small_round"]


def respondents(rows: Sequence[Mapping[str, Any]], fields: Sequence[str] = ()) -> pd.DataFrame:
    """``rows``: dicts with ``id``, ``role`` and profile values (absent -> None)."""
    return pd.DataFrame(
        {
            "response_id": [r["id"] for r in rows],
            "role": [r["role"] for r in rows],
            **{f: [r.get(f) for r in rows] for f in fields},
        }
    )


def answers(
    values: Mapping[Any, Mapping[str, str | None]],
    comments: Mapping[Any, Mapping[str, str]] | None = None,
) -> pd.DataFrame:
    """``values``: response id -> {question key: raw value}; ``comments`` likewise."""
    cells: dict[tuple[Any, str], list[Any]] = {}
    for rid, by_question in values.items():
        for key, value in by_question.items():
            cells[rid, key] = [value, None]
    for rid, by_question in (comments or {}).items():
        for key, text in by_question.items():
            cells.setdefault((rid, key), [None, None])[1] = text
    return pd.DataFrame(
        {
            "response_id": [rid for rid, _ in cells],
            "question": [key for _, key in cells],
            "value": [v for v, _ in cells.values()],
            "comment": [c for _, c in cells.values()],
        }
    )


def small_round(gaps: Sequence[Gap] = ()) -> tuple[Definition, pd.DataFrame, pd.DataFrame]:
    """Six respondents, two roles, one profile field (the numbers of several tests)."""
    d = definition(
        parent("top", leaf("l1", q("a"), q("m", roles=["mp"])), leaf("l2", q("b", reverse=True))),
        profile=[field("sex", "female", "male")],
        gaps=gaps,
    )
    r = respondents(
        [
            {"id": 1, "role": "mp", "sex": "female"},
            {"id": 2, "role": "mp", "sex": "female"},
            {"id": 3, "role": "mp", "sex": "male"},
            {"id": 4, "role": "mp", "sex": "male"},
            {"id": 5, "role": "mp"},
            {"id": 6, "role": "staff", "sex": "female"},
        ],
        fields=["sex"],
    )
    a = answers(
        {
            1: {"a": "5", "m": "5", "b": "0"},
            2: {"a": "4", "m": "dk", "b": "1"},
            3: {"a": "3", "m": "na", "b": "2"},
            4: {"a": "dk", "b": "3"},
            5: {"a": "2", "m": "2", "b": "9"},
            6: {"a": "1", "m": "5", "b": "dk"},
        },
        comments={1: {"a": "Evidence: the 2024 report"}, 6: {"b": "  "}},
    )
    return d, r, a
