"""The questionnaire page as a respondent opens it (GET): from a skeleton when it can be.

The page's own context (:func:`context`) is shared with the form path in ``views.py``;
:func:`render` serves a plain GET from the skeleton of ``respond/skeleton.py``, built
on first use by the very template the form path renders.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from flask import current_app, g, render_template, request, session
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from wtforms import RadioField, SelectMultipleField

from selfassess.instrument.model import text
from selfassess.respond import forms
from selfassess.respond.pages import Page, minutes
from selfassess.respond.skeleton import Holes, Skeleton, pages
from selfassess.services import responses


def lang() -> str:
    return str(get_locale() or g.definition.languages[0])


def round_title() -> str:
    """The round's title in the interface language."""
    definition, round_ = g.definition, g.round
    # A round without a title in this language (made before titles had languages) and
    # titled after its questionnaire shows the questionnaire's title in the language.
    default_title = text(definition.title, definition.languages[0])
    title = round_.titles.get(lang()) if round_.titles else None
    if title is None:
        if round_.title == default_title:
            return text(definition.title, lang(), definition.languages[0])
        return str(round_.title)
    return str(title)


def context(
    current: Page, all_pages: list[Page], answers: Mapping[str, responses.Saved]
) -> dict[str, Any]:
    """What ``respond/page.html`` shows besides the form."""
    unanswered = {q.key for q in responses.unanswered(g.response, g.definition, answers)}
    asked = [q for p in all_pages for q in p.questions]
    return {
        "page": current,
        "pages": all_pages,
        "minutes_page": minutes(current.questions),
        "minutes_left": minutes(
            q for p in all_pages[current.number - 1 :] for q in p.questions if q.key in unanswered
        ),
        "has_profile": bool(responses.editable_profile(g.response, g.definition)),
        "numbers": {q.key: i for i, q in enumerate(asked, start=1)},
    }


def usable() -> bool:
    """Whether this request may be served from a skeleton: a plain GET of the page, with
    nothing around it that a skeleton does not hold (flashed messages, a query string in
    the language links, a signed-in account's menu). Not HEAD: the template writes the
    language links' ``next=`` for GET only, so a skeleton built on HEAD would lose them
    for everyone after."""
    return (
        current_app.config["RESPOND_PAGE_CACHE"]
        and request.method == "GET"
        and not request.query_string
        and "_flashes" not in session
        # Signed in (the menu differs), without loading the account: Flask-Login's
        # "strong" protection would rewrite a respondent's session at every look.
        # Accounts never get a remember cookie (login_user without remember).
        and "_user_id" not in session
    )


def render(current: Page, all_pages: list[Page], answers: Mapping[str, responses.Saved]) -> str:
    """The page of ``current`` showing ``answers``, from its skeleton."""
    shown = context(current, all_pages, answers)
    round_, version = g.round, g.round.version
    key: Hashable = (
        # Version ids come back after a rollback (tests) or a restore: the hash too.
        version.id,
        version.content_hash,
        g.response.role,
        current.number,
        lang(),
        shown["minutes_left"],
        shown["has_profile"],
        g.response.reopened,
        round_.id,
        round_.slug,
        round_.title,
        round_title(),
        request.script_root,
    )
    skeleton = pages.get(key, lambda: _build(current, shown))
    stored = forms.stored_answers(answers)
    if skeleton is None:  # a hole lost on the way: render it the ordinary way
        return _render(forms.items_form(current.questions, g.definition, lang(), stored), shown)
    return skeleton.fill(stored, generate_csrf())


def _build(current: Page, shown: dict[str, Any]) -> Skeleton | None:
    holes = Holes()
    form = forms.items_form(current.questions, g.definition, lang(), {})
    multi = set()
    for name in form._kinds:
        field = form[name]
        if isinstance(field, SelectMultipleField):
            multi.add(name)
        elif not isinstance(field, RadioField):  # a typed value: number, text, comment
            field.data = holes.text(name)
    form.loaded.data = holes.loaded()
    form.csrf_token.current_token = holes.csrf()
    html = _render(form, shown, holes)
    return Skeleton.split(html, holes, frozenset(form._kinds), frozenset(multi))


def _render(form: forms.ItemsForm, shown: dict[str, Any], holes: Holes | None = None) -> str:
    entries = form.entries(g.definition, lang())
    return render_template(
        "respond/page.html", form=form, entries=entries, problems=[], holes=holes, **shown
    )
