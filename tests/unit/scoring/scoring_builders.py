"""Small builders of definitions and input frames for the scoring tests.

Definitions are built straight from the frozen dataclasses, with the defaults a loader
fills in (explicit question roles, weight 1). Texts are placeholders: scoring never
reads them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from selfassess.instrument.model import (
    Definition,
    Dimension,
    Gap,
    Number,
    Option,
    Point,
    ProfileField,
    Question,
    Role,
    Scale,
)

T = {"en": "-"}
ROLES = ("mp", "staff")


def scale(key: str = "g5", values: Iterable[Number] = range(6), missing=("dk", "na")) -> Scale:
    return Scale(
        key,
        tuple(Point(v, T) for v in values),
        tuple(Option(code, T) for code in missing),
    )


def q(
    key: str,
    *,
    type: str = "scale",
    scale: str | None = "g5",
    roles: Sequence[str] = ROLES,
    weight: Number = 1,
    reverse: bool = False,
    options: Sequence[str] = (),
    comment: bool = False,
    assessed_by: Sequence[str] = ("survey", "panel"),
) -> Question:
    """A question; its dimension is set by :func:`leaf`."""
    return Question(
        key=key,
        type=type,  # type: ignore[arg-type]
        text=T,
        roles=tuple(roles),
        dimension="",
        scale=scale if type == "scale" else None,
        weight=weight,
        reverse=reverse,
        comment=comment,
        options=tuple(Option(code, T) for code in options),
        assessed_by=tuple(assessed_by),
    )


def leaf(key: str, *questions: Question, weight: Number = 1) -> Dimension:
    return Dimension(
        key,
        T,
        weight=weight,
        questions=tuple(dataclasses.replace(x, dimension=key) for x in questions),
    )


def parent(key: str, *children: Dimension, weight: Number = 1) -> Dimension:
    return Dimension(
        key,
        T,
        weight=weight,
        dimensions=tuple(dataclasses.replace(c, parent=key) for c in children),
    )


def field(key: str, *codes: str, type: str = "choice") -> ProfileField:
    return ProfileField(
        key,
        type,  # type: ignore[arg-type]
        T,
        ROLES,
        tuple(Option(c, T) for c in codes),
    )


def definition(
    *dimensions: Dimension,
    roles: Sequence[str] = ROLES,
    scales: Sequence[Scale] | None = None,
    profile: Sequence[ProfileField] = (),
    gaps: Sequence[Gap] = (),
) -> Definition:
    return Definition(
        key="test",
        version=1,
        languages=("en",),
        title=T,
        roles=tuple(Role(r, T) for r in roles),
        scales=tuple(scales) if scales is not None else (scale(),),
        dimensions=dimensions,
        profile=tuple(profile),
        gaps=tuple(gaps),
    )


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
