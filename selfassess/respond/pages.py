"""The questionnaire as pages: one per top-level dimension, only the role's questions."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from selfassess.instrument.model import Definition, Dimension, Question, per_role


@dataclass(frozen=True)
class Section:
    """A dimension's own questions on a page, under its heading."""

    dimension: Dimension
    #: 0 for the page's top dimension, 1 for its children, ...
    depth: int
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Page:
    number: int
    dimension: Dimension
    sections: tuple[Section, ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for section in self.sections for q in section.questions)


def pages_for(definition: Definition, role: str) -> list[Page]:
    """Pages for a respondent of ``role``; a dimension with nothing for the role has none."""
    return list(_pages(definition, role))


@per_role
def _pages(definition: Definition, role: str) -> tuple[Page, ...]:
    pages: list[Page] = []
    for top in definition.dimensions:
        sections = tuple(_sections(top, role, 0))
        if sections:
            pages.append(Page(len(pages) + 1, top, sections))
    return tuple(pages)


@per_role
def numbers(definition: Definition, role: str) -> Mapping[str, int]:
    """Each question's number as a respondent of ``role`` reads it, page after page."""
    asked = (q for page in _pages(definition, role) for q in page.questions)
    return MappingProxyType({q.key: i for i, q in enumerate(asked, start=1)})


def _sections(dimension: Dimension, role: str, depth: int) -> list[Section]:
    own = tuple(q for q in dimension.questions if q.applies_to(role))
    found = [Section(dimension, depth, own)] if own else []
    for child in dimension.dimensions:
        found += _sections(child, role, depth + 1)
    return found


def page_of(pages: list[Page], question_key: str) -> Page | None:
    return next((p for p in pages if any(q.key == question_key for q in p.questions)), None)


#: Seconds a respondent takes for a question of each type, reading included: a rough
#: figure from timing the bundled questionnaire on a phone, enough to say "about 5 minutes".
SECONDS: dict[str, int] = {"scale": 25, "choice": 15, "multi": 25, "number": 20, "text": 90}


def minutes(questions: Iterable[Question]) -> int:
    """Whole minutes, rounded up, that answering ``questions`` takes; 0 for none."""
    return math.ceil(sum(SECONDS[q.type] for q in questions) / 60)
