"""The questionnaire definition as frozen dataclasses.

A :class:`Definition` is what every other part of selfassess reads: the respondent forms,
scoring, exports and the admin screens. It is built once by a loader (YAML or workbook),
validated, and never changed afterwards. Defaults of the format are filled in by the
loaders (``roles`` of a question or profile field defaults to every role, ``weight`` to 1),
so that two files that mean the same thing give equal definitions and the same hash.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

FORMAT = "selfassess/1"

QuestionType = Literal["scale", "choice", "multi", "number", "text"]
ProfileType = Literal["choice", "text", "number"]
QUESTION_TYPES: tuple[str, ...] = ("scale", "choice", "multi", "number", "text")
PROFILE_TYPES: tuple[str, ...] = ("choice", "text", "number")
#: Who assesses a question (format revision 2): individual respondents and/or the panel.
ASSESSORS: tuple[str, ...] = ("survey", "panel")

#: A human-readable text: language code -> string.
Text = Mapping[str, str]
Number = int | float


@dataclass(frozen=True)
class Option:
    code: str
    label: Text


@dataclass(frozen=True)
class Point:
    value: Number
    label: Text


@dataclass(frozen=True)
class Scale:
    key: str
    points: tuple[Point, ...]
    #: Answers kept out of every score ("don't know", "not applicable", ...).
    missing: tuple[Option, ...] = ()

    @property
    def lo(self) -> Number:
        return min(p.value for p in self.points)

    @property
    def hi(self) -> Number:
        return max(p.value for p in self.points)

    def point(self, value: Number) -> Point | None:
        return next((p for p in self.points if p.value == value), None)

    @property
    def missing_codes(self) -> tuple[str, ...]:
        return tuple(m.code for m in self.missing)


@dataclass(frozen=True)
class Role:
    key: str
    label: Text


@dataclass(frozen=True)
class ProfileField:
    key: str
    type: ProfileType
    label: Text
    roles: tuple[str, ...]
    options: tuple[Option, ...] = ()
    help: Text | None = None
    required: bool = False

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)


@dataclass(frozen=True)
class Question:
    key: str
    type: QuestionType
    text: Text
    roles: tuple[str, ...]
    #: Key of the leaf dimension the question belongs to.
    dimension: str
    scale: str | None = None
    help: Text | None = None
    weight: Number = 1
    reverse: bool = False
    required: bool = False
    comment: bool = False
    options: tuple[Option, ...] = ()
    min: Number | None = None
    max: Number | None = None
    #: ``survey`` (respondents answer it) and/or ``panel`` (the panel agrees a grade).
    assessed_by: tuple[str, ...] = ASSESSORS

    @property
    def surveyed(self) -> bool:
        """Individual respondents answer it (shown in forms, scored by scoring.md)."""
        return "survey" in self.assessed_by

    @property
    def panel(self) -> bool:
        """A facilitated panel agrees a grade for it (consensus.md)."""
        return self.type == "scale" and "panel" in self.assessed_by

    def applies_to(self, role: str) -> bool:
        """Respondents of ``role`` answer it; a panel-only question applies to no role."""
        return self.surveyed and role in self.roles

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)


@dataclass(frozen=True)
class Gap:
    """A comparison that matters for the instrument: ``score(field=a) - score(field=b)``."""

    #: ``role`` or the key of a choice profile field.
    field: str
    a: str
    b: str

    @property
    def groups(self) -> tuple[str, str]:
        """The two group names of scoring.md, e.g. ``("sex=female", "sex=male")``."""
        return f"{self.field}={self.a}", f"{self.field}={self.b}"


@dataclass(frozen=True)
class Dimension:
    key: str
    title: Text
    parent: str | None = None
    description: Text | None = None
    weight: Number = 1
    #: A leaf has questions, an inner dimension has child dimensions; never both.
    questions: tuple[Question, ...] = ()
    dimensions: tuple[Dimension, ...] = ()

    @property
    def is_leaf(self) -> bool:
        return not self.dimensions


@dataclass(frozen=True)
class Definition:
    key: str
    version: int
    languages: tuple[str, ...]
    title: Text
    roles: tuple[Role, ...]
    scales: tuple[Scale, ...]
    dimensions: tuple[Dimension, ...]
    profile: tuple[ProfileField, ...] = ()
    description: Text | None = None
    #: Languages whose texts are draft translations not yet reviewed by a native speaker
    #: (an optional key of this project: ``draft_languages: [mn]``).
    draft_languages: tuple[str, ...] = ()
    #: The comparisons published as gaps (scoring.md "Gaps"), in file order.
    gaps: tuple[Gap, ...] = ()
    #: Lookup tables built on first use; not an argument, so ``dataclasses.replace`` starts afresh.
    _index: dict[str, Any] = field(
        default_factory=dict, init=False, compare=False, repr=False, hash=False
    )

    # -- navigation -------------------------------------------------------------------

    def iter_dimensions(self) -> Iterator[Dimension]:
        """Every dimension, depth-first in file order."""

        def walk(dims: tuple[Dimension, ...]) -> Iterator[Dimension]:
            for dim in dims:
                yield dim
                yield from walk(dim.dimensions)

        return walk(self.dimensions)

    def iter_questions(self) -> Iterator[Question]:
        """Every question in file order."""
        for dim in self.iter_dimensions():
            yield from dim.questions

    def top_dimension_of(self, question: Question) -> Dimension:
        dim = self.dimension(question.dimension)
        while dim.parent is not None:
            dim = self.dimension(dim.parent)
        return dim

    def questions_under(self, dimension: Dimension) -> Iterator[Question]:
        """Every question in a dimension's subtree, in file order."""
        yield from dimension.questions
        for child in dimension.dimensions:
            yield from self.questions_under(child)

    def _lookup(self, kind: str) -> dict[str, Any]:
        if kind not in self._index:
            items: dict[str, Callable[[], Iterable[Any]]] = {
                "dimension": self.iter_dimensions,
                "question": self.iter_questions,
                "scale": lambda: self.scales,
                "role": lambda: self.roles,
                "profile": lambda: self.profile,
            }
            self._index[kind] = {item.key: item for item in items[kind]()}
        return self._index[kind]  # type: ignore[no-any-return]

    def dimension(self, key: str) -> Dimension:
        return self._lookup("dimension")[key]  # type: ignore[no-any-return]

    def question(self, key: str) -> Question:
        return self._lookup("question")[key]  # type: ignore[no-any-return]

    def scale(self, key: str) -> Scale:
        return self._lookup("scale")[key]  # type: ignore[no-any-return]

    def role(self, key: str) -> Role:
        return self._lookup("role")[key]  # type: ignore[no-any-return]

    def profile_field(self, key: str) -> ProfileField:
        return self._lookup("profile")[key]  # type: ignore[no-any-return]

    def scale_of(self, question: Question) -> Scale:
        assert question.scale is not None, f"{question.key} is not a scale question"
        return self.scale(question.scale)

    @property
    def role_keys(self) -> tuple[str, ...]:
        return tuple(r.key for r in self.roles)

    @property
    def grouping_fields(self) -> tuple[ProfileField, ...]:
        """Choice profile fields: the grouping variables of results."""
        return tuple(p for p in self.profile if p.type == "choice")

    # -- identity -----------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The canonical plain form (the YAML format with every default filled in)."""
        from selfassess.instrument.canonical import definition_to_dict

        return definition_to_dict(self)

    def canonical_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def content_hash(self) -> str:
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()


def text(value: Text | None, lang: str, fallback: str | None = None) -> str:
    """A text in ``lang``, else in ``fallback``, else any language, else ''."""
    if not value:
        return ""
    if lang in value:
        return value[lang]
    if fallback and fallback in value:
        return value[fallback]
    return next(iter(value.values()), "")


Kept = TypeVar("Kept")
#: Definitions and roles kept by :func:`per_role` before it starts again: a server has a
#: few versions live, each with two or three roles; an administrator's previews of
#: uploads come and go.
PER_ROLE_SIZE = 64


class PerDefinition(Generic[Kept]):
    """What is made of a definition and a key, made once and then kept: a definition never
    changes (one per content hash and process), and every page view and autosave asks the
    same of it. At most ``size`` entries, then it starts again. A definition is held
    weakly (a previewed upload's lives for one request) and told apart by identity (its
    address may come back for another object). What is kept must not be changed by
    callers (a tuple, a mapping read only)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: dict[tuple[int, Hashable], tuple[weakref.ref[Definition], Kept]] = {}

    def get(self, definition: Definition, key: Hashable, build: Callable[[], Kept]) -> Kept:
        """What ``build()`` made for ``definition`` and ``key``, made now if not kept."""
        found = self.peek(definition, key)
        if found is not None:
            return found
        made = build()
        if len(self._kept) >= self.size:
            self._kept.clear()
        self._kept[(id(definition), key)] = (weakref.ref(definition), made)
        return made

    def peek(self, definition: Definition, key: Hashable) -> Kept | None:
        """What is kept for ``definition`` and ``key``, or ``None``: nothing is made."""
        found = self._kept.get((id(definition), key))
        return found[1] if found is not None and found[0]() is definition else None


def per_role(build: Callable[[Definition, str], Kept]) -> Callable[[Definition, str], Kept]:
    """``build(definition, role)`` made once per definition and role, then kept
    (:class:`PerDefinition`)."""
    kept: PerDefinition[Kept] = PerDefinition(PER_ROLE_SIZE)

    def cached(definition: Definition, role: str) -> Kept:
        return kept.get(definition, role, lambda: build(definition, role))

    cached.__doc__ = build.__doc__
    return cached
