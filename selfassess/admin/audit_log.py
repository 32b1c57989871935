"""The audit log: who did what, when; filtered by action, actor and date, paginated."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from flask import render_template, request
from flask_babel import gettext as _
from sqlalchemy import Select, select
from wtforms import SelectChoice

from selfassess.admin.base import bp
from selfassess.admin.forms import AuditFilterForm
from selfassess.extensions import db
from selfassess.models import AuditEvent

PER_PAGE = 50
MAX_PAGE = 1_000_000


@bp.get("/audit")
def audit_log() -> str:
    form = AuditFilterForm(request.args)
    actions = db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    form.action.choices = [SelectChoice("", _("Any action")), *(SelectChoice(a) for a in actions)]
    query = select(AuditEvent)
    if form.validate():
        query = _filtered(query, form)
    page = db.paginate(
        query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()),
        # Clamped: a page number past any integer the database takes was a server error.
        page=min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE),
        per_page=PER_PAGE,
        max_per_page=PER_PAGE,
        error_out=False,
    )
    return render_template(
        "admin/audit.html", form=form, page=page, filters=_filters(form), details=_details
    )


def _filtered(query: Select[Any], form: AuditFilterForm) -> Select[Any]:
    if form.action.data:
        query = query.where(AuditEvent.action == form.action.data)
    if form.actor.data:
        query = query.where(AuditEvent.actor.icontains(form.actor.data.strip(), autoescape=True))
    if form.since.data:
        query = query.where(AuditEvent.at >= datetime.combine(form.since.data, time(), UTC))
    if form.until.data:
        # The day's last instant, not the next day's first: 9999-12-31 has no next day.
        end = datetime.combine(form.until.data, time.max, UTC)
        query = query.where(AuditEvent.at <= end)
    return query


def _filters(form: AuditFilterForm) -> dict[str, str]:
    """The current filters, for the pagination links."""
    return {
        name: str(request.args[name])
        for name in ("action", "actor", "since", "until")
        if request.args.get(name) and not getattr(form, name).errors
    }


def _details(event: AuditEvent) -> str:
    """``key=value`` pairs of an event's details, for one table cell."""
    return ", ".join(f"{key}={value}" for key, value in sorted((event.details or {}).items()))
