"""The resume code e-mailed to oneself: queued sealed, sent, then gone from the outbox."""

from __future__ import annotations

import re
from typing import Any

from selfassess.extensions import db
from selfassess.models import OutboxMessage, Response
from selfassess.services import mail
from tests.integration.anonymity.test_resume_code import shown_code, submitted
from tests.integration.mail.test_outbox import smtp
from tests.integration.respond.conftest import session_csrf

__all__ = ["smtp"]  # the real SMTP server on loopback (aiosmtpd)


def mail_on(app: Any) -> None:
    app.config.update(MAIL_HOST="127.0.0.1", MAIL_SENDER="selfassess@example.org")


def post_email(person: Any, address: str) -> Any:
    return person.client.post(
        person.url("resume-code/email"),
        data={"email": address, "csrf_token": session_csrf(person.client)},
    )


def test_the_code_goes_to_the_address_typed_and_is_not_kept(smtp, make_round, respondent) -> None:
    inbox, _server = smtp
    person = submitted(respondent, make_round())
    code = shown_code(person)
    page = person.client.get(person.url("done")).get_data(as_text=True)
    assert "resume-code/email" in page
    assert post_email(person, "me@example.mn").status_code == 302

    (message,) = db.session.scalars(db.select(OutboxMessage)).all()
    assert message.recipient == "me@example.mn" and message.kind == "resume_code"
    stored = f"{message.subject}{message.body}{message.secret_link}"
    assert code not in stored and code.replace("-", "") not in stored  # sealed at rest
    assert mail.secret_link_of(message) == code

    assert mail.send_pending().sent == 1
    (received,) = inbox.messages
    assert received["To"] == "me@example.mn"
    assert code in received.get_payload(decode=True).decode("utf-8")
    db.session.expire_all()
    message = db.session.get(OutboxMessage, message.id)
    assert message.secret_link is None  # nothing left that opens the answers
    response = db.session.scalar(db.select(Response))
    assert str(response.id) not in f"{message.subject}{message.body}"


def test_no_code_is_sent_without_mail_or_to_a_bad_address(app, make_round, respondent) -> None:
    person = submitted(respondent, make_round())
    page = person.client.get(person.url("done")).get_data(as_text=True)
    assert "resume-code/email" not in page  # no SMTP server configured: no form
    assert post_email(person, "me@example.mn").status_code == 302
    mail_on(app)
    assert post_email(person, "not an address").status_code == 302
    assert db.session.scalars(db.select(OutboxMessage)).all() == []
    assert re.search("e-mail", person.client.get(person.url("done")).get_data(as_text=True))
