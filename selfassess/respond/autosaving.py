"""The autosave of a respondent's answers: what the page's script sends, checked by the
page's own form fields, then written. Shared by the app's view (``views.autosave``) and
the express path (``respond/express.py``), so that both answer alike.

Checking what was sent is a function of the instrument, the role, the language and the
values alone (nothing stored is read). A click on a scale point or an option sends one of
a few values, so the check of one such value is kept (:data:`CHECKS_KEPT`): building the
form it needs costs more than the rest of the request. Only a chosen value is kept, alone
in its request: never a number, a comment or a typed text (any of which could say who
sent it, or how long a check takes could tell that someone did), nor a request of many
values (whose keys could fill a worker's memory), and nothing that names a respondent.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any, NamedTuple

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from selfassess.instrument.model import Definition, PerDefinition, Question, per_role
from selfassess.respond import forms
from selfassess.services import responses
from selfassess.services.errors import Conflict, InvalidInput

#: Checks kept per process (each a few hundred bytes) before they start again.
CHECKS_KEPT = 4096
#: Values longer than this (all the options of a question chosen, say) are checked afresh.
KEPT_VALUE_LENGTH = 32
#: Question types whose values may be kept: chosen from the instrument's own codes.
KEPT_TYPES = frozenset({"scale", "choice", "multi"})


class Checked(NamedTuple):
    """What was sent, checked: the changes to write, or the refusal (body, status)."""

    changes: tuple[responses.Change, ...] = ()
    refusal: tuple[dict[str, Any], int] | None = None


def reply(
    payload: Any,
    definition: Definition,
    role: str,
    lang: str,
    save: Callable[[list[responses.Change]], None],
) -> tuple[dict[str, Any], int]:
    """The autosave of ``payload`` (the request's JSON: ``{question, value, comment}`` or
    ``{"answers": [...]}``) by a respondent of ``role``, in ``lang``: ``save`` writes its
    checked changes. The JSON body and the status of the answer."""
    return answer(check(payload, definition, role, lang), save)


def answer(
    checked: Checked, save: Callable[[list[responses.Change]], None]
) -> tuple[dict[str, Any], int]:
    """The answer to a checked autosave: its refusal, or ``save``'s write of its changes."""
    if checked.refusal is not None:
        body, status = checked.refusal
        return dict(body), status
    try:
        save(list(checked.changes))
    except InvalidInput as error:
        return {"error": str(error)}, 400
    except Conflict as error:
        return {"error": str(error)}, 409
    return {"saved": [c.question for c in checked.changes]}, 200


def check(payload: Any, definition: Definition, role: str, lang: str) -> Checked:
    """``payload`` checked field by field, as the page's form checks it (its refusals
    in ``lang``, which the app context must be set to)."""
    sent = _sent(payload, definition, role)
    if isinstance(sent, _Unknown):
        refusal: dict[str, Any] = {"error": _("Nothing to save.")}
        if sent.question is not None:
            refusal["question"] = sent.question
        return Checked(refusal=(refusal, 400))
    kept = _kept_key(sent, role, lang)
    if kept is None:
        return _checked(sent, definition, lang)
    return _CHECKS.get(definition, kept, lambda: _checked(sent, definition, lang))


def kept(payload: Any, definition: Definition, role: str, lang: str) -> Checked | None:
    """The check of ``payload`` if one was kept, else ``None`` (:func:`check` makes it):
    finding it needs no app context, so the express path sets one up only for a check
    it has to make."""
    sent = _sent(payload, definition, role)
    key = None if isinstance(sent, _Unknown) else _kept_key(sent, role, lang)
    return None if key is None else _CHECKS.peek(definition, key)


class _Unknown(NamedTuple):
    """What was sent names no question that can take it (``question``: what it named)."""

    question: str | None = None


def _sent(
    payload: Any, definition: Definition, role: str
) -> list[tuple[Question, str, list[str]]] | _Unknown:
    """Each question sent, with its field's name and its values."""
    items = (
        payload.get("answers") if isinstance(payload, dict) and "answers" in payload else [payload]
    )
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        return _Unknown()
    questions = _questions(definition, role)
    sent: list[tuple[Question, str, list[str]]] = []
    for item in items:
        key = item.get("question")
        question = questions.get(key) if isinstance(key, str) else None
        if question is None or ("comment" in item and not question.comment):
            return _Unknown(str(key))
        for part, field_name in (("value", forms.answer_name), ("comment", forms.comment_name)):
            if part in item:
                sent.append((question, field_name(question.key), _as_list(item[part])))
    return sent


_CHECKS: PerDefinition[Checked] = PerDefinition(CHECKS_KEPT)


@per_role
def _questions(definition: Definition, role: str) -> Mapping[str, Question]:
    """The questions respondents of ``role`` answer, by key."""
    return {q.key: q for q in responses.applicable(definition, role)}


def _kept_key(sent: list[tuple[Question, str, list[str]]], role: str, lang: str) -> Hashable | None:
    """What a kept check of ``sent`` is found by, or ``None``: not one to keep."""
    if len(sent) != 1:
        return None
    ((question, name, values),) = sent
    if (
        question.type not in KEPT_TYPES
        or name != forms.answer_name(question.key)
        or sum(len(value) for value in values) > KEPT_VALUE_LENGTH
    ):
        return None
    return role, lang, name, tuple(values)


def _checked(
    sent: list[tuple[Question, str, list[str]]], definition: Definition, lang: str
) -> Checked:
    formdata: MultiDict[str, str] = MultiDict()
    asked: dict[str, Question] = {}
    for question, name, values in sent:
        asked[question.key] = question
        formdata.setlist(name, values)
    carried = list(formdata.keys())
    # A form of the questions sent only: one of the whole questionnaire costs ten times more.
    # Nothing stored is read: the form holds only what was sent, checked field by field.
    form = forms.items_form(
        list(asked.values()), definition, lang, {}, formdata=formdata, csrf=False
    )
    for name in carried:
        if not form[name].validate(form):
            return Checked(
                refusal=({"error": " ".join(form[name].errors), "question": name[2:]}, 400)
            )
    return Checked(changes=tuple(form.changes(form.values(carried))))


def _as_list(value: Any) -> list[str]:
    """A JSON value as form values; an empty value stays present, as an empty string."""
    if isinstance(value, list):
        return [str(v) for v in value if v not in (None, "")] or [""]
    return ["" if value is None else str(value)]
