"""The one factory of questionnaire definitions for tests: small frozen dataclasses with
the defaults a loader fills in (explicit question roles, weight 1).

Texts default to the placeholder :data:`T`; a test that shows texts passes its own.
Anything given as a plain code or value becomes an option or point labelled like the
rest; an :class:`Option`, :class:`Point` or :class:`Role` passes through as it is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

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

#: A placeholder text: scoring never reads texts.
T: dict[str, str] = {"en": "-"}
ROLES = ("mp", "staff")


def options(*codes: str | Option, label: dict[str, str] = T) -> tuple[Option, ...]:
    """Options of ``codes``, each labelled ``label`` (options given whole are kept)."""
    return _options(codes, label)


def _options(codes: Iterable[str | Option], label: dict[str, str] = T) -> tuple[Option, ...]:
    return tuple(c if isinstance(c, Option) else Option(c, label) for c in codes)


def scale(
    key: str = "g5",
    values: Iterable[Number | Point] = range(6),
    missing: Iterable[str | Option] = ("dk", "na"),
    *,
    label: dict[str, str] = T,
) -> Scale:
    """A scale of ``values`` (0 to 5 by default) and missing codes ``dk`` and ``na``."""
    points = tuple(v if isinstance(v, Point) else Point(v, label) for v in values)
    return Scale(key, points, _options(missing, label))


def question(
    key: str,
    type: str = "scale",
    *,
    scale: str | None = "g5",
    roles: Sequence[str] = ROLES,
    text: dict[str, str] = T,
    dimension: str = "",
    options: Sequence[str | Option] = (),
    assessed_by: Sequence[str] = ("survey", "panel"),
    **fields: Any,
) -> Question:
    """A question; :func:`leaf` sets its dimension. Other ``fields`` (weight, reverse,
    comment, min, max...) go to the dataclass as they are."""
    return Question(
        key=key,
        type=type,  # type: ignore[arg-type]
        text=text,
        roles=tuple(roles),
        dimension=dimension,
        scale=scale if type == "scale" else None,
        options=_options(options),
        assessed_by=tuple(assessed_by),
        **fields,
    )


def leaf(
    key: str, *questions: Question, title: dict[str, str] = T, weight: Number = 1
) -> Dimension:
    """A dimension holding ``questions`` (their dimension set to ``key``)."""
    held = tuple(dataclasses.replace(x, dimension=key) for x in questions)
    return Dimension(key, title, weight=weight, questions=held)


def parent(
    key: str, *children: Dimension, title: dict[str, str] = T, weight: Number = 1
) -> Dimension:
    """A dimension over ``children`` (their parent set to ``key``)."""
    held = tuple(dataclasses.replace(c, parent=key) for c in children)
    return Dimension(key, title, weight=weight, dimensions=held)


def field(
    key: str,
    *codes: str | Option,
    type: str = "choice",
    label: dict[str, str] = T,
    roles: Sequence[str] = ROLES,
) -> ProfileField:
    """A profile field (a choice of ``codes`` by default)."""
    return ProfileField(
        key,
        type,  # type: ignore[arg-type]
        label,
        tuple(roles),
        _options(codes),
    )


def definition(
    *dimensions: Dimension,
    key: str = "test",
    version: int = 1,
    languages: Sequence[str] = ("en",),
    title: dict[str, str] = T,
    roles: Sequence[str | Role] = ROLES,
    scales: Sequence[Scale] | None = None,
    profile: Sequence[ProfileField] = (),
    gaps: Sequence[Gap] = (),
) -> Definition:
    """A definition of ``dimensions``; one scale ``g5`` unless ``scales`` are given."""
    return Definition(
        key=key,
        version=version,
        languages=tuple(languages),
        title=title,
        roles=tuple(r if isinstance(r, Role) else Role(r, T) for r in roles),
        scales=tuple(scales) if scales is not None else (scale(),),
        dimensions=dimensions,
        profile=tuple(profile),
        gaps=tuple(gaps),
    )
