"""Paper: a printable questionnaire per role and language, and paper forms typed in.

The printable page is the questionnaire as respondents see it online, in the chosen
language (whatever the console's), with boxes to tick and a number on every copy; the
browser prints it or saves it as PDF. Typing a form in records a submitted response on
the ``paper`` channel (services/paper.py).
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import IntegerField
from wtforms.validators import DataRequired, NumberRange

from selfassess.admin.base import bp
from selfassess.admin.rounds import lang as console_lang
from selfassess.admin.rounds import round_or_404
from selfassess.extensions import db
from selfassess.instrument.model import Definition, text
from selfassess.models import Round
from selfassess.respond import forms as respond_forms
from selfassess.respond.pages import pages_for
from selfassess.services import paper
from selfassess.services.errors import Conflict, InvalidInput

#: Most copies one printable page holds (a browser prints a few hundred pages fine).
MAX_COPIES = 200


class PaperNumberForm(FlaskForm):
    number = IntegerField(
        _l("Form number"),
        validators=[
            DataRequired(message="—"),
            NumberRange(1, paper.MAX_NUMBER, message="—"),
        ],
    )


def _role(definition: Definition) -> str:
    role = request.args.get("role") or definition.roles[0].key
    if role not in {r.key for r in definition.roles}:
        abort(404)
    return role


def _whole(name: str, default: int, high: int) -> int:
    try:
        value = int(request.args.get(name, default))
    except ValueError:
        return default
    return min(max(value, 1), high)


@bp.get("/rounds/<slug>/paper")
def paper_index(slug: str) -> str:
    round_ = round_or_404(slug)
    definition = round_.version.load()
    lang = console_lang(definition)
    return render_template(
        "admin/paper.html",
        round=round_,
        definition=definition,
        lang=lang,
        entered=paper.entered_numbers(round_),
        first=paper.next_number(round_),
        max_copies=MAX_COPIES,
    )


@bp.get("/rounds/<slug>/paper/print")
def paper_print(slug: str) -> str:
    """Numbered copies of the questionnaire of one role in one language."""
    round_ = round_or_404(slug)
    definition = round_.version.load()
    lang = request.args.get("lang") or definition.languages[0]
    if lang not in definition.languages:
        abort(404)
    role = _role(definition)
    first = _whole("first", paper.next_number(round_), paper.MAX_NUMBER)
    count = min(_whole("count", 1, MAX_COPIES), paper.MAX_NUMBER - first + 1)
    with force_locale(lang):  # the form speaks its language, not the console's
        return render_template(
            "admin/paper_print.html",
            round=round_,
            definition=definition,
            lang=lang,
            t=lambda value: text(value, lang, definition.languages[0]),
            role=definition.role(role),
            profile=[f for f in definition.profile if role in f.roles],
            pages=pages_for(definition, role),
            numbers=range(first, first + count),
            title=round_.title_in(lang),
        )


@bp.route("/rounds/<slug>/paper/enter", methods=["GET", "POST"])
def paper_enter(slug: str) -> str | tuple[str, int] | WerkzeugResponse:
    """Type in one paper form of one role: its number, the profile, every answer."""
    round_ = round_or_404(slug)
    definition = round_.version.load()
    role = _role(definition)
    lang = console_lang(definition)
    head = PaperNumberForm()
    fields = [f for f in definition.profile if role in f.roles]
    questions = [q for p in pages_for(definition, role) for q in p.questions]
    about = respond_forms.items_form(fields, definition, lang, {}, profile=True, csrf=False)
    answers = respond_forms.items_form(questions, definition, lang, {}, csrf=False)
    if head.validate_on_submit() & about.validate() & answers.validate():
        try:
            paper.record_form(
                round_,
                definition,
                number=head.number.data or 0,
                role=role,
                profile={k.removeprefix("p-"): v for k, v in _values(about).items()},
                changes=answers.changes(_values(answers)),
            )
        except Conflict:
            db.session.rollback()
            head.number.errors = [_("This form number is already entered.")]
            return _enter_page(round_, definition, role, lang, head, about, answers), 409
        except InvalidInput as error:
            db.session.rollback()
            return _enter_page(round_, definition, role, lang, head, about, answers, error), 422
        flash(_("Paper form %(number)s is recorded.", number=head.number.data), "success")
        return redirect(url_for(".paper_enter", slug=slug, role=role))
    status = 422 if head.is_submitted() else 200
    if head.is_submitted() and head.number.errors:
        head.number.errors = [_("Give the number printed on the form, from 1 to 99999.")]
    return _enter_page(round_, definition, role, lang, head, about, answers), status


def _values(form: respond_forms.ItemsForm) -> dict[str, str]:
    return {name: value for name, value in form.values(form._kinds).items() if value}


def _enter_page(
    round_: Round,
    definition: Definition,
    role: str,
    lang: str,
    head: PaperNumberForm,
    about: respond_forms.ItemsForm,
    answers: respond_forms.ItemsForm,
    error: Exception | None = None,
) -> str:
    numbers = {entry.key: i for i, entry in enumerate(answers.entries(definition, lang), 1)}
    context: dict[str, Any] = {
        "round": round_,
        "definition": definition,
        "role": definition.role(role),
        "lang": lang,
        "head": head,
        "about": about.entries(definition, lang),
        "answers": answers.entries(definition, lang),
        "numbers": numbers,
        "problem": str(error) if error else None,
        "next_number": paper.next_number(round_),
    }
    return render_template("admin/paper_enter.html", **context)
