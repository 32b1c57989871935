"""One's own account: change the password, turn the second factor (TOTP) on or off."""

from __future__ import annotations

import segno
from flask import Blueprint, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from selfassess import unit_of_work
from selfassess.auth.access import declare_access
from selfassess.auth.forms import ChangePasswordForm, TotpForm
from selfassess.extensions import limiter
from selfassess.models import Account
from selfassess.services import security
from selfassess.services.errors import InvalidInput
from selfassess.services.sealing import seal, unseal

bp = Blueprint("account", __name__, url_prefix="/account", template_folder="templates")
#: Access: any signed-in staff account, each to its own account only (no id in any URL).
declare_access(bp, "signed-in")

#: The sealing purpose of a second-factor secret waiting in the session for its first code.
ENROL = "totp-enrol"


def _reauth_limit() -> str:
    return str(current_app.config["RATELIMIT_REAUTH"])


def _account_key() -> str:
    """The limit's key: the signed-in account, whichever browser holds its session."""
    return f"reauth:{current_user.get_id()}"


def _refused(response: Response) -> bool:
    """A refused password shows the form again (200); a done change redirects."""
    return response.status_code == 200


#: What someone at a browser left signed in could guess here (the current password, the
#: current code) meets a limit per account: a stolen session must not become a password.
reauth_limit = limiter.shared_limit(
    _reauth_limit, scope="reauth", key_func=_account_key, methods=["POST"], deduct_when=_refused
)


def _me() -> Account:
    return current_user._get_current_object()  # type: ignore[no-any-return]


@bp.route("/", methods=["GET", "POST"])
@reauth_limit
def index() -> str | Response:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            secret = security.change_own_password(
                _me(), form.current.data or "", form.password.data or ""
            )
        except InvalidInput as error:
            form.current.errors = [_translate(str(error))]
        else:
            session["sid"] = secret  # this browser's new session; the others have ended
            login_user(_me())
            flash(_("Your password is changed. Other browsers are signed out."), "success")
            return redirect(url_for(".index"))
    return render_template("account/index.html", form=form, off_form=TotpForm(formdata=None))


@bp.route("/two-factor", methods=["GET", "POST"])
def two_factor() -> str | Response:
    """Enrol: show a new secret (QR code and text), turn it on once a code proves it."""
    account = _me()
    if account.totp_secret:
        return redirect(url_for(".index"))
    # Sealed: Flask's session cookie is signed, not encrypted, and it outlives the page.
    sealed = session.get("totp_enrol")
    secret = (unseal(sealed, ENROL) if isinstance(sealed, str) else None) or (
        security.new_totp_secret()
    )
    session["totp_enrol"] = seal(secret, ENROL)
    form = TotpForm()
    if form.validate_on_submit():
        try:
            security.enable_totp(account, secret, form.code.data or "")
        except InvalidInput:
            form.code.errors = [_("The code is not right: check the phone's clock and try again.")]
        else:
            session.pop("totp_enrol", None)
            flash(_("The second factor is on: sign-in now asks for a code."), "success")
            return redirect(url_for(".index"))
    uri = security.totp_uri(account, secret)
    qr = Markup(segno.make(uri, error="m").svg_inline(scale=4, title=_("QR code to scan")))  # noqa: S704  (segno's own SVG, no user text)
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return render_template("account/two_factor.html", form=form, qr=qr, secret=grouped)


@bp.post("/two-factor/off")
@limiter.limit(_reauth_limit, key_func=_account_key)
def two_factor_off() -> Response:
    """Off only with a current code: a browser left signed in cannot remove the factor."""
    form = TotpForm()
    if form.validate_on_submit() and security.check_totp(_me(), form.code.data or ""):
        security.disable_totp(_me(), by=_me())
        flash(_("The second factor is off."), "info")
    else:
        unit_of_work.commit()  # a code tried is spent, whatever becomes of the request
        flash(_("The code is not right. Type the code your app shows now."), "error")
    return redirect(url_for(".index"))


#: Service refusals, in the visitor's language.
REFUSALS = {
    "the current password is not right": _l("The current password is not right."),
    "the new password must differ from the current one": _l(
        "The new password must differ from the current one."
    ),
}


def _translate(message: str) -> str:
    return str(REFUSALS.get(message, message))
