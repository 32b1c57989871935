"""Preview: a version's respondent pages as respondents see them, in each language.

The pages are built by the same code as the live ones (respond/pages.py, respond/forms.py,
the respondent macros), read-only: the form has no action and nothing is saved.
"""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import force_locale

from selfassess.admin.base import bp
from selfassess.admin.instruments import _pending_or_404
from selfassess.instrument.model import Definition, text
from selfassess.respond import forms as respond_forms
from selfassess.respond.pages import minutes, pages_for
from selfassess.services.errors import NotFound
from selfassess.services.instruments import get_version


@bp.get("/instruments/<key>/v<int:number>/respondent")
def respondent_preview(key: str, number: int) -> str:
    try:
        definition = get_version(key, number).load()
    except NotFound:
        abort(404)
    return _preview(definition, "admin.respondent_preview", {"key": key, "number": number})


@bp.get("/instruments/new/<token>/respondent")
def pending_respondent_preview(token: str) -> str:
    definition, _name = _pending_or_404(token)
    return _preview(definition, "admin.pending_respondent_preview", {"token": token})


def _preview(definition: Definition, endpoint: str, args: dict[str, object]) -> str:
    lang = request.args.get("lang") or definition.languages[0]
    role = request.args.get("role") or definition.roles[0].key
    if lang not in definition.languages or role not in {r.key for r in definition.roles}:
        abort(404)
    pages = pages_for(definition, role)
    fields = [f for f in definition.profile if role in f.roles]
    try:
        number = int(request.args.get("page", "0" if fields else "1"))
    except ValueError:
        abort(404)
    if not (0 if fields else 1) <= number <= len(pages):
        abort(404)
    with force_locale(lang):  # the respondent's language, whatever the console's
        if number == 0:
            form = respond_forms.items_form(fields, definition, lang, {}, profile=True, csrf=False)
        else:
            form = respond_forms.items_form(
                pages[number - 1].questions, definition, lang, {}, csrf=False
            )
        questions = [q for p in pages for q in p.questions]
        return render_template(
            "admin/respondent_preview.html",
            definition=definition,
            lang=lang,
            role=role,
            t=lambda value: text(value, lang, definition.languages[0]),
            pages=pages,
            page=pages[number - 1] if number else None,
            number=number,
            has_profile=bool(fields),
            entries=form.entries(definition, lang),
            numbers={q.key: i for i, q in enumerate(questions, start=1)},
            minutes_page=minutes(pages[number - 1].questions) if number else 0,
            minutes_all=minutes(questions),
            endpoint=endpoint,
            args=args,
        )
