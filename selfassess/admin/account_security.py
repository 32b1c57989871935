"""An administrator resets another's password or turns their second factor off.

The new secret (a one-time link or a temporary password) is shown once, on the answer to
the POST, and never stored in clear. Nobody resets their own here (``/account/`` asks for
the current password).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from selfassess.admin.accounts import _account_or_404
from selfassess.admin.base import bp
from selfassess.admin.forms import ActionForm
from selfassess.services import security
from selfassess.urls import public_url


@bp.post("/accounts/<int:account_id>/reset/<any(link, temporary):how>")
def account_reset(account_id: int, how: str) -> str | Response:
    account = _account_or_404(account_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if account.id == current_user.id:
        flash(_("Change your own password on the My account page."), "error")
        return redirect(url_for(".accounts"))
    if how == "temporary":
        secret = security.temporary_password()
        security.set_password(account, secret, by=current_user._get_current_object())
        shown = secret
    else:
        token = security.issue_reset(account)
        shown = public_url("auth.reset", token=token)
    return render_template("admin/account_reset.html", account=account, how=how, shown=shown)


@bp.post("/accounts/<int:account_id>/two-factor-off")
def account_two_factor_off(account_id: int) -> Response:
    """Recovery for a lost phone: the account signs in with its password alone again."""
    account = _account_or_404(account_id)
    if ActionForm().validate_on_submit() and account.totp_secret:
        security.disable_totp(account, by=current_user._get_current_object())
        flash(_("The second factor of %(email)s is off.", email=account.email), "success")
    return redirect(url_for(".accounts"))
