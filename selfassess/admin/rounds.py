"""Assessment rounds: create from a version, open, close, set k and anonymity."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import SelectChoice

from selfassess.admin.base import bp
from selfassess.admin.forms import (
    ActionForm,
    RoundCreateForm,
    RoundSettingsForm,
    title_name,
    with_titles,
)
from selfassess.extensions import db
from selfassess.instrument.model import Definition, text
from selfassess.models import Response, Round
from selfassess.services import invitations as invitation_service
from selfassess.services import paper as paper_service
from selfassess.services import rounds as round_service
from selfassess.services.errors import NotFound, ServiceError
from selfassess.services.instruments import get_version, list_versions

PROGRESS = ("invited", "started", "submitted")


@bp.route("/rounds", methods=["GET", "POST"])
def rounds() -> str | tuple[str, int] | WerkzeugResponse:
    versions = [version for version, _count in list_versions()]
    languages = list(dict.fromkeys(lang for v in versions for lang in v.load().languages))
    form = with_titles(RoundCreateForm, languages)()
    form.version.choices = [
        SelectChoice(f"{v.instrument.key}:{v.version}", f"{v.title} ({v.label})")
        for v in reversed(versions)
    ]
    if form.validate_on_submit():
        key, _sep, number = (form.version.data or "").rpartition(":")
        try:
            round_ = round_service.create_round(
                form.slug.data or "",
                key,
                version=int(number),
                title=form.title.data or None,
                titles=_titles(form, languages, key, int(number)),
                min_group_size=form.min_group_size.data or 5,
                anonymous=bool(form.anonymous.data),
                gap_threshold=_points(form.gap_threshold.data, default=10.0),
            )
        except ServiceError as error:
            form.slug.errors = [*form.slug.errors, str(error)]
        else:
            flash(
                _(
                    "Round %(slug)s created. Open it when the invitations are ready.",
                    slug=round_.slug,
                ),
                "success",
            )
            return redirect(url_for(".round_page", slug=round_.slug))
    page = render_template(
        "admin/rounds.html",
        form=form,
        rounds=round_service.list_rounds(),
        has_versions=bool(versions),
        title_fields=[form[title_name(lang)] for lang in languages],
    )
    return (page, 422) if form.errors else page


@bp.get("/rounds/<slug>")
def round_page(slug: str) -> str:
    round_ = round_or_404(slug)
    form = _settings_form(round_)(obj=round_)
    for lang, value in (round_.titles or {}).items():
        if title_name(lang) in form:
            form[title_name(lang)].data = value
    return _round_template(round_, form)


@bp.post("/rounds/<slug>/settings")
def round_settings(slug: str) -> tuple[str, int] | WerkzeugResponse:
    round_ = round_or_404(slug)
    form = _settings_form(round_)()
    if form.validate_on_submit():
        try:
            round_service.update_settings(
                slug,
                min_group_size=form.min_group_size.data,
                # Fixed once anyone answered: the disabled box sends nothing then.
                anonymous=None if _has_responses(round_) else bool(form.anonymous.data),
                title=form.title.data,
                titles=_titles(form, round_.version.load().languages),
                gap_threshold=_points(form.gap_threshold.data),
            )
        except ServiceError as error:
            form.anonymous.errors = [*form.anonymous.errors, str(error)]
        else:
            flash(_("The settings are saved."), "success")
            return redirect(url_for(".round_page", slug=slug))
    return _round_template(round_, form), 422


@bp.post("/rounds/<slug>/<any(open, close):action>")
def round_transition(slug: str, action: str) -> WerkzeugResponse:
    round_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    change = round_service.open_round if action == "open" else round_service.close_round
    try:
        change(slug)
    except ServiceError as error:
        flash(str(error), "error")
    else:
        message = _("The round is open.") if action == "open" else _("The round is closed.")
        flash(message, "success")
    return redirect(url_for(".round_page", slug=slug))


def _settings_form(round_: Round) -> type[RoundSettingsForm]:
    return with_titles(RoundSettingsForm, round_.version.load().languages)  # type: ignore[return-value]


def _titles(
    form: Any, languages: list[str], key: str | None = None, number: int | None = None
) -> dict[str, str] | None:
    """The titles the form sent, by language (of the chosen version when creating);
    ``None`` when it sent none (a form of an older page)."""
    if not any(title_name(lang) in request.form for lang in languages):
        return None
    if key is not None:
        try:
            languages = get_version(key, number).load().languages
        except ServiceError:
            return None
    return {lang: form[title_name(lang)].data or "" for lang in languages}


def _round_template(round_: Round, form: RoundSettingsForm) -> str:
    return render_template(
        "admin/round.html",
        round=round_,
        form=form,
        title_fields=[form[title_name(lang)] for lang in round_.version.load().languages],
        action_form=ActionForm(),
        anonymity_locked=_has_responses(round_),
        progress=progress_rows(round_),
        paper_count=paper_service.count(round_),
    )


def progress_rows(round_: Round) -> list[dict[str, Any]]:
    """Invited, started and submitted per role (role label first), then the totals.

    Counts only: who answered what is never shown, whatever the round's anonymity.
    """
    definition = round_.version.load()
    counts = invitation_service.progress(round_)
    rows = [
        {"label": text(role.label, lang(definition)), **_counts(counts.get(role.key, {}))}
        for role in definition.roles
    ]
    totals = {name: sum(row[name] for row in rows) for name in PROGRESS}
    return [*rows, {"label": _("All roles"), **totals, "total": True}]


def _counts(found: dict[str, int]) -> dict[str, int]:
    return {name: int(found.get(name, 0)) for name in PROGRESS}


def lang(definition: Definition) -> str:
    """The interface language when the instrument has it, else its first language."""
    current = str(get_locale() or "")
    return current if current in definition.languages else definition.languages[0]


def _has_responses(round_: Round) -> bool:
    return db.session.scalar(select(Response.id).filter_by(round_id=round_.id).limit(1)) is not None


def round_or_404(slug: str) -> Round:
    try:
        return round_service.get_round(slug)
    except NotFound:
        abort(404)


def _points(value: Decimal | None, default: float | None = None) -> float | None:
    """A threshold typed in the form; ``default`` when left empty."""
    return default if value is None else float(value)
