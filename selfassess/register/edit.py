"""Writing the register (administrators and consultants): recommendations, actions,
import and export of files."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from selfassess.extensions import db
from selfassess.models import Action, Recommendation
from selfassess.register.base import edit_bp, lang
from selfassess.register.forms import ImportForm, PlanActionForm, RecommendationForm
from selfassess.services import register as reg
from selfassess.services.errors import ServiceError
from selfassess.services.register_edit import save_action, save_recommendation
from selfassess.services.register_import import import_register

Page = str | tuple[str, int] | Response


def _body_choices(empty: bool) -> list[SelectChoice]:
    names = reg.body_labels(lang())
    choices = [SelectChoice(key, f"{name} ({key})") for key, name in names.items()]
    return [SelectChoice("", "–"), *choices] if empty else choices


def _recommendation(recommendation_id: int) -> Recommendation:
    found = db.session.get(Recommendation, recommendation_id)
    if found is None:
        abort(404)
    return found


@edit_bp.route("/new", methods=["GET", "POST"])
def new() -> Page:
    return _edit_recommendation(None)


@edit_bp.route("/<int:recommendation_id>", methods=["GET", "POST"])
def edit(recommendation_id: int) -> Page:
    return _edit_recommendation(_recommendation(recommendation_id))


def _edit_recommendation(found: Recommendation | None) -> Page:
    form = RecommendationForm(obj=None)
    form.responsible.choices = _body_choices(empty=False)
    if found is not None:
        form.ref.render_kw = {"readonly": True}
        if not form.is_submitted():
            _fill_recommendation(form, found)
    if form.validate_on_submit():
        try:
            saved = save_recommendation(
                found,
                ref=found.ref if found else (form.ref.data or "").strip(),
                text={"en": form.text_en.data or "", "mn": form.text_mn.data or ""},
                source=form.source.data or "",
                links=form.links.data or "",
                responsible=list(form.responsible.data or []),
                sdg=form.sdg.data or "",
                status=form.status.data or "proposed",
                due=form.due.data,
            )
        except ServiceError as error:
            db.session.rollback()
            form.ref.errors = [*form.ref.errors, *(error.problems or [str(error)])]
        else:
            flash(_("Recommendation %(ref)s saved.", ref=saved.ref), "success")
            return redirect(url_for("register.recommendation", ref=saved.ref))
    page = render_template(
        "register/edit.html", form=form, rec=found, section="register", items=_link_help()
    )
    return (page, 422) if form.errors else page


def _fill_recommendation(form: RecommendationForm, found: Recommendation) -> None:
    form.ref.data = found.ref
    form.text_en.data = found.text.get("en", "")
    form.text_mn.data = found.text.get("mn", "")
    form.source.data = found.source
    form.links.data = " ".join(found.links)
    form.responsible.data = found.responsible
    form.sdg.data = " ".join(found.sdg)
    form.status.data = found.status.value
    form.due.data = found.due


def _link_help() -> list[tuple[str, str]]:
    """Dimension keys to offer beside the links field (questions are too many)."""
    return sorted(reg.item_labels(lang(), questions=False).items())


@edit_bp.route("/<int:recommendation_id>/actions/new", methods=["GET", "POST"])
def new_action(recommendation_id: int) -> Page:
    return _edit_action(_recommendation(recommendation_id), None)


@edit_bp.route("/actions/<int:action_id>", methods=["GET", "POST"])
def edit_action(action_id: int) -> Page:
    found = db.session.get(Action, action_id)
    if found is None:
        abort(404)
    return _edit_action(found.recommendation, found)


def _edit_action(recommendation: Recommendation, found: Action | None) -> Page:
    form = PlanActionForm()
    form.responsible.choices = _body_choices(empty=True)
    if found is not None:
        form.ref.render_kw = {"readonly": True}
        if not form.is_submitted():
            form.ref.data = found.ref
            form.text_en.data = found.text.get("en", "")
            form.text_mn.data = found.text.get("mn", "")
            form.responsible.data = found.responsible or ""
            form.start.data, form.due.data = found.start, found.due
            form.status.data = found.status.value
    if form.validate_on_submit():
        try:
            save_action(
                recommendation,
                found,
                ref=found.ref if found else (form.ref.data or "").strip(),
                text={"en": form.text_en.data or "", "mn": form.text_mn.data or ""},
                responsible=form.responsible.data or "",
                start=form.start.data,
                due=form.due.data,
                status=form.status.data or "not_started",
            )
        except ServiceError as error:
            db.session.rollback()
            form.ref.errors = [*form.ref.errors, *(error.problems or [str(error)])]
        else:
            flash(_("Action saved."), "success")
            return redirect(url_for("register.recommendation", ref=recommendation.ref))
    page = render_template(
        "register/edit_action.html",
        form=form,
        rec=recommendation,
        action=found,
        section="register",
    )
    return (page, 422) if form.errors else page


@edit_bp.route("/import", methods=["GET", "POST"])
def import_file() -> Page:
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        name = upload.filename or "register.csv"
        try:
            count, actions = import_register(upload.read(), name)
        except ServiceError as error:
            db.session.rollback()
            form.file.errors = list(error.problems or [str(error)])
        else:
            flash(
                _(
                    "Imported %(count)s recommendations and %(actions)s actions.",
                    count=count,
                    actions=actions,
                ),
                "success",
            )
            return redirect(url_for("register.index"))
    page = render_template("register/import.html", form=form, section="import")
    return (page, 422) if form.errors else page


@edit_bp.get("/export.xlsx")
def export() -> Response:
    chosen = request.args.get("lang", lang())
    language = chosen if chosen in current_app.config["LANGUAGES"] else "en"
    content = reg.export_workbook(language, current_app.config["LANGUAGES"])
    response = Response(
        content,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"register-{date.today().isoformat()}-{language}.xlsx"
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response
