"""Anonymity by design: after submission nothing joins an invitation to its response."""

from __future__ import annotations

import re
from datetime import time

import sqlalchemy as sa

from selfassess.extensions import db
from selfassess.models import Invitation, InvitationState, Response
from selfassess.services.invitations import CODE_ALPHABET
from tests.integration.respond.conftest import Respondent, answers_of, session_csrf


def submitted(respondent, round_):  # type: ignore[no-untyped-def]
    person = respondent(round_, "mp", {"sex": "female"})
    person.post("profile", {"p-years": "3"})
    person.save_page(2, {"q-ovs-committee": "yes", "c-ovs-budget": "the 2024 budget"})
    reply = person.submit()
    assert reply.status_code == 302
    return person, reply


def resume_cookie(client, round_):  # type: ignore[no-untyped-def]
    return client.get_cookie(f"selfassess_resume_{round_.id}", path="/r/")


def every_row() -> dict[str, list[dict[str, object]]]:
    """Every row of every table, as plain values."""
    with db.engine.connect() as conn:
        return {
            table.name: [dict(row._mapping) for row in conn.execute(sa.select(table))]
            for table in db.metadata.sorted_tables
        }


def test_after_submission_no_table_links_an_invitation_to_the_response(make_round, respondent):
    round_ = make_round()
    person, _ = submitted(respondent, round_)
    response = person.response()
    rows = every_row()
    # Only answers point at the response; every invitation has lost its pointer.
    for table in db.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table.name == "responses" and table.name != "answers":
                values = {row[key.parent.name] for row in rows[table.name]}
                assert values <= {None}, f"{table.name}.{key.parent.name} still links"
    (invitation,) = rows["invitations"]
    assert invitation["response_id"] is None
    assert invitation["state"] is InvitationState.SUBMITTED
    # The audit log holds only what staff did; nothing about answering.
    actions = {event["action"] for event in rows["audit_events"]}
    assert actions <= {"instrument.load", "round.create", "round.open", "invitations.create"}
    # The response holds no identity and only day-precise times.
    (stored,) = rows["responses"]
    assert set(stored["profile"]) == {"sex", "years"} and stored["role"] == "mp"
    for name in ("consented_at", "started_at", "updated_at", "submitted_at"):
        assert stored[name].time() == time(0, 0), name
    assert all(row["updated_at"].time() == time(0, 0) for row in rows["answers"])
    assert stored["resume_hash"] and len(stored["resume_hash"]) == 64
    assert stored["draft_key"] is None  # the link no longer finds it
    assert response.id == stored["id"]


def test_the_resume_secret_is_a_cookie_and_a_code_shown_once(make_round, respondent):
    round_ = make_round()
    person, reply = submitted(respondent, round_)
    header = next(h for h in reply.headers.getlist("Set-Cookie") if "selfassess_resume" in h)
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Path=/r/" in header
    assert "Max-Age=" in header
    secret = resume_cookie(person.client, round_).value
    # Short enough to note down (issue 11): 12 symbols read as three groups of four.
    assert len(secret) == 12 and set(secret) <= set(CODE_ALPHABET)
    page = person.client.get(person.url("done")).get_data(as_text=True)
    done = re.sub(r"<[^>]+>", "", page)  # the code's groups are spans, to wrap between them
    shown = "-".join(secret[i : i + 4] for i in range(0, 12, 4))
    assert shown in done and "Your resume code" in done
    # Only its hash is stored.
    assert secret not in repr(every_row())


def test_the_same_browser_comes_back_through_the_link(make_round, respondent, web_client):
    round_ = make_round()
    person, _ = submitted(respondent, round_)
    with person.client.session_transaction() as session:
        session.clear()  # the browser was closed: only the long-lived cookie remains
    entered = person.enter(person.token)
    assert entered.status_code == 302
    assert person.client.get(person.url("continue")).location == "/r/test-round/done"


def test_another_browser_needs_the_resume_code(make_round, respondent, web_client):
    round_ = make_round()
    person, _ = submitted(respondent, round_)
    secret = resume_cookie(person.client, round_).value
    other = Respondent(web_client(), round_)
    assert other.enter(person.token).status_code == 403
    wrong = other.client.post(
        other.url("resume"), data={"code": "A" * 12, "csrf_token": other.csrf()}
    )
    assert wrong.status_code == 403 and "not right" in wrong.get_data(as_text=True)
    typed = " ".join(secret[i : i + 3] for i in range(0, 12, 3)).lower()
    right = other.client.post(other.url("resume"), data={"code": typed, "csrf_token": other.csrf()})
    assert right.status_code == 302
    assert other.response().id == person.response().id


def test_reopening_keeps_it_unlinked_and_the_noted_code_keeps_working(
    make_round, respondent, web_client
):
    round_ = make_round()
    person, _ = submitted(respondent, round_)
    first = resume_cookie(person.client, round_).value
    assert person.post("reopen", {}).status_code == 302
    assert db.session.scalar(sa.select(Invitation.response_id)) is None
    person.autosave({"question": "ovs-committee", "value": "no"})
    reply = person.submit()
    assert reply.status_code == 302
    # A resubmission issues no new code: the one written down stays the key (issue 11).
    assert not any("selfassess_resume" in h for h in reply.headers.getlist("Set-Cookie"))
    assert resume_cookie(person.client, round_).value == first
    stranger = Respondent(web_client(), round_)
    noted = stranger.client.post(
        stranger.url("resume"), data={"code": first, "csrf_token": session_csrf(stranger.client)}
    )
    assert noted.status_code == 302
    assert db.session.query(Response).count() == 1
    assert answers_of(person.response())["ovs-committee"] == ("no", None)


def test_forgetting_the_browser_removes_its_access(make_round, respondent):
    round_ = make_round()
    person, _ = submitted(respondent, round_)
    reply = person.post("forget", {})
    assert reply.status_code == 302
    assert resume_cookie(person.client, round_) is None
    assert person.client.get(person.url("done")).status_code == 403


def test_an_identified_round_keeps_the_link_and_exact_times(make_round, respondent, web_client):
    round_ = make_round(anonymous=False)
    person, reply = submitted(respondent, round_)
    assert not any("selfassess_resume" in h for h in reply.headers.getlist("Set-Cookie"))
    invitation = db.session.scalar(sa.select(Invitation))
    db.session.refresh(invitation)
    assert invitation.response_id == person.response().id
    assert invitation.state is InvitationState.SUBMITTED
    later = Respondent(web_client(), round_)
    assert later.enter(person.token).status_code == 302
    assert later.client.get(later.url("continue")).location == "/r/test-round/done"
    page = later.client.get(later.url("done")).get_data(as_text=True)
    assert "Your resume code" not in page
    assert later.post("reopen", {}).status_code == 302
    db.session.refresh(invitation)
    assert invitation.state is InvitationState.STARTED
