"""The review page: every answer given, page by page, each with a way back to change it.

What an answer reads like depends on the question type; :data:`ANSWER_TEXTS` says it
once for every type, for the review page and the paper form's typed-in summary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import gettext as _

from selfassess.instrument.model import Definition, ProfileField, Question, text
from selfassess.models import Response
from selfassess.respond.forms import format_value
from selfassess.respond.pages import Page
from selfassess.scoring.points import format_point
from selfassess.services import responses
from selfassess.services.responses import MULTI_SEPARATOR


def _scale_text(definition: Definition, question: Question, value: str, lang: str) -> str:
    scale, fallback = definition.scale_of(question), definition.languages[0]
    for point in scale.points:
        if format_point(point.value) == value:
            return f"{value} – {text(point.label, lang, fallback)}"
    missing = next((m for m in scale.missing if m.code == value), None)
    return text(missing.label, lang, fallback) if missing else value


def _option_text(definition: Definition, question: Question, value: str, lang: str) -> str:
    option = question.option(value)
    return text(option.label, lang, definition.languages[0]) if option else value


def _multi_text(definition: Definition, question: Question, value: str, lang: str) -> str:
    codes = [code for code in value.split(MULTI_SEPARATOR) if code]
    return "; ".join(_option_text(definition, question, code, lang) for code in codes)


def _as_typed(definition: Definition, question: Question, value: str, lang: str) -> str:
    return value


#: Question type -> how a stored answer value reads in a language.
ANSWER_TEXTS: dict[str, Callable[[Definition, Question, str, str], str]] = {
    "scale": _scale_text,
    "choice": _option_text,
    "multi": _multi_text,
    "number": _as_typed,
    "text": _as_typed,
}


def answer_text(definition: Definition, question: Question, value: str, lang: str) -> str:
    return ANSWER_TEXTS[question.type](definition, question, value, lang) if value else ""


@dataclass(frozen=True)
class ReviewItem:
    key: str
    number: int | None
    label: str
    #: The answer as the respondent reads it; empty when unanswered.
    answer: str
    comment: str
    required: bool
    #: Where the respondent changes it.
    href: str

    @property
    def missing(self) -> bool:
        return not self.answer


@dataclass(frozen=True)
class ReviewSection:
    title: str
    items: tuple[ReviewItem, ...]
    #: The page where the whole section is changed.
    href: str
    number: int | None = None

    @property
    def answered(self) -> int:
        return sum(not item.missing for item in self.items)


def profile_section(
    fields: list[ProfileField],
    profile: dict[str, Any],
    definition: Definition,
    lang: str,
    href: Callable[[str | None], str],
    title: str,
) -> ReviewSection:
    """The profile fields the respondent answers, with what they gave."""
    fallback = definition.languages[0]

    def shown(field: ProfileField) -> str:
        value = profile.get(field.key)
        if value in (None, ""):
            return ""
        option = field.option(str(value)) if field.type == "choice" else None
        return text(option.label, lang, fallback) if option else format_value(value)

    items = tuple(
        ReviewItem(
            f.key, None, text(f.label, lang, fallback), shown(f), "", f.required, href(f.key)
        )
        for f in fields
    )
    return ReviewSection(title, items, href(None))


def page_sections(
    pages: list[Page],
    answers: dict[str, Any],
    numbers: dict[str, int],
    definition: Definition,
    lang: str,
    href: Callable[[int, str | None], str],
) -> list[ReviewSection]:
    """One section per page: each question with its answer and comment (Answer rows by
    question key)."""
    fallback = definition.languages[0]
    sections = []
    for page in pages:
        items = []
        for question in page.questions:
            answer = answers.get(question.key)
            value = answer.value if answer is not None else ""
            items.append(
                ReviewItem(
                    question.key,
                    numbers.get(question.key),
                    text(question.text, lang, fallback),
                    answer_text(definition, question, value or "", lang),
                    (answer.comment or "") if answer is not None else "",
                    question.required,
                    href(page.number, question.key),
                )
            )
        title = text(page.dimension.title, lang, fallback)
        sections.append(ReviewSection(title, tuple(items), href(page.number, None), page.number))
    return sections


def review_sections(
    slug: str, response: Response, definition: Definition, pages: list[Page], lang: str
) -> list[ReviewSection]:
    """What the review page shows: the profile the respondent answers (if any), then
    every page with its answers, each linking back to where it is changed."""

    def page_href(number: int, key: str | None) -> str:
        anchor = f"item-{key}" if key else None
        return url_for("respond.page", slug=slug, number=number, _anchor=anchor)

    def profile_href(key: str | None) -> str:
        return url_for("respond.profile", slug=slug, _anchor=f"item-{key}" if key else None)

    questions = [q for p in pages for q in p.questions]
    numbers = {q.key: i for i, q in enumerate(questions, start=1)}
    fields = responses.editable_profile(response, definition)
    about = profile_section(
        fields, response.profile or {}, definition, lang, profile_href, _("About you")
    )
    answers = responses.answers_of(response)
    sections = page_sections(pages, answers, numbers, definition, lang, page_href)
    return ([about] if fields else []) + sections
