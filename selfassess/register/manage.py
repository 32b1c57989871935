"""Administrators: bodies, the bodies of each focal point, what is published."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from selfassess.extensions import db
from selfassess.models import Account, Body, Recommendation
from selfassess.register.base import admin_bp, lang
from selfassess.register.forms import ActionForm, BodyForm, FocalBodiesForm
from selfassess.services import audit, plan
from selfassess.services import register as reg
from selfassess.services.errors import ServiceError


@admin_bp.route("/bodies", methods=["GET", "POST"])
def bodies() -> str | tuple[str, int] | Response:
    form = BodyForm()
    if form.validate_on_submit():
        key = form.key.data or ""
        names = {"en": (form.name_en.data or "").strip(), "mn": (form.name_mn.data or "").strip()}
        names = {code: name for code, name in names.items() if name}
        if not names:
            form.name_en.errors = [_("Give a name in at least one language.")]
        else:
            body = db.session.query(Body).filter_by(key=key).one_or_none()
            if body is None:
                body = Body(key=key, name={})
                db.session.add(body)
            body.name = {**body.name, **names}
            audit.record("body.save", key)
            flash(_("Body %(key)s saved.", key=key), "success")
            return redirect(url_for(".bodies"))
    choices = [SelectChoice(key, name) for key, name in reg.body_labels(lang()).items()]
    accounts = plan.focal_points()
    forms = {}
    for account in accounts:
        picker = FocalBodiesForm(prefix=f"fp{account.id}", formdata=None)
        picker.bodies.choices = choices
        picker.bodies.data = sorted(plan_keys(account))
        forms[account.id] = picker
    page = render_template(
        "register/bodies.html",
        form=form,
        bodies=reg.bodies(),
        accounts=accounts,
        forms=forms,
        section="bodies",
    )
    return (page, 422) if form.errors else page


def plan_keys(account: Account) -> set[str]:
    own = plan.own_body_ids(account)
    return {body.key for body in reg.bodies() if body.id in own}


@admin_bp.post("/focal-points/<int:account_id>")
def focal_bodies(account_id: int) -> Response:
    account = db.session.get(Account, account_id)
    if account is None:
        abort(404)
    form = FocalBodiesForm(prefix=f"fp{account.id}")
    form.bodies.choices = [SelectChoice(b.key, b.key) for b in reg.bodies()]
    if not form.validate_on_submit():
        flash(_("Choose bodies from the list."), "error")
        return redirect(url_for(".bodies"))
    try:
        plan.set_focal_bodies(account, list(form.bodies.data or []))
    except ServiceError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        audit.record("focal_point.bodies", account.email, bodies=list(form.bodies.data or []))
        flash(_("Bodies of %(email)s saved.", email=account.email), "success")
    return redirect(url_for(".bodies"))


@admin_bp.post("/publish/<int:recommendation_id>/<any(publish, withdraw):choice>")
def publish(recommendation_id: int, choice: str) -> Response:
    found = db.session.get(Recommendation, recommendation_id)
    if found is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    reg.set_published(found, choice == "publish")
    audit.record(f"recommendation.{choice}", found.ref)
    if choice == "publish":
        flash(_("%(ref)s is on the public page.", ref=found.ref), "success")
    else:
        flash(_("%(ref)s is no longer on the public page.", ref=found.ref), "success")
    return redirect(url_for("register.recommendation", ref=found.ref))


@admin_bp.post("/reminders/send")
def send_reminders() -> Response:
    """Queue today's action reminders for the focal points (what the timer does)."""
    from selfassess.services import action_mail
    from selfassess.services.mail import mail_enabled

    if not ActionForm().validate_on_submit():
        abort(400)
    if not mail_enabled():
        flash(_("E-mail is not configured: no reminders were queued."), "error")
        return redirect(url_for("register.reminders"))
    queued = action_mail.queue_action_reminders()
    flash(
        _("%(n)s reminders queued for the focal points.", n=len(queued)),
        "success",
    )
    return redirect(url_for("register.reminders"))
