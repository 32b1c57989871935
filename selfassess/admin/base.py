"""The admin blueprint, its access rule, and what every console page shares."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from selfassess.auth.access import declare_access
from selfassess.extensions import db
from selfassess.instrument.model import text
from selfassess.models import AuditEvent
from selfassess.services.accounts import list_accounts
from selfassess.services.instruments import list_versions
from selfassess.services.rounds import list_rounds

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")
#: Access: administrators only.
declare_access(bp, "admin")


@bp.context_processor
def _console_helpers() -> dict[str, Any]:
    return {"tr": text}


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_error: RequestEntityTooLarge) -> tuple[str, int]:
    """A friendly page instead of a bare 413: what the limit is and what to do."""
    limit = int(current_app.config["MAX_CONTENT_LENGTH"] or 0)
    return render_template("admin/too_large.html", megabytes=round(limit / 1024 / 1024, 1)), 413


@bp.get("/")
def index() -> str:
    events = db.session.scalars(
        select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(8)
    )
    return render_template(
        "admin/index.html",
        versions=list_versions(),
        rounds=list_rounds(),
        accounts=list_accounts(),
        events=list(events),
    )
