"""Public pages: home, health check, language switch."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session
from sqlalchemy import text as sql

from selfassess.auth.access import declare_access
from selfassess.extensions import db
from selfassess.services.instruments import list_versions
from selfassess.services.rounds import list_rounds
from selfassess.urls import safe_next

bp = Blueprint("main", __name__)
#: Access: public. Nothing here reveals a respondent or an answer.
declare_access(bp, "public")


@bp.get("/")
def home() -> str:
    return render_template("home.html", versions=list_versions(), rounds=list_rounds())


@bp.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    try:
        db.session.execute(sql("SELECT 1"))
    except Exception:  # any database failure means unhealthy
        current_app.logger.exception("health check: database unreachable")
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200


@bp.get("/language/<code>")
def language(code: str):  # type: ignore[no-untyped-def]
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_next(request.args.get("next"), default="/"))
