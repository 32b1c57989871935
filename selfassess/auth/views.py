"""Sign-in (with the second factor when enabled) and sign-out for staff accounts."""

from __future__ import annotations

import time

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from selfassess import unit_of_work
from selfassess.auth.access import declare_access
from selfassess.auth.forms import LoginForm, TotpForm
from selfassess.extensions import db, limiter, login_manager
from selfassess.models import Account, AccountRole
from selfassess.services import audit, security
from selfassess.services.accounts import authenticate
from selfassess.urls import safe_next

bp = Blueprint("auth", __name__, url_prefix="/auth", template_folder="templates")
#: Access: public (sign-in, second factor, password reset) and any signed-in account
#: (sign-out).
declare_access(bp, "public")

#: Seconds between the password and the second factor before sign-in starts over.
SECOND_FACTOR_WINDOW = 300


@login_manager.user_loader
def load_account(session_id: str) -> Account | None:
    account_id, _sep, token = session_id.partition(":")
    if not account_id.isdigit():
        return None
    # Only a session the server still knows: sign-out and a password change end it.
    return security.load_session(int(account_id), token, session.get("sid", ""))


login_manager.login_message = None


def _login_limit() -> str:
    return str(current_app.config["RATELIMIT_LOGIN"])


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated:
        return redirect(_home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        account = authenticate(form.email.data or "", form.password.data or "")
        if account is not None:
            target = safe_next(request.args.get("next"), default="")
            _fresh_session()
            if account.totp_secret:
                session["second_factor"] = {"id": account.id, "at": time.time(), "next": target}
                return redirect(url_for("auth.second_factor"))
            return _sign_in(account, target)
        flash(_("The e-mail address or the password is not right."), "error")
    return render_template("auth/login.html", form=form)


def _second_factor_limit() -> str:
    return str(current_app.config["RATELIMIT_SECOND_FACTOR"])


def _pending_account() -> str:
    """The limit's key: the account waiting for its code, whatever the address."""
    pending = session.get("second_factor") or {}
    return f"second-factor:{pending.get('id', 0)}"


def _refused(response: Response) -> bool:
    """A wrong code shows the form again (200); a right one redirects."""
    return response.status_code == 200


@bp.route("/second-factor", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(
    _second_factor_limit, key_func=_pending_account, methods=["POST"], deduct_when=_refused
)
def second_factor():  # type: ignore[no-untyped-def]
    pending = session.get("second_factor") or {}
    account = db.session.get(Account, pending.get("id", 0)) if pending else None
    if account is None or time.time() - pending.get("at", 0) > SECOND_FACTOR_WINDOW:
        session.pop("second_factor", None)
        flash(_("Sign in again: the page waited too long for the code."), "info")
        return redirect(url_for("auth.login"))
    form = TotpForm()
    if form.validate_on_submit():
        if security.check_totp(account, form.code.data or ""):
            session.pop("second_factor", None)
            return _sign_in(account, pending.get("next", ""))
        audit.record("auth.totp_failed", account.email, actor="anonymous")
        unit_of_work.commit()  # a refused code is recorded whatever becomes of the request
        form.code.errors = [_("The code is not right. Type the code your app shows now.")]
    return render_template("auth/second_factor.html", form=form)


@bp.post("/logout")
@login_required
def logout():  # type: ignore[no-untyped-def]
    audit.record("auth.logout", current_user.email)
    security.end_session(session.get("sid", ""))
    logout_user()
    _fresh_session()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


def _fresh_session() -> None:
    """A new session keeping only the language: no fixation of an earlier session."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def _sign_in(account: Account, target: str):  # type: ignore[no-untyped-def]
    secret = security.start_session(account)
    session["sid"] = secret
    login_user(account)
    return redirect(target or _home_for(account))


#: Where each kind of account starts after signing in.
HOME_BY_ROLE = {
    AccountRole.ADMIN: "admin.index",
    AccountRole.CONSULTANT: "consult.index",
    AccountRole.FACILITATOR: "panel.index",
    AccountRole.FOCAL_POINT: "register.plan_of_action",
}


def _home_for(account: Account) -> str:
    endpoint = HOME_BY_ROLE.get(account.role, "main.home")
    if endpoint in current_app.view_functions:
        return url_for(endpoint)
    return url_for("main.home")


from selfassess.auth import reset  # noqa: E402, F401  (its routes join this blueprint)
