"""The resume code (issue 11, item 4): short, grouped, stable across resubmissions, kept
only as an HMAC, saved by download or print, never a box pre-filled with another secret."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import sqlalchemy as sa

from selfassess.extensions import db
from selfassess.models import Response
from selfassess.services import anonymity
from selfassess.services.invitations import CODE_ALPHABET
from tests.integration.respond.conftest import Respondent, session_csrf

GROUPED = re.compile(rf"^[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}$")


def submitted(respondent: Any, round_: Any) -> Any:
    person = respondent(round_, "staff", {"sex": "female"})
    person.autosave({"question": "ovs-committee", "value": "yes"})
    assert person.submit().status_code == 302
    return person


def shown_code(person: Any) -> str:
    page = re.sub(r"<[^>]+>", "", person.client.get(person.url("done")).get_data(as_text=True))
    found = re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\b", page)
    assert found, "no resume code on the thank-you page"
    return found.group(1)


def test_the_code_is_short_grouped_and_stored_only_as_a_keyed_hash(make_round, respondent) -> None:
    person = submitted(respondent, make_round())
    code = shown_code(person)
    assert GROUPED.match(code)
    stored = db.session.scalar(sa.select(Response.resume_hash))
    plain = code.replace("-", "")
    assert stored == anonymity.resume_hash(code)
    assert stored != hashlib.sha256(plain.encode()).hexdigest()  # keyed: a dump cannot try codes
    with db.engine.connect() as connection:
        dump = repr([list(r) for r in connection.execute(sa.text("SELECT * FROM responses"))])
    assert plain not in dump


def test_the_written_down_code_survives_every_resubmission(make_round, respondent, web_client):
    round_ = make_round()
    person = submitted(respondent, round_)
    code = shown_code(person)
    for value in ("no", "yes"):
        assert person.post("reopen", {}).status_code == 302
        person.autosave({"question": "ovs-committee", "value": value})
        assert person.submit().status_code == 302
        assert shown_code(person) == code
    elsewhere = Respondent(web_client(), round_)
    typed = code.lower().replace("-", " ")
    reply = elsewhere.client.post(
        elsewhere.url("resume"), data={"code": typed, "csrf_token": session_csrf(elsewhere.client)}
    )
    assert reply.status_code == 302
    # The other device now keeps the code too, and shows it after its own resubmission.
    assert elsewhere.post("reopen", {}).status_code == 302
    assert elsewhere.submit().status_code == 302
    assert shown_code(elsewhere) == code


def test_the_code_downloads_as_a_small_text_file(make_round, respondent, web_client) -> None:
    round_ = make_round()
    person = submitted(respondent, round_)
    code = shown_code(person)
    reply = person.client.get(person.url("resume-code.txt"))
    assert reply.status_code == 200 and reply.mimetype == "text/plain"
    assert "attachment" in reply.headers["Content-Disposition"]
    assert reply.headers["Cache-Control"] == "no-store"
    text = reply.get_data(as_text=True)
    assert code in text and "/r/test-round/resume" in text and len(text) < 1000
    page = person.client.get(person.url("done")).get_data(as_text=True)
    assert "resume-code.txt" in page and "data-print" in page
    # Another browser, granted nothing, gets nothing.
    assert web_client().get(person.url("resume-code.txt")).status_code == 403


def test_no_box_is_pre_filled_with_the_access_code(make_round, respondent, web_client) -> None:
    round_ = make_round()
    person = submitted(respondent, round_)
    other = web_client()  # another device: the access code, typed
    reply = other.post("/r/code", data={"code": person.code, "csrf_token": session_csrf(other)})
    assert reply.status_code == 403
    page = reply.get_data(as_text=True)
    assert "already been used" in page
    box = re.search(r'<input[^>]*name="code"[^>]*>', page)
    assert box and 'value="' not in box.group(0).replace('value=""', "")
    assert person.code not in page
