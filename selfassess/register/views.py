"""Reading the register: the list with filters, a recommendation, the plan, reminders."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from selfassess.models import AccountRole
from selfassess.register.base import bp, lang, or_404
from selfassess.register.filters import RegisterFilter, choices
from selfassess.register.forms import ActionForm
from selfassess.services import plan
from selfassess.services import register as reg
from selfassess.services.mail import mail_enabled


@bp.get("/")
def index() -> str:
    today = date.today()
    everything = reg.list_recommendations(today=today)
    chosen = RegisterFilter.from_args(request.args)
    items = chosen.apply(everything)
    labels = reg.item_labels(lang())
    return render_template(
        "register/index.html",
        items=items,
        total=len(everything),
        chosen=chosen,
        bodies=reg.body_labels(lang()),
        items_linked={link: labels.get(link, link) for link in choices(everything, "links")},
        sources=choices(everything, "source"),
        sdgs=choices(everything, "sdg"),
        section="register",
    )


@bp.get("/recommendation/<path:ref>")
def recommendation(ref: str) -> str:
    found = or_404(reg.get_recommendation, ref)
    today = date.today()
    counts = reg.update_counts(a.id for a in found.actions)
    data = reg.recommendation_dict(found, today, counts)
    found.actions.sort(key=lambda a: reg.natural(a.ref))
    return render_template(
        "register/recommendation.html",
        rec=found,
        data=data,
        actions=list(zip(found.actions, data["actions"], strict=True)),
        history=reg.history(found),
        bodies=reg.body_labels(lang()),
        item_labels=reg.item_labels(lang()),
        may_report={a.id: plan.may_report(current_user, a) for a in found.actions},
        csrf_form=ActionForm(),
        section="register",
    )


@bp.get("/plan")
def plan_of_action() -> str:
    """The plan of action: a timeline by due date, or a table (``?view=table``)."""
    today = date.today()
    view = "table" if request.args.get("view") == "table" else "timeline"
    mine = _mine_only()
    own = plan.own_body_ids(current_user) if mine else None
    body = request.args.get("body", "")
    rows = []
    for rec in reg.recommendations():
        counts = reg.update_counts(a.id for a in rec.actions)
        for action in rec.actions:
            if own is not None and action.body_id not in own:
                continue
            if body and action.responsible != body:
                continue
            rows.append((action, reg.action_dict(action, today, counts.get(action.id, 0))))
    rows.sort(key=lambda row: (row[0].due is None, row[0].due or today, row[0].recommendation.ref))
    may = _reportable_ids([action for action, _info in rows])
    return render_template(
        "register/plan.html",
        view=view,
        rows=rows,
        months=_by_month(rows),
        reportable=may,
        mine=mine,
        body=body,
        bodies=reg.body_labels(lang()),
        today=today,
        section="plan",
    )


def _reportable_ids(actions: list[Any]) -> set[int]:
    if current_user.role is not AccountRole.FOCAL_POINT:
        return {action.id for action in actions}
    own = plan.own_body_ids(current_user)
    return {action.id for action in actions if action.body_id in own}


def _mine_only() -> bool:
    """Focal points see their own bodies' actions first; anyone may switch."""
    default = "1" if current_user.role is AccountRole.FOCAL_POINT else "0"
    return request.args.get("mine", default) == "1"


def _by_month(rows: list[tuple[Any, dict[str, Any]]]) -> list[tuple[str, str, list[Any]]]:
    """(``YYYY-MM`` or empty, label, rows) by due month; no due date last."""
    months: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        due = row[0].due
        months[due.strftime("%Y-%m") if due else ""].append(row)
    return [(month, month or _("No due date"), months[month]) for month in months]


@bp.get("/reminders")
def reminders() -> str:
    """Overdue and due-soon actions: a focal point's own, everyone's for staff."""
    own = None
    if current_user.role is AccountRole.FOCAL_POINT:
        own = plan.own_body_ids(current_user)
    return render_template(
        "register/reminders.html",
        reminders=plan.reminders(body_ids=own),
        days=plan.DUE_SOON_DAYS,
        bodies=reg.body_labels(lang()),
        section="reminders",
        mail_on=mail_enabled(),
        send_form=ActionForm(formdata=None),
    )
