"""Administrators give facilitators their rounds (a facilitator works only in those)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from selfassess.auth.access import declare_access
from selfassess.extensions import db
from selfassess.models import Account
from selfassess.panel.forms import ActionForm
from selfassess.services import panel
from selfassess.services.accounts import find_account
from selfassess.services.errors import InvalidInput, NotFound
from selfassess.services.rounds import get_round

bp = Blueprint("panel_assign", __name__, url_prefix="/panel/<slug>/facilitators")
#: Access: administrators only.
declare_access(bp, "admin")


@bp.post("/")
def assign(slug: str) -> Response:
    round_ = _round_or_404(slug)
    if ActionForm().validate_on_submit():
        account = find_account(request.form.get("email", ""))
        try:
            if account is None:
                raise InvalidInput(_("There is no such account."))
            panel.assign(round_, account)
        except InvalidInput as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("%(email)s can now record in this round.", email=account.email), "success")
    return redirect(url_for("panel.round_page", slug=slug))


@bp.post("/<int:account_id>/remove")
def remove(slug: str, account_id: int) -> Response:
    round_ = _round_or_404(slug)
    account = db.session.get(Account, account_id)
    if ActionForm().validate_on_submit() and account and panel.unassign(round_, account):
        flash(_("%(email)s no longer records in this round.", email=account.email), "success")
    return redirect(url_for("panel.round_page", slug=slug))


def _round_or_404(slug: str):  # type: ignore[no-untyped-def]
    try:
        return get_round(slug)
    except NotFound:
        abort(404)
