"""The public accountability page: published recommendations and their progress only."""

from __future__ import annotations

from datetime import date

from flask import render_template

from selfassess.register.base import lang, public_bp
from selfassess.services import plan
from selfassess.services import register as reg


@public_bp.get("/")
def index() -> str:
    items = plan.published_register(date.today())
    return render_template(
        "register/public.html",
        items=items,
        bodies=reg.body_labels(lang()),
        item_labels=reg.item_labels(lang()),
    )
