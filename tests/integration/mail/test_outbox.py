"""The outbox against a real SMTP server on loopback (aiosmtpd), outages included."""

from __future__ import annotations

import socket
from datetime import timedelta
from email import message_from_bytes
from email.header import decode_header, make_header
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from selfassess.extensions import db
from selfassess.models import OutboxMessage, OutboxState
from selfassess.models.mail import LINK_PLACEHOLDER
from selfassess.models.types import utcnow
from selfassess.services import mail


class Inbox:
    """An aiosmtpd handler that keeps what it receives, or refuses with ``refuse``."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        #: An SMTP reply to give instead of accepting (e.g. ``451 try later``).
        self.refuse: str | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return self.refuse
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """An SMTP server on a fixed loopback port that can go down and come back."""

    def __init__(self, inbox: Inbox, port: int) -> None:
        self.inbox, self.port = inbox, port
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(app):  # type: ignore[no-untyped-def]
    inbox = Inbox()
    port = free_port()
    controller = Server(inbox, port)
    controller.start()
    app.config.update(
        MAIL_HOST="127.0.0.1",
        MAIL_PORT=port,
        MAIL_TLS="none",
        MAIL_SENDER="Self-assessment <selfassess@example.org>",
        MAIL_TIMEOUT=5,
    )
    yield inbox, controller
    controller.stop()


def queue(n: int) -> list[str]:
    links = [f"http://localhost/r/secret-{i}-{'x' * 20}" for i in range(n)]
    for i, link in enumerate(links):
        mail.queue_message(
            "invitation",
            f"person{i}@example.org",
            subject=f"Урилга {i}",
            body=f"Сайн байна уу,\n{LINK_PLACEHOLDER}\n",
            language="mn",
            secret_link=link,
        )
    db.session.commit()
    return links


def rows() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)))


def make_due() -> None:
    """Time passes: every waiting message is due again."""
    for row in rows():
        row.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()


def test_an_smtp_outage_in_the_middle_loses_nothing_and_links_leave_the_outbox(smtp):
    inbox, controller = smtp
    links = queue(6)
    first = mail.send_pending(limit=2)
    assert (first.sent, first.waiting) == (2, 4)

    controller.stop()  # the SMTP server goes down in the middle of the queue
    down = mail.send_pending()
    assert (down.sent, down.retrying, down.failed, down.waiting) == (0, 1, 0, 4)
    waiting = [r for r in rows() if r.state is OutboxState.QUEUED]
    assert len(waiting) == 4 and all(r.secret_link for r in waiting)  # nothing lost
    assert [mail.secret_link_of(r) for r in waiting] == links[2:]
    assert not any(link in r.secret_link for r, link in zip(waiting, links[2:], strict=True))
    assert waiting[0].attempts == 1 and waiting[0].last_error
    assert mail.send_pending().sent == 0  # not due yet: backoff

    controller.start()  # back up
    make_due()
    after = mail.send_pending()
    assert (after.sent, after.waiting) == (4, 0)

    assert sorted(m["To"] for m in inbox.messages) == sorted(
        f"person{i}@example.org" for i in range(6)
    )
    bodies = {m["To"]: m.get_payload(decode=True).decode("utf-8") for m in inbox.messages}
    for i, link in enumerate(links):
        assert link in bodies[f"person{i}@example.org"]
        assert "Сайн байна уу" in bodies[f"person{i}@example.org"]
    subjects = {str(make_header(decode_header(m["Subject"]))) for m in inbox.messages}
    assert subjects == {f"Урилга {i}" for i in range(6)}  # Cyrillic survives
    for row in rows():  # the stored rows keep no working secret after delivery
        assert row.state is OutboxState.SENT
        assert row.secret_link is None
        assert mail.LINK_REMOVED in row.body and "secret-" not in row.body


def test_a_temporary_refusal_is_retried_and_a_permanent_one_fails_without_its_link(smtp, app):
    inbox, _controller = smtp
    queue(2)
    inbox.refuse = "451 4.3.0 try again later"
    report = mail.send_pending()
    assert (report.sent, report.retrying, report.failed) == (0, 2, 0)
    assert all(r.state is OutboxState.QUEUED and r.secret_link for r in rows())

    inbox.refuse = "550 5.1.1 no such mailbox"
    make_due()
    report = mail.send_pending()
    assert (report.sent, report.failed) == (0, 2)
    for row in rows():
        assert row.state is OutboxState.FAILED
        assert row.secret_link is None and "secret-" not in row.body
        assert "550" in row.last_error


def test_the_last_attempt_gives_up(smtp, app):
    inbox, _controller = smtp
    app.config["MAIL_MAX_ATTEMPTS"] = 2
    queue(1)
    inbox.refuse = "451 later"
    mail.send_pending()
    make_due()
    assert mail.send_pending().failed == 1


def test_backoff_doubles_up_to_six_hours():
    assert [mail.backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert mail.backoff(30) == timedelta(hours=6)


def test_the_worker_command(smtp, runner):
    queue(3)
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "sent 3, retrying 0, failed 0, queued 0"
    status = runner.invoke(args=["mail", "status"])
    assert "e-mail on" in status.output and "sent 3" in status.output


def test_without_an_smtp_server_the_worker_says_e_mail_is_off(app, runner):
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 1
    assert result.output.strip().startswith("error: e-mail is off")
    assert "Traceback" not in result.output


def test_templates_are_written_in_the_recipients_language(smtp, app):
    with app.test_request_context():
        mail.queue_template(
            "password_reset",
            "a@example.org",
            language="mn",
            secret_link="http://x/r",
            email="a@example.org",
        )
        mail.queue_template(
            "password_reset",
            "b@example.org",
            language="en",
            secret_link="http://x/r",
            email="b@example.org",
        )
    db.session.commit()
    mn, en = rows()
    assert en.subject == "Reset your password"
    assert mn.subject != en.subject and any("\u0400" <= ch <= "\u04ff" for ch in mn.subject)
    assert LINK_PLACEHOLDER in mn.body and "http://x/r" not in mn.body


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"MAIL_HOST": "smtp.example.org"}, "MAIL_SENDER is not set"),
        (
            {"MAIL_HOST": "smtp.example.org", "MAIL_SENDER": "a@b.mn", "MAIL_TLS": "tls"},
            "MAIL_TLS must be",
        ),
    ],
)
def test_mail_settings_are_checked_at_start_up(settings, message):
    from tests.conftest import make_app

    with pytest.raises(RuntimeError, match=message):
        make_app("sqlite://", **settings)
