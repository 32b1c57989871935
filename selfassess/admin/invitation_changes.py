"""After an upload: duplicates confirmed first; later, one person's invitation revoked or
reissued, and reminders e-mailed to those who have not submitted."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from selfassess.admin import stash
from selfassess.admin.base import bp
from selfassess.admin.forms import ActionForm, InvitationConfirmForm
from selfassess.admin.invitations import create_and_show
from selfassess.admin.rounds import lang, round_or_404
from selfassess.instrument.model import text
from selfassess.models import Invitation, Round
from selfassess.services import invitation_admin, invitation_mail, invitations
from selfassess.services.errors import NotFound, ServiceError
from selfassess.services.mail import mail_enabled


@bp.route("/rounds/<slug>/invitations/check/<token>", methods=["GET", "POST"])
def invitations_check(slug: str, token: str) -> str | Response:
    """The people of an upload who look already invited, before anything is created."""
    round_ = round_or_404(slug)
    entry = stash.people.get(token)
    if entry is None or entry.get("round") != slug:
        abort(404, _("This upload is no longer kept (an hour). Upload the file again."))
    people: list[dict[str, Any]] = list(entry["people"])
    duplicates = invitation_admin.find_duplicates(round_, people)
    form = InvitationConfirmForm()
    if form.validate_on_submit():
        skipped = {d.index for d in duplicates} if form.duplicates.data == "skip" else set()
        chosen = [p for i, p in enumerate(people) if i not in skipped]
        stash.people.drop(token)
        if not chosen:
            flash(_("Nobody new to invite: every person of the file is already invited."), "info")
            return redirect(url_for(".invitations", slug=slug))
        return create_and_show(
            round_, chosen, send_email=bool(form.send_email.data) and mail_enabled()
        )
    definition = round_.version.load()
    return render_template(
        "admin/invitations_check.html",
        round=round_,
        definition=definition,
        lang=lang(definition),
        people=people,
        duplicates=duplicates,
        roles={role.key: text(role.label, lang(definition)) for role in definition.roles},
        form=form,
        mail_on=mail_enabled(),
    )


@bp.get("/rounds/<slug>/invitations/people")
def invitation_list(slug: str) -> str:
    round_ = round_or_404(slug)
    definition = round_.version.load()
    return render_template(
        "admin/invitation_list.html",
        round=round_,
        definition=definition,
        lang=lang(definition),
        invitations=invitation_admin.list_invitations(round_),
        roles={role.key: text(role.label, lang(definition)) for role in definition.roles},
        action_form=ActionForm(),
        mail_on=mail_enabled(),
    )


@bp.post("/rounds/<slug>/invitations/<int:invitation_id>/revoke")
def invitation_revoke(slug: str, invitation_id: int) -> Response:
    round_, invitation = _invitation_or_404(slug, invitation_id)
    if ActionForm().validate_on_submit():
        invitation_admin.revoke(invitation)
        flash(_("The invitation of %(label)s is revoked.", label=invitation.label), "success")
    return redirect(url_for(".invitation_list", slug=round_.slug))


@bp.post("/rounds/<slug>/invitations/<int:invitation_id>/reissue")
def invitation_reissue(slug: str, invitation_id: int) -> Response:
    """A new link and code (the old ones stop working), shown once like an upload's."""
    round_, invitation = _invitation_or_404(slug, invitation_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        issued = invitation_admin.reissue(invitation, send_email=mail_enabled())
    except ServiceError as error:
        flash(str(error), "error")
        return redirect(url_for(".invitation_list", slug=round_.slug))
    token = stash.invitations.put(
        {"round": round_.slug, "invitations": invitations.link_entries([issued])}
    )
    flash(
        _(
            "A new link and code for %(label)s; the old ones no longer work.",
            label=invitation.label,
        ),
        "success",
    )
    return redirect(url_for(".issued", slug=round_.slug, token=token))


@bp.post("/rounds/<slug>/invitations/remind")
def invitations_remind(slug: str) -> Response:
    round_ = round_or_404(slug)
    if ActionForm().validate_on_submit():
        count = invitation_mail.send_reminders(round_)
        flash(_("%(n)s reminders queued.", n=count), "success")
    return redirect(url_for(".invitation_list", slug=slug))


def _invitation_or_404(slug: str, invitation_id: int) -> tuple[Round, Invitation]:
    round_ = round_or_404(slug)
    try:
        return round_, invitation_admin.get_invitation(round_, invitation_id)
    except NotFound:
        abort(404)
