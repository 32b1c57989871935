"""Log in and out for staff accounts (administrators and consultants)."""

from __future__ import annotations

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

from selfassess.auth.forms import LoginForm
from selfassess.extensions import db, limiter, login_manager
from selfassess.models import Account, AccountRole
from selfassess.services import audit
from selfassess.services.accounts import authenticate
from selfassess.urls import safe_next

bp = Blueprint("auth", __name__, url_prefix="/auth", template_folder="templates")
#: Access: public (login) and any signed-in account (logout).
bp.access = "public"  # type: ignore[attr-defined]


@login_manager.user_loader
def load_account(session_id: str) -> Account | None:
    account_id, _sep, token = session_id.partition(":")
    if not account_id.isdigit():
        return None
    account = db.session.get(Account, int(account_id))
    # A deactivated account loses its open sessions too, not only future sign-ins.
    if account is None or account.session_token != token or not account.active:
        return None
    return account


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
            lang = session.get("lang")
            session.clear()  # a fresh session: no fixation of a pre-login session id
            if lang:
                session["lang"] = lang
            login_user(account)
            return redirect(safe_next(request.args.get("next"), default=_home_for(account)))
        flash(_("The e-mail address or the password is not right."), "error")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():  # type: ignore[no-untyped-def]
    audit.record("auth.logout", current_user.email)
    db.session.commit()
    lang = session.get("lang")
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


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
