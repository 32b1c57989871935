"""The questionnaire page as a respondent opens it (GET): from a skeleton when it can be.

The page's own context (:func:`context`) is shared with the form path in ``views.py``;
:func:`render` serves a plain GET from the skeleton of ``respond/skeleton.py``, built
on first use by the very template the form path renders.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app, g, render_template, request, session
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from wtforms import RadioField, SelectMultipleField

from selfassess.instrument.model import Definition, text
from selfassess.respond import forms
from selfassess.respond.pages import Page, minutes, numbers
from selfassess.respond.skeleton import Holes, Skeleton, pages
from selfassess.services import responses


def lang() -> str:
    return str(get_locale() or g.definition.languages[0])


@dataclass(frozen=True)
class Asked:
    """What a page shows of the round and the response besides the answers: read from the
    loaded round and response (:func:`asked`), or from one row by the express path
    (``respond/express.py``)."""

    definition: Definition
    version_id: int
    #: Version ids come back after a rollback (tests) or a restore: the hash too.
    content_hash: str
    round_id: int
    slug: str
    #: The round's title and its titles by language.
    title: str
    titles: Mapping[str, str] | None
    role: str
    reopened: bool
    #: Whether the respondent has profile fields to answer.
    has_profile: bool
    lang: str


def asked() -> Asked:
    """The :class:`Asked` of this request's round and response."""
    round_, response, definition = g.round, g.response, g.definition
    return Asked(
        definition,
        round_.version.id,
        round_.version.content_hash,
        round_.id,
        round_.slug,
        round_.title,
        round_.titles,
        response.role,
        response.reopened,
        bool(responses.editable_profile(response, definition)),
        lang(),
    )


def round_title() -> str:
    """The round's title in the interface language."""
    return title_of(g.definition, g.round.title, g.round.titles, lang())


def title_of(
    definition: Definition, title: str, titles: Mapping[str, str] | None, lang: str
) -> str:
    """A round's title in ``lang``."""
    # A round without a title in this language (made before titles had languages) and
    # titled after its questionnaire shows the questionnaire's title in the language.
    default_title = text(definition.title, definition.languages[0])
    found = titles.get(lang) if titles else None
    if found is None:
        if title == default_title:
            return text(definition.title, lang, definition.languages[0])
        return str(title)
    return str(found)


def context(
    current: Page, all_pages: list[Page], answers: Mapping[str, responses.Saved]
) -> dict[str, Any]:
    """What ``respond/page.html`` shows besides the form."""
    return _context(asked(), current, all_pages, answers)


def _context(
    page_of: Asked, current: Page, all_pages: list[Page], answers: Mapping[str, responses.Saved]
) -> dict[str, Any]:
    unanswered = {q.key for q in responses.unanswered_of(page_of.definition, page_of.role, answers)}
    return {
        "page": current,
        "pages": all_pages,
        "minutes_page": minutes(current.questions),
        "minutes_left": minutes(
            q for p in all_pages[current.number - 1 :] for q in p.questions if q.key in unanswered
        ),
        "has_profile": page_of.has_profile,
        "numbers": numbers(page_of.definition, page_of.role),
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
    """The page of ``current`` showing ``answers``, from its skeleton (built if missing)."""
    page_of = asked()
    shown = _context(page_of, current, all_pages, answers)
    key = _key(page_of, current, shown, request.script_root)
    skeleton = pages.get(key, lambda: _build(current, shown))
    stored = forms.stored_answers(answers)
    if skeleton is None:  # a hole lost on the way: render it the ordinary way
        return _render(forms.items_form(current.questions, g.definition, lang(), stored), shown)
    return skeleton.fill(stored, generate_csrf())


def filled(
    page_of: Asked,
    current: Page,
    all_pages: list[Page],
    answers: Mapping[str, responses.Saved],
    *,
    csrf_token: str,
    script_root: str,
) -> str | None:
    """The page as :func:`render` writes it, from a skeleton already built; ``None`` when
    there is none (the express path, ``respond/express.py``, never renders a template)."""
    shown = _context(page_of, current, all_pages, answers)
    skeleton = pages.peek(_key(page_of, current, shown, script_root))
    if skeleton is None:
        return None
    return skeleton.fill(forms.stored_answers(answers), csrf_token)


def _key(page_of: Asked, current: Page, shown: dict[str, Any], script_root: str) -> Hashable:
    """Everything the page's template reads besides the holes."""
    return (
        page_of.version_id,
        page_of.content_hash,
        page_of.role,
        current.number,
        page_of.lang,
        shown["minutes_left"],
        shown["has_profile"],
        page_of.reopened,
        page_of.round_id,
        page_of.slug,
        page_of.title,
        title_of(page_of.definition, page_of.title, page_of.titles, page_of.lang),
        script_root,
    )


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
