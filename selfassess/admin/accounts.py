"""Staff accounts: create, change role, deactivate (never one's own)."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from selfassess.admin.base import bp
from selfassess.admin.forms import ROLE_CHOICES, AccountCreateForm, AccountRoleForm, ActionForm
from selfassess.models import Account
from selfassess.services import accounts as account_service
from selfassess.services.errors import NotFound, ServiceError


@bp.route("/accounts", methods=["GET", "POST"])
def accounts() -> str | tuple[str, int] | WerkzeugResponse:
    form = AccountCreateForm()
    if form.validate_on_submit():
        try:
            account = account_service.create_account(
                form.email.data or "",
                form.role.data or "",
                form.password.data or "",
                name=form.name.data or "",
            )
        except ServiceError as error:
            form.email.errors = [*form.email.errors, str(error)]
        else:
            flash(_("Account %(email)s created.", email=account.email), "success")
            return redirect(url_for(".accounts"))
    page = render_template(
        "admin/accounts.html",
        form=form,
        accounts=account_service.list_accounts(),
        role_choices=ROLE_CHOICES,
        action_form=ActionForm(),
        me=current_user.id,
    )
    return (page, 422) if form.errors else page


@bp.post("/accounts/<int:account_id>/role")
def account_role(account_id: int) -> WerkzeugResponse:
    account = _account_or_404(account_id)
    form = AccountRoleForm()
    if form.validate_on_submit():
        _apply(
            lambda: account_service.change_role(account.id, form.role.data or "", by=current_user)
        )
    else:
        flash(_("Choose a role."), "error")
    return redirect(url_for(".accounts"))


@bp.post("/accounts/<int:account_id>/<any(activate, deactivate):action>")
def account_active(account_id: int, action: str) -> WerkzeugResponse:
    account = _account_or_404(account_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    _apply(lambda: account_service.set_active(account.id, action == "activate", by=current_user))
    return redirect(url_for(".accounts"))


def _apply(change: Callable[[], Account]) -> None:
    """Run a service change; say what happened in a flash message."""
    try:
        account = change()
    except ServiceError as error:
        flash(str(error), "error")
    else:
        flash(_("Account %(email)s updated.", email=account.email), "success")


def _account_or_404(account_id: int) -> Account:
    try:
        return account_service.get_account(account_id)
    except NotFound:
        abort(404)
