"""Reporting on an action: progress updates, its status, attached documents.

A focal point reaches only the actions of its own bodies: any other action answers
403, whatever the URL says (no IDOR).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from selfassess.extensions import db
from selfassess.models import Action, ProgressUpdate
from selfassess.register.base import bp, lang, or_404
from selfassess.register.forms import ProgressForm, StatusForm
from selfassess.services import plan
from selfassess.services import register as reg
from selfassess.services.errors import ServiceError


def _reportable(action_id: int) -> Action:
    action: Action = or_404(reg.get_action, action_id)
    if not plan.may_report(current_user, action):
        abort(403)
    return action


@bp.route("/actions/<int:action_id>", methods=["GET", "POST"])
def action(action_id: int) -> str | tuple[str, int] | Response:
    found = _reportable(action_id)
    form = ProgressForm()
    if form.validate_on_submit():
        upload = form.document.data
        document = (upload.filename or "", upload.read()) if upload else None
        try:
            plan.add_update(
                found,
                form.text.data or "",
                by=current_user,
                on=form.on.data,
                link=form.link.data or "",
                document=document,
            )
            if form.status.data and form.status.data != found.status.value:
                plan.set_status(found, form.status.data, by=current_user)
        except ServiceError as error:
            db.session.rollback()
            form.text.errors = [*form.text.errors, str(error)]
        else:
            flash(_("Progress recorded."), "success")
            return redirect(url_for(".action", action_id=found.id))
    if not form.is_submitted():
        form.status.data = found.status.value
    page = render_template(
        "register/action.html",
        action=found,
        form=form,
        status_form=StatusForm(status=found.status.value),
        bodies=reg.body_labels(lang()),
        max_mb=plan.MAX_DOCUMENT_BYTES // 2**20,
        section="plan",
    )
    return (page, 422) if form.errors else page


@bp.post("/actions/<int:action_id>/status")
def action_status(action_id: int) -> Response:
    found = _reportable(action_id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        plan.set_status(found, form.status.data or "", by=current_user)
    except ServiceError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(_("Status changed."), "success")
    return redirect(url_for(".action", action_id=found.id))


@bp.get("/documents/<int:update_id>")
def document(update_id: int) -> Response:
    """An attached document, always as a download: never rendered by the browser."""
    update = db.session.get(ProgressUpdate, update_id)
    if update is None or not update.document_name:
        abort(404)
    if not plan.may_report(current_user, update.action):
        abort(403)
    response = Response(update.document or b"", mimetype="application/octet-stream")
    response.headers.set("Content-Disposition", "attachment", filename=update.document_name)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
