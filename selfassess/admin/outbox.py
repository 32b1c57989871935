"""The e-mail outbox: what is queued, sent or failed, and a failed message queued again."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from selfassess.admin.base import bp
from selfassess.admin.forms import ActionForm
from selfassess.services import mail


@bp.get("/outbox")
def outbox() -> str:
    return render_template(
        "admin/outbox.html",
        enabled=mail.mail_enabled(),
        counts=mail.outbox_counts(),
        messages=mail.recent_messages(),
        action_form=ActionForm(),
    )


@bp.post("/outbox/<int:message_id>/retry")
def outbox_retry(message_id: int) -> Response:
    if ActionForm().validate_on_submit() and mail.retry(message_id) is not None:
        flash(_("The message is queued again."), "success")
    return redirect(url_for(".outbox"))
