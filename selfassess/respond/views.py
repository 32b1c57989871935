"""Respondents answer online: invitation link or access code, consent, profile, the
questionnaire page by page with autosave, review, submission, reopening.

Who may answer what (links, codes, resume secrets, the session grant) lives in
:mod:`selfassess.respond.grants`; these are the pages a granted respondent sees.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date, format_number
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest
from werkzeug.wrappers import Response as WerkzeugResponse

from selfassess.instrument.model import ProfileField, Question, text
from selfassess.respond import autosaving, code_forms, forms, grants, page_cache
from selfassess.respond.blueprint import bp
from selfassess.respond.grants import View, not_open, refuse
from selfassess.respond.pages import Page, minutes, page_of, pages_for
from selfassess.respond.review import review_sections
from selfassess.services import admission, responses
from selfassess.services.errors import Conflict, InvalidInput
from selfassess.services.mail import mail_enabled


@bp.get("/<slug>/continue")
def continue_(slug: str) -> WerkzeugResponse:
    """Where a returning respondent picks up: the first page with an unanswered item."""
    response = g.response
    if response.is_submitted:
        return redirect(url_for(".done", slug=slug))
    fields = responses.editable_profile(response, g.definition)
    if not responses.answers_of(response) and any(
        f.key not in (response.profile or {}) for f in fields
    ):
        return redirect(url_for(".profile", slug=slug))
    unanswered = {q.key for q in responses.unanswered(response, g.definition)}
    for page in _pages():
        if any(q.key in unanswered for q in page.questions):
            return redirect(url_for(".page", slug=slug, number=page.number))
    return redirect(url_for(".review", slug=slug))


@bp.route("/<slug>/consent", methods=["GET", "POST"])
def consent(slug: str) -> View:
    if g.response is not None:
        return redirect(url_for(".continue_", slug=slug))
    form = code_forms.ConsentForm()
    if form.validate_on_submit():
        try:
            response = admission.consent(g.invitation, g.key)
        except Conflict:
            return refuse("respond/no_access.html", 403)
        grants.grant(g.round, response=response, invitation=g.invitation)
        return redirect(url_for(".continue_", slug=slug))
    invitation, definition = g.invitation, g.definition
    fields = [f for f in definition.profile if invitation.role in f.roles]
    return render_template(
        "respond/consent.html",
        form=form,
        role_label=_t(definition.role(invitation.role).label),
        given=[
            f"{_t(f.label)}: {_profile_text(f, invitation.profile[f.key])}"
            for f in fields
            if f.key in invitation.profile
        ],
        asked=[_t(f.label) for f in fields if f.key not in invitation.profile],
        retention=format_number(current_app.config["RETENTION_MONTHS"]),
        minutes_all=minutes(responses.applicable(definition, invitation.role)),
        min_group_size=format_number(g.round.min_group_size),
    )


# -- answering --------------------------------------------------------------------------------


@bp.route("/<slug>/profile", methods=["GET", "POST"])
def profile(slug: str) -> View:
    if g.response.is_submitted:
        return _submitted()
    fields = responses.editable_profile(g.response, g.definition)
    if not fields:
        return redirect(url_for(".page", slug=slug, number=1))
    form = forms.items_form(
        fields, g.definition, _lang(), forms.stored_profile(g.response.profile), profile=True
    )
    if form.is_submitted():
        form.validate()
        values = {name.removeprefix("p-"): value for name, value in form.changed().items()}
        try:
            responses.save_profile(g.response, g.definition, values)
        except (Conflict, InvalidInput) as error:
            return _save_refused(error)
        if not form.errors:
            flash(_("Saved."), "success")
            return redirect(_after_profile(slug))
        form.remember(forms.stored_profile(g.response.profile))
    return _render_form("respond/profile.html", form, status=422 if form.errors else 200)


def _after_profile(slug: str) -> str:
    if request.form.get("go") == "review":
        return url_for(".review", slug=slug)
    return url_for(".page", slug=slug, number=1)


@bp.route("/<slug>/page/<int:number>", methods=["GET", "POST"])
def page(slug: str, number: int) -> View:
    pages = _pages()
    if not 1 <= number <= len(pages):
        abort(404)
    if g.response.is_submitted:
        return _submitted()
    current = pages[number - 1]
    answers = responses.saved_answers(g.response)
    if page_cache.usable():
        return page_cache.render(current, pages, answers)
    form = _questions_form(current.questions, answers)
    if form.is_submitted():
        form.validate()
        try:
            responses.save_answers(g.response, g.definition, form.changes(form.changed()))
        except (Conflict, InvalidInput) as error:
            return _save_refused(error)
        if not form.errors:
            flash(_("Your answers on this page are saved."), "success")
            return redirect(_next_url(slug, current, pages))
        answers = responses.saved_answers(g.response)
        form.remember(forms.stored_answers(answers))
    return _render_form(
        "respond/page.html",
        form,
        status=422 if form.errors else 200,
        **page_cache.context(current, pages, answers),
    )


def _next_url(slug: str, current: Page, pages: list[Page]) -> str:
    go = request.form.get("go", "next")
    if go == "prev" and current.number > 1:
        return url_for(".page", slug=slug, number=current.number - 1)
    if go == "prev":
        return url_for(".profile", slug=slug)
    if go == "next" and current.number < len(pages):
        return url_for(".page", slug=slug, number=current.number + 1)
    return url_for(".review", slug=slug)


@bp.post("/<slug>/autosave")
def autosave(slug: str) -> View:
    """Save answers in the background: JSON ``{question, value, comment}`` or
    ``{"answers": [...]}``; a missing ``value`` or ``comment`` leaves it as it is."""
    response, definition = g.response, g.definition
    return autosaving.reply(
        request.get_json(silent=True),
        definition,
        response.role,
        _lang(),
        lambda changes: responses.save_answers(response, definition, changes),
    )


def _questions_form(
    questions: Iterable[Question], answers: Mapping[str, responses.Saved], **options: Any
) -> forms.ItemsForm:
    stored = forms.stored_answers(answers)
    return forms.items_form(questions, g.definition, _lang(), stored, **options)


def _submitted() -> WerkzeugResponse:
    """A submitted response is changed only after reopening it."""
    if request.method == "POST":
        flash(_("This response is submitted. Reopen it to change your answers."), "error")
    return redirect(url_for(".done", slug=g.round.slug))


def _save_refused(error: Exception) -> View:
    if isinstance(error, Conflict):
        return _submitted() if g.response.is_submitted else not_open(g.round)
    raise BadRequest(str(error))


# -- review, submission, reopening ---------------------------------------------------------


@bp.get("/<slug>/review")
def review(slug: str) -> View:
    if g.response.is_submitted:
        return redirect(url_for(".done", slug=slug))
    return _render_review()


@bp.post("/<slug>/submit")
def submit(slug: str) -> View:
    try:
        secret = responses.submit(g.response, g.definition, grants.granted_invitation(g.round))
    except responses.Incomplete as error:
        return _render_review(missing=error.keys, status=422)
    except Conflict:
        if g.response.is_submitted:
            return redirect(url_for(".done", slug=slug))
        return not_open(g.round)
    reply = redirect(url_for(".done", slug=slug))
    if secret:
        grants.keep_resume_secret(reply, g.round, secret)
    return reply


def _render_review(missing: list[str] | None = None, status: int = 200) -> View:
    pages = _pages()
    return render_template(
        "respond/review.html",
        sections=review_sections(g.round.slug, g.response, g.definition, pages, _lang()),
        problems=[_missing_link(key, pages) for key in missing or []],
    ), status


def _missing_link(key: str, pages: list[Page]) -> tuple[str, str]:
    """Where a missing required item is answered, and its text."""
    slug = g.round.slug
    page = page_of(pages, key)
    if page is None:  # a profile field
        field = g.definition.profile_field(key)
        return url_for(".profile", slug=slug, _anchor=f"item-{key}"), _t(field.label)
    href = url_for(".page", slug=slug, number=page.number, _anchor=f"item-{key}")
    return href, _t(g.definition.question(key).text)


@bp.get("/<slug>/done")
def done(slug: str) -> View:
    if not g.response.is_submitted:
        return redirect(url_for(".review", slug=slug))
    return render_template(
        "respond/done.html",
        resume_code=(code := grants.shown_resume_code(g.round, g.response)),
        submitted_on=format_date(g.response.submitted_at, "long"),
        mail_form=bool(code) and mail_enabled(),
    )


@bp.post("/<slug>/reopen")
def reopen(slug: str) -> View:
    try:
        responses.reopen(g.response)
    except Conflict:
        if not g.response.is_submitted:
            return redirect(url_for(".review", slug=slug))
        return not_open(g.round)
    flash(_("Your response is open again. Submit it again so that your changes count."), "warning")
    return redirect(url_for(".review", slug=slug))


@bp.post("/<slug>/forget")
def forget(slug: str) -> WerkzeugResponse:
    """Forget this browser: no session grant, no resume cookie (shared computers)."""
    reply = redirect(url_for("main.home"))
    grants.forget_browser(reply, g.round)
    flash(_("This browser no longer gives access to your response."), "info")
    return reply


# -- helpers -------------------------------------------------------------------------------


def _lang() -> str:
    return page_cache.lang()


def _t(value: Any) -> str:
    """An instrument text in the interface language (else the instrument's first)."""
    return text(value, _lang(), g.definition.languages[0])


def _profile_text(field: ProfileField, value: Any) -> str:
    """A profile value as the respondent reads it: an option's label, else the value."""
    option = field.option(str(value)) if field.type == "choice" else None
    return _t(option.label) if option else forms.format_value(value)


def _pages() -> list[Page]:
    if "pages" not in g:
        g.pages = pages_for(g.definition, g.response.role)
    return g.pages  # type: ignore[no-any-return]


def _render_form(template: str, form: forms.ItemsForm, status: int = 200, **context: Any) -> View:
    entries = form.entries(g.definition, _lang())
    return render_template(
        template, form=form, entries=entries, problems=form.problems(entries), **context
    ), status


@bp.context_processor
def _respond_globals() -> dict[str, Any]:
    """Instrument texts in the chosen language for every respondent template."""
    if "definition" not in g:
        return {}
    definition, round_ = g.definition, g.round
    response = g.get("response")
    return {
        "t": _t,
        "definition": definition,
        "round": round_,
        "round_title": page_cache.round_title(),
        "reopened": response is not None and response.reopened,
    }


# E-mailing the resume code registers its route on bp.
from selfassess.respond import resume_mail as _resume_mail  # noqa: E402, F401
