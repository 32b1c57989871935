"""Action reminders by e-mail (issue 14 item 2): one bilingual message per focal point,
queued through the outbox by ``selfassess recommendations remind`` or the console's
button, and delivered to a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

from datetime import date
from email.header import decode_header, make_header
from typing import Any

from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import AuditEvent, OutboxMessage
from selfassess.services import action_mail, mail, plan
from tests.conftest import post_form
from tests.integration.mail.test_outbox import smtp  # noqa: F401 (fixture)
from tests.integration.register.test_register_cli import _loaded


def _focal_points(make_account: Any) -> None:
    hr = make_account("focal_point", email="hr@example.org")
    legal = make_account("focal_point", email="legal@example.org")
    plan.set_focal_bodies(hr, ["hr-administration"])
    plan.set_focal_bodies(legal, ["legal-committee"])
    db.session.commit()


def _body(message: Any) -> str:
    payload = message.get_payload(decode=True)
    return payload.decode(message.get_content_charset() or "utf-8")


def test_the_command_queues_and_the_outbox_delivers(
    register_ready: Any,
    write: Any,
    make_account: Any,
    smtp: Any,  # noqa: F811
) -> None:
    inbox, _server = smtp
    _loaded(register_ready, write)
    _focal_points(make_account)
    result = register_ready.invoke(args=["recommendations", "remind", "--days", "14"])
    assert result.exit_code == 0, result.output
    # Action 2 of SA-2025-07 (hr-administration) was due 2026-01-31: late for hr only.
    assert result.output.splitlines() == ["queued hr@example.org", "queued 1 reminders"]
    (queued,) = db.session.scalars(select(OutboxMessage)).all()
    assert queued.kind == "action_reminder" and queued.secret_link is None
    assert mail.send_pending().sent == 1
    (message,) = inbox.messages
    assert message["To"] == "hr@example.org"
    subject = str(make_header(decode_header(message["Subject"])))
    assert "Plan of action" in subject and " / " in subject  # both languages
    body = _body(message)
    assert "SA-2025-07/2: Train staff" in body and "SA-2025-07/2: Ажилтнуудыг сургах" in body
    assert "days late" in body and "/register/reminders" in body
    assert "Draft the policy" not in body  # done: no reminder
    assert db.session.scalars(select(AuditEvent).filter_by(action="recommendations.remind")).one()


def test_without_mail_the_command_says_so_and_queues_nothing(
    register_ready: Any, write: Any, make_account: Any
) -> None:
    _loaded(register_ready, write)
    _focal_points(make_account)
    result = register_ready.invoke(args=["recommendations", "remind"])
    assert result.exit_code == 1
    assert "e-mail is not configured" in result.output
    assert action_mail.queue_action_reminders() == []
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_the_console_button(
    register_ready: Any,
    write: Any,
    make_account: Any,
    client: Any,
    login_as: Any,
    smtp: Any,  # noqa: F811
) -> None:
    _loaded(register_ready, write)
    _focal_points(make_account)
    login_as("admin")
    page = client.get("/register/reminders").get_data(as_text=True)
    assert "E-mail the focal points now" in page
    reply = post_form(client, "/register/manage/reminders/send", {}, page="/register/reminders")
    assert reply.status_code == 302
    assert [m.recipient for m in db.session.scalars(select(OutboxMessage))] == ["hr@example.org"]
    assert client.post("/register/manage/reminders/send", data={}).status_code == 400  # CSRF


def test_a_quiet_day_queues_nothing(
    register_ready: Any,
    write: Any,
    make_account: Any,
    smtp: Any,  # noqa: F811
) -> None:
    _loaded(register_ready, write)
    _focal_points(make_account)
    assert action_mail.queue_action_reminders(today=date(2025, 1, 1), days=0) == []
