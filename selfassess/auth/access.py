"""Access rules, declared once per blueprint: ``bp.before_request(require_role(...))``."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, current_app
from flask_login import current_user

from selfassess.models import AccountRole


def require_role(*roles: AccountRole) -> Callable[[], object]:
    """A before_request hook: anonymous -> login page, wrong role -> 403."""

    def check() -> object:
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
        if current_user.role not in roles:
            abort(403)
        return None

    return check
