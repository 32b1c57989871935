"""Access rules, declared once per blueprint: ``declare_access(bp, "staff")``.

One call both labels the blueprint (``bp.access``, which the authorisation matrix test
reads) and installs its guard, so the label and the check cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, current_app
from flask_login import current_user

from selfassess.models import AccountRole

#: Rule -> the account roles it admits; None: no account guard (public pages, and
#: respondent pages, whose grant in the session is checked by ``respond/grants.py``).
RULES: dict[str, tuple[AccountRole, ...] | None] = {
    "public": None,
    "respondent": None,
    "signed-in": tuple(AccountRole),
    "staff": (AccountRole.CONSULTANT, AccountRole.ADMIN),
    "admin": (AccountRole.ADMIN,),
    "panel": (AccountRole.FACILITATOR, AccountRole.CONSULTANT, AccountRole.ADMIN),
    "register": (AccountRole.ADMIN, AccountRole.CONSULTANT, AccountRole.FOCAL_POINT),
}


def declare_access(bp: Blueprint, rule: str) -> Blueprint:
    """Label ``bp`` with ``rule`` and guard every one of its routes by it."""
    roles = RULES[rule]  # an unknown rule is a programming error: fail at import
    bp.access = rule  # type: ignore[attr-defined]
    if roles is not None:
        bp.before_request(require_role(*roles))
    return bp


def require_role(*roles: AccountRole) -> Callable[[], object]:
    """A before_request hook: anonymous -> login page, wrong role -> 403."""

    def check() -> object:
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
        if current_user.role not in roles:
            abort(403)
        return None

    return check
