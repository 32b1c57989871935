"""The register's blueprints, their access rules, and what their pages share."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from selfassess.auth.access import declare_access
from selfassess.services import register as reg

TEMPLATES = "templates"

bp = Blueprint("register", __name__, url_prefix="/register", template_folder=TEMPLATES)
#: Access: staff who read the register and focal points who report progress.
declare_access(bp, "register")

edit_bp = Blueprint("register_edit", __name__, url_prefix="/register/edit")
#: Access: administrators and consultants write recommendations and the plan.
declare_access(edit_bp, "staff")

admin_bp = Blueprint("register_admin", __name__, url_prefix="/register/manage")
#: Access: administrators manage bodies, focal points and what is published.
declare_access(admin_bp, "admin")

public_bp = Blueprint("accountability", __name__, url_prefix="/accountability")
#: Access: everyone, without signing in; it shows only published recommendations.
declare_access(public_bp, "public")

RECOMMENDATION_STATUS_LABELS = {
    "proposed": _l("Proposed"),
    "accepted": _l("Accepted"),
    "in_progress": _l("In progress"),
    "implemented": _l("Implemented"),
    "not_accepted": _l("Not accepted"),
}
ACTION_STATUS_LABELS = {
    "not_started": _l("Not started"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
    "cancelled": _l("Cancelled"),
}


def lang() -> str:
    return str(get_locale() or "en")


def helpers() -> dict[str, Any]:
    """Template helpers of every register page: texts in the page's language."""
    here = lang()
    return {
        "lang": here,
        "in_lang": lambda texts: reg.name_in(texts, here),
        "rec_status": RECOMMENDATION_STATUS_LABELS,
        "act_status": ACTION_STATUS_LABELS,
        "shown": shown,
    }


def shown(value: Any) -> str:
    """A history value as text: texts by language, lists joined, nothing as a dash."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, dict):
        return "; ".join(f"{code}: {text}" for code, text in value.items())
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


for _blueprint in (bp, edit_bp, admin_bp, public_bp):
    _blueprint.context_processor(helpers)


def or_404(find: Any, *args: Any) -> Any:
    from selfassess.services.errors import NotFound

    try:
        return find(*args)
    except NotFound:
        abort(404)
