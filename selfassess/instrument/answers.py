"""Answer types: how a raw value of each question and profile field type is checked,
stored as text and read as a number.

Pure (no Flask, no database). Every entry path (the web form and autosave, the response
import, people files, paper entry, the demo) checks through here, and every reader
formats points through :func:`format_point`, so a value accepted anywhere is stored the
same everywhere. A new question type is one entry in :data:`ANSWER_CHECKS`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from selfassess.instrument.model import (
    Definition,
    Number,
    Option,
    PerDefinition,
    ProfileField,
    Question,
)

#: Multi-choice codes are stored joined by this, in the options' order.
MULTI_SEPARATOR = ";"
#: Longest text answer, comment and profile text; longer ones are refused, never cut.
MAX_TEXT = 10_000
MAX_COMMENT = 5_000
MAX_PROFILE_TEXT = 300
#: Question types whose stored text is also a number (missing codes aside).
NUMERIC_TYPES = frozenset({"scale", "number"})


class AnswerError(ValueError):
    """A raw value its type refuses; ``str(error)`` says why, for the user, and
    ``reason`` names the rule (``number``, ``low``, ``high``, ``option``, ``point``,
    ``length``) for a page that words it in the reader's language."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Stored:
    """An accepted answer: its stored text and, for a point or a number, its number."""

    value: str
    number: float | None = None


#: A check: the raw, stripped, non-empty text in; the stored answer out.
Check = Callable[[str], Stored]
#: A profile check: the raw text in; the stored option code, number or text out.
ProfileCheck = Callable[[str], str | int | float]


def number_text(number: float) -> str:
    """The canonical text of a number: ``3`` for 3.0, ``2.5``, ``1e+20``."""
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(float(number))


def format_point(value: Number) -> str:
    """A point value as stored and as the results' ``counts`` keys spell it."""
    return number_text(float(value))


def _quote(raw: str) -> str:
    return repr(raw if len(raw) <= 40 else raw[:37] + "...")


def read_number(raw: str, low: float | None = None, high: float | None = None) -> float:
    """A finite number within ``low``..``high`` (either may be None)."""
    try:
        number = float(raw)
    except ValueError:
        raise AnswerError(f"{_quote(raw)} is not a number", "number") from None
    if not math.isfinite(number):
        raise AnswerError(f"{_quote(raw)} is not a number", "number")
    if low is not None and number < low:
        raise AnswerError(f"{raw} is below the minimum {format_point(low)}", "low")
    if high is not None and number > high:
        raise AnswerError(f"{raw} is above the maximum {format_point(high)}", "high")
    return number


def _code_check(options: tuple[Option, ...], what: str) -> Callable[[str], str]:
    codes = {o.code for o in options}
    listed = ", ".join(o.code for o in options)

    def check(raw: str) -> str:
        if raw in codes:
            return raw
        raise AnswerError(f"{_quote(raw)} is not an option of {what} ({listed})", "option")

    return check


def _limited(limit: int, what: str) -> Callable[[str], str]:
    def check(raw: str) -> str:
        if len(raw) > limit:
            raise AnswerError(f"the answer to {what} is longer than {limit} characters", "length")
        return raw

    return check


# -- questions --------------------------------------------------------------------------


def _scale(definition: Definition, question: Question) -> Check:
    scale = definition.scale_of(question)
    by_number = {float(p.value): format_point(p.value) for p in scale.points}
    accepted = {text: Stored(text, number) for number, text in by_number.items()}
    accepted.update((code, Stored(code)) for code in scale.missing_codes)
    points = ", ".join(by_number.values())
    missing = ", ".join(scale.missing_codes) or "none"
    message = f"is not a point value of scale {scale.key} ({points}) nor a missing code ({missing})"

    def check(raw: str) -> Stored:
        stored = accepted.get(raw)
        if stored is None:  # "3.0" is the point 3
            try:
                stored = accepted.get(by_number.get(float(raw), ""))
            except ValueError:
                stored = None
        if stored is None:
            raise AnswerError(f"{_quote(raw)} {message}", "point")
        return stored

    return check


def _choice(definition: Definition, question: Question) -> Check:
    code = _code_check(question.options, question.key)
    return lambda raw: Stored(code(raw))


def _multi(definition: Definition, question: Question) -> Check:
    code = _code_check(question.options, question.key)
    order = {o.code: i for i, o in enumerate(question.options)}

    def check(raw: str) -> Stored:
        codes = {code(c.strip()) for c in raw.split(MULTI_SEPARATOR) if c.strip()}
        return Stored(MULTI_SEPARATOR.join(sorted(codes, key=order.__getitem__)))

    return check


def _numeric(definition: Definition, question: Question) -> Check:
    def check(raw: str) -> Stored:
        number = read_number(raw, question.min, question.max)
        return Stored(number_text(number), number)

    return check


def _text(definition: Definition, question: Question) -> Check:
    limit = _limited(MAX_TEXT, question.key)
    return lambda raw: Stored(limit(raw))


#: Question type -> the builder of its check.
ANSWER_CHECKS: dict[str, Callable[[Definition, Question], Check]] = {
    "scale": _scale,
    "choice": _choice,
    "multi": _multi,
    "number": _numeric,
    "text": _text,
}


def answer_check(definition: Definition, question: Question) -> Check:
    """The check of ``question``'s raw values, built once per definition and question."""
    return _BUILT_CHECKS.get(
        definition, question.key, lambda: ANSWER_CHECKS[question.type](definition, question)
    )


#: The checks built (every autosave checks one value of one question).
_BUILT_CHECKS: PerDefinition[Check] = PerDefinition(4096)


def check_answer(definition: Definition, question: Question, raw: str) -> Stored:
    """One raw value of ``question`` checked and stored; an empty value is no answer."""
    raw = raw.strip()
    return answer_check(definition, question)(raw) if raw else Stored("")


def stored_number(question: Question, value: str | None) -> float | None:
    """The number of a stored value: a point or a number, else None (a missing code)."""
    if not value or question.type not in NUMERIC_TYPES:
        return None
    try:
        return float(value)
    except ValueError:
        return None


# -- profile fields ---------------------------------------------------------------------


def _whole(number: float) -> int | float:
    return int(number) if number.is_integer() and abs(number) < 1e15 else number


#: Profile field type -> the builder of its check.
PROFILE_CHECKS: dict[str, Callable[[ProfileField], ProfileCheck]] = {
    "choice": lambda field: _code_check(field.options, field.key),
    "number": lambda field: lambda raw: _whole(read_number(raw)),
    "text": lambda field: _limited(MAX_PROFILE_TEXT, field.key),
}


def profile_check(field: ProfileField) -> ProfileCheck:
    return PROFILE_CHECKS[field.type](field)


def check_profile(field: ProfileField, raw: str) -> str | int | float:
    """A profile value as stored: an option code, a number or a text."""
    return profile_check(field)(raw.strip())


def comment_check(what: str = "a question") -> Callable[[str], str]:
    """The check of a comment: any text up to :data:`MAX_COMMENT` characters."""

    def check(raw: str) -> str:
        if len(raw) > MAX_COMMENT:  # refused, never cut: the respondent must know
            raise AnswerError(
                f"the comment on {what} is longer than {MAX_COMMENT} characters", "length"
            )
        return raw

    return check
