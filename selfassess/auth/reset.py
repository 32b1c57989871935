"""Password reset by e-mail: a hashed, single-use link valid for an hour.

The request page answers the same whether or not the address has an account, so it
tells nobody which addresses exist.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from selfassess.auth.forms import ForgotForm, NewPasswordForm
from selfassess.auth.views import _login_limit, bp
from selfassess.extensions import limiter
from selfassess.services import audit, security
from selfassess.services.accounts import find_account
from selfassess.services.errors import InvalidInput
from selfassess.services.mail import mail_enabled, queue_template
from selfassess.urls import public_url


def _reset_address_limit() -> str:
    return str(current_app.config["RATELIMIT_RESET_ADDRESS"])


def _typed_address() -> str:
    """The limit's key: the address typed, whatever the sender's address, so that nobody
    floods a mailbox; alike for addresses with and without an account."""
    return "reset:" + str(request.form.get("email", "")).strip().lower()[:254]


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_reset_address_limit, key_func=_typed_address, methods=["POST"])
def forgot() -> str | Response:
    if not mail_enabled():
        abort(404, _("Password reset by e-mail is off: ask an administrator to reset it."))
    form = ForgotForm()
    if form.validate_on_submit():
        typed = (form.email.data or "").strip().lower()[:254]
        account = find_account(typed)
        # Recorded alike for every address: the answer and the work differ as little as
        # possible between an address with an account and one without.
        audit.record("auth.reset_request", audit.typed_address(typed), actor="anonymous")
        if account is not None and account.active:
            secret = security.issue_reset(account)
            queue_template(
                "password_reset",
                account.email,
                language=_language(),
                secret_link=public_url("auth.reset", token=secret),
                email=account.email,
            )
        flash(
            _(
                "If an account has this address, a message with a link is on its way. "
                "The link works for an hour."
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def reset(token: str) -> str | Response:
    account = security.reset_account(token)
    if account is None:
        abort(404, _("This link has expired or was already used. Ask for a new one."))
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            security.reset_password(token, form.password.data or "")
        except InvalidInput as error:
            form.password.errors = [str(error)]
        else:
            flash(_("Your password is changed. Sign in with it."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form, email=account.email)


def _language() -> str:
    from flask_babel import get_locale

    code = str(get_locale() or "en")
    return code if code in current_app.config["LANGUAGES"] else "en"
