"""Respondent forms, built from the questionnaire definition through one lookup table.

:data:`FIELD_KINDS` maps a question type to how it becomes a form field and how the
field's data becomes the stored answer value and back; :data:`PROFILE_KINDS` does the
same for profile fields. Nothing here is required while saving: required items are
checked at submission only.

A page remembers the values it showed (``loaded``); saving writes only the fields whose
value differs from that, so a stale tab never overwrites what another tab saved.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from flask_babel import format_decimal, format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    Field,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import ValidationError

from selfassess.instrument.answers import (
    MAX_COMMENT,
    MAX_PROFILE_TEXT,
    MAX_TEXT,
    MULTI_SEPARATOR,
    AnswerError,
    format_point,
    number_text,
    read_number,
)
from selfassess.instrument.model import Definition, PerDefinition, ProfileField, Question, text
from selfassess.services.responses import Change

#: A question or a profile field: both have key, type, options and help.
Item = Question | ProfileField


class OptionalRadioField(RadioField):
    """Radio buttons where choosing nothing is allowed (the answer is left out)."""

    def __init__(self, *args: Any, missing: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Choices that are missing codes ("Don't know"), shown set apart.
        self.missing = frozenset(missing)

    def pre_validate(self, form: FlaskForm) -> None:
        if self.data not in (None, ""):
            super().pre_validate(form)


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def process_formdata(self, valuelist: list[str]) -> None:
        super().process_formdata([value for value in valuelist if value])


class NumberField(StringField):
    """A number typed as text (a decimal comma is accepted), checked against min/max."""

    widget = widgets.NumberInput(step="any")

    def __init__(self, *args: Any, low: float | None = None, high: float | None = None, **kw: Any):
        render_kw = {"inputmode": "decimal", **({"min": low} if low is not None else {})}
        render_kw |= {"max": high} if high is not None else {}
        super().__init__(*args, render_kw=render_kw, **kw)
        self.low, self.high = low, high

    def pre_validate(self, form: FlaskForm) -> None:
        if not self.data:
            return
        try:  # the rule is instrument/answers.py's; only the wording is the page's
            number = read_number(str(self.data).replace(",", ".").strip(), self.low, self.high)
        except AnswerError as error:
            if error.reason == "number":
                raise ValidationError(_("Enter a number, for example 12.")) from None
            raise ValidationError(self._range_message()) from None
        self.data = number_text(number)

    def _range_message(self) -> str:
        low, high = _number(self.low), _number(self.high)
        if self.low is not None and self.high is not None:
            return str(_("Enter a number from %(low)s to %(high)s.", low=low, high=high))
        if self.low is not None:
            return str(_("Enter a number of at least %(low)s.", low=low))
        return str(_("Enter a number of at most %(high)s.", high=high))


class Limit:
    """A length limit that the page shows with a counter but never enforces by cutting:
    WTForms' ``Length`` would add ``maxlength``, and browsers silently truncate a pasted
    text to it. A text over the limit is refused with a message instead."""

    field_flags: ClassVar[dict[str, Any]] = {}

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __call__(self, form: FlaskForm, field: Field) -> None:
        length = len(field.data or "")
        if length > self.limit:
            raise ValidationError(
                _(
                    "At most %(max)s characters; this text has %(length)s. Shorten it to save it.",
                    max=format_number(self.limit),
                    length=format_number(length),
                )
            )


def _number(value: float | None) -> str:
    return "" if value is None else str(format_decimal(value))


# -- the lookup table ------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldKind:
    """How one item type becomes a form field, and its data a stored value and back."""

    #: (item, definition, lang) -> an unbound WTForms field
    build: Callable[[Item, Definition, str], Any]
    #: field data -> stored value ("" is no answer)
    to_value: Callable[[Any], str]
    #: stored value -> field data
    to_data: Callable[[str], Any] = lambda value: value or None


def _options(item: Item, lang: str, fallback: str) -> list[SelectChoice]:
    return [SelectChoice(o.code, text(o.label, lang, fallback)) for o in item.options]


def _scale_field(item: Item, definition: Definition, lang: str) -> Any:
    assert isinstance(item, Question)
    scale, fallback = definition.scale_of(item), definition.languages[0]
    points = [
        SelectChoice(format_point(p.value), text(p.label, lang, fallback)) for p in scale.points
    ]
    missing = [SelectChoice(m.code, text(m.label, lang, fallback)) for m in scale.missing]
    return OptionalRadioField(choices=points + missing, missing=scale.missing_codes)


def _choice_field(item: Item, definition: Definition, lang: str) -> Any:
    return OptionalRadioField(choices=_options(item, lang, definition.languages[0]))


def _multi_field(item: Item, definition: Definition, lang: str) -> Any:
    return CheckboxesField(choices=_options(item, lang, definition.languages[0]))


def _number_field(item: Item, definition: Definition, lang: str) -> Any:
    return NumberField(low=getattr(item, "min", None), high=getattr(item, "max", None))


def _text_field(item: Item, definition: Definition, lang: str) -> Any:
    return TextAreaField(
        validators=[Limit(MAX_TEXT)], render_kw={"rows": 4, "data-limit": MAX_TEXT}
    )


def _line_field(item: Item, definition: Definition, lang: str) -> Any:
    return StringField(
        validators=[Limit(MAX_PROFILE_TEXT)], render_kw={"data-limit": MAX_PROFILE_TEXT}
    )


def _plain(data: Any) -> str:
    return "" if data is None else str(data).strip()


CHOICE = FieldKind(_choice_field, _plain)
NUMBER = FieldKind(_number_field, _plain)

#: Question type -> its field kind.
FIELD_KINDS: dict[str, FieldKind] = {
    "scale": FieldKind(_scale_field, _plain),
    "choice": CHOICE,
    "multi": FieldKind(
        _multi_field,
        lambda data: MULTI_SEPARATOR.join(data or ()),
        lambda value: value.split(MULTI_SEPARATOR) if value else [],
    ),
    "number": NUMBER,
    "text": FieldKind(_text_field, _plain),
}
#: Profile field type -> its field kind.
PROFILE_KINDS: dict[str, FieldKind] = {
    "choice": CHOICE,
    "number": NUMBER,
    "text": FieldKind(_line_field, _plain),
}
COMMENT = FieldKind(
    lambda item, definition, lang: TextAreaField(
        _l("Comment or evidence (optional)"),
        validators=[Limit(MAX_COMMENT)],
        render_kw={"rows": 3, "data-limit": MAX_COMMENT},
    ),
    _plain,
)


# -- forms ------------------------------------------------------------------------------------


def answer_name(key: str) -> str:
    """Form name of a question's answer; prefixed so no key can clash with csrf_token."""
    return f"q-{key}"


def comment_name(key: str) -> str:
    return f"c-{key}"


def profile_name(key: str) -> str:
    return f"p-{key}"


@dataclass(frozen=True)
class Entry:
    """One item as a template shows it."""

    item: Item
    label: str
    help: str
    field: Field
    comment: Field | None = None

    @property
    def key(self) -> str:
        return self.item.key

    @property
    def missing(self) -> frozenset[str]:
        return getattr(self.field, "missing", frozenset())


class ItemsForm(FlaskForm):
    """Questions or profile fields of one page; subclassed per page by :func:`items_form`."""

    #: The values the page showed, by field name (JSON): what "changed" is measured against.
    loaded = HiddenField()

    _kinds: dict[str, FieldKind]
    _items: list[tuple[Item, str, str | None]]

    def entries(self, definition: Definition, lang: str) -> list[Entry]:
        fallback = definition.languages[0]
        return [
            Entry(
                item,
                text(item.text if isinstance(item, Question) else item.label, lang, fallback),
                text(item.help, lang, fallback),
                self[name],
                self[comment] if comment else None,
            )
            for item, name, comment in self._items
        ]

    def remember(self, stored: dict[str, str]) -> None:
        """Make ``stored`` (saved values by field name) the values this page shows."""
        self.loaded.data = json.dumps({n: v for n, v in stored.items() if n in self._kinds and v})

    def values(self, names: Iterable[str]) -> dict[str, str]:
        """Stored value of each named field that passed validation."""
        return {n: self._kinds[n].to_value(self[n].data) for n in names if not self[n].errors}

    def changed(self) -> dict[str, str]:
        """Stored value of each valid field whose value differs from what the page showed."""
        try:
            loaded = json.loads(self.loaded.data or "{}")
        except ValueError:
            loaded = {}
        loaded = loaded if isinstance(loaded, dict) else {}
        return {n: v for n, v in self.values(self._kinds).items() if v != loaded.get(n, "")}

    def changes(self, values: dict[str, str]) -> list[Change]:
        """``values`` (by field name) as the service takes them: one change per question."""
        return [
            Change(
                item.key,
                value=values.get(name),
                comment=values.get(comment) if comment else None,
            )
            for item, name, comment in self._items
            if name in values or comment in values
        ]

    @staticmethod
    def problems(entries: list[Entry]) -> list[tuple[str, str]]:
        """Links to the fields with an error, in page order, for the error summary."""
        found = []
        for entry in entries:
            for field in (entry.field, entry.comment):
                if field is not None and field.errors:
                    grouped = isinstance(field, SelectMultipleField | RadioField)
                    anchor = f"{field.id}-0" if grouped else field.id
                    found.append((f"#{anchor}", f"{entry.label} — {' '.join(field.errors)}"))
        return found


def items_form(
    items: Iterable[Item],
    definition: Definition,
    lang: str,
    stored: dict[str, str],
    *,
    profile: bool = False,
    formdata: MultiDict[str, Any] | None = None,
    csrf: bool = True,
) -> ItemsForm:
    """The form of ``items``; ``stored`` holds the saved values by field name.

    Without ``formdata`` a POST request's form is read (Flask-WTF's default)."""
    form_class, names, entries = _form_class(tuple(items), definition, lang, profile)
    data = {name: kind.to_data(stored.get(name, "")) for name, kind in names.items()}
    options: dict[str, Any] = {"data": data, "meta": {"csrf": csrf}}
    if formdata is not None:
        options["formdata"] = formdata
    form = form_class(**options)
    form._kinds, form._items = names, entries
    if not form.loaded.data:  # a page as shown (a POST brings the values it showed)
        form.remember(stored)
    return form


#: Form classes by definition, language and items: building a class (its fields, their
#: choices, WTForms' metaclass) cost more than using it.
_CLASSES: PerDefinition[tuple[Any, ...]] = PerDefinition(512)


def _form_class(
    items: tuple[Item, ...], definition: Definition, lang: str, profile: bool
) -> tuple[type[ItemsForm], dict[str, FieldKind], list[tuple[Item, str, str | None]]]:
    key = (lang, tuple(item.key for item in items), profile)
    return _CLASSES.get(definition, key, lambda: _built_class(items, definition, lang, profile))


def _built_class(
    items: tuple[Item, ...], definition: Definition, lang: str, profile: bool
) -> tuple[type[ItemsForm], dict[str, FieldKind], list[tuple[Item, str, str | None]]]:
    kinds = PROFILE_KINDS if profile else FIELD_KINDS
    attributes: dict[str, Any] = {}
    names: dict[str, FieldKind] = {}
    entries: list[tuple[Item, str, str | None]] = []
    for item in items:
        name = profile_name(item.key) if profile else answer_name(item.key)
        attributes[name] = kinds[item.type].build(item, definition, lang)
        names[name] = kinds[item.type]
        comment = None
        if isinstance(item, Question) and item.comment:
            comment = comment_name(item.key)
            attributes[comment] = COMMENT.build(item, definition, lang)
            names[comment] = COMMENT
        entries.append((item, name, comment))
    return type("PageForm", (ItemsForm,), attributes), names, entries


def stored_answers(answers: Mapping[str, Any]) -> dict[str, str]:
    """Saved answers (``value`` and ``comment`` by question key) by field name."""
    values = {}
    for key, answer in answers.items():
        values[answer_name(key)] = answer.value or ""
        values[comment_name(key)] = answer.comment or ""
    return values


def stored_profile(profile: dict[str, Any]) -> dict[str, str]:
    return {profile_name(key): format_value(value) for key, value in (profile or {}).items()}


def format_value(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_point(value)
    return "" if value is None else str(value)
