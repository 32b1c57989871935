"""The express path writes one autosaved answer in one statement on PostgreSQL (two
library calls on SQLite; counted in test_page_cache.py) and stores what the ordinary path
stores (respond/express_save.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import update

from selfassess.extensions import db
from selfassess.models import Answer, Invitation, Response, ResponseState
from selfassess.respond.express import SERVED
from selfassess.services import invitation_admin, rounds
from tests.integration.respond.conftest import answers_of


@pytest.fixture
def served(app: Flask) -> Iterator[list[bool]]:
    """Whether the express path served each request, in order."""
    express = app.extensions["express"]
    marks: list[bool] = []

    def watched(environ: dict[str, Any], start_response: Any) -> Any:
        reply = express(environ, start_response)
        marks.append(bool(environ.get(SERVED)))
        return reply

    app.wsgi_app = watched
    yield marks
    app.wsgi_app = express


def test_a_comment_and_a_value_sent_apart_are_both_kept(make_round, respondent, served):
    person = respondent(make_round())
    first = person.autosave({"question": "ovs-budget", "comment": "  Кирилл  "})
    assert first.status_code == 200 and served[-1]
    second = person.autosave({"question": "ovs-budget", "value": "4"})
    assert second.status_code == 200 and served[-1]
    stored = db.session.query(Answer).filter_by(response_id=person.response().id).one()
    assert (stored.value, stored.numeric, stored.comment) == ("4", 4.0, "Кирилл")
    person.autosave({"question": "ovs-budget", "value": "2"})  # an update keeps the comment
    assert answers_of(person.response()) == {"ovs-budget": ("2", "Кирилл")}


def test_what_is_not_one_kept_answer_is_written_by_the_ordinary_code(
    make_round, respondent, served
):
    person = respondent(make_round())
    both = person.autosave(
        {
            "answers": [
                {"question": "ovs-budget", "value": "3", "comment": "why"},
                {"question": "ovs-example", "value": "text"},
            ]
        }
    )
    assert both.status_code == 200 and served[-1]
    assert answers_of(person.response()) == {
        "ovs-budget": ("3", "why"),
        "ovs-example": ("text", None),
    }
    person.autosave({"question": "ovs-budget", "value": ""})  # the comment is still there
    emptied = person.autosave({"question": "ovs-budget", "comment": ""})  # nothing left
    assert emptied.status_code == 200 and served[-1]
    assert answers_of(person.response()) == {"ovs-example": ("text", None)}


def test_an_anonymous_round_stamps_the_answer_and_the_response_to_the_day(make_round, respondent):
    person = respondent(make_round())  # anonymous by default
    before = datetime.now(UTC)
    person.autosave({"question": "ovs-budget", "value": "3"})
    response = db.session.get(Response, person.response().id)
    db.session.refresh(response)
    stored = db.session.query(Answer).filter_by(response_id=response.id).one()
    midnight = before.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    assert stored.updated_at.replace(tzinfo=None) == midnight
    assert response.updated_at.replace(tzinfo=None) == midnight


def test_an_answer_to_a_submitted_response_is_refused_with_nothing_written(
    make_round, respondent, served
):
    person = respondent(make_round())
    person.save_page(2, {"q-ovs-committee": "yes"})
    assert person.submit().status_code == 302
    kept = answers_of(person.response())
    reply = person.autosave({"question": "ovs-budget", "value": "1"})
    assert reply.status_code in (403, 409) and not served[-1]
    assert answers_of(person.response()) == kept


def _closed(round_: Any, person: Any) -> None:
    rounds.close_round(round_.slug)


def _submitted(round_: Any, person: Any) -> None:
    db.session.execute(
        update(Response)
        .where(Response.id == person.response().id)
        .values(state=ResponseState.SUBMITTED)
    )


def _revoked(round_: Any, person: Any) -> None:
    with person.client.session_transaction() as session:
        (grant,) = session["respond"].values()
    invitation = db.session.get(Invitation, grant["invitation"])
    assert invitation is not None
    invitation_admin.revoke(invitation)


def _role_changed(round_: Any, person: Any) -> None:
    response = person.response()
    other = "mp" if response.role == "staff" else "staff"
    db.session.execute(update(Response).where(Response.id == response.id).values(role=other))


@pytest.mark.parametrize(
    ("change", "kept"),
    [(_closed, "3"), (_submitted, "3"), (_revoked, "3"), (_role_changed, "1")],
)
def test_a_remembered_grant_that_no_longer_holds_writes_nothing(
    app, make_round, respondent, served, change, kept
):
    """The autosave does not read a grant this process read lately: its write checks the
    grant again, and writes nothing once the round is closed, the response submitted, an
    invitation revoked or the response's role changed. The grant is forgotten and the
    app answers: it refuses the first three, and saves for the new role."""
    round_ = make_round()
    person = respondent(round_)
    token = person.csrf()
    first = person.client.post(
        person.url("autosave"),
        json={"question": "ovs-budget", "value": "3"},
        headers={"X-CSRFToken": token},
    )
    assert first.status_code == 200 and served[-1]
    remembered = app.extensions["express"].remembered
    assert len(remembered) == 1
    change(round_, person)
    db.session.flush()
    reply = person.client.post(
        person.url("autosave"),
        json={"question": "ovs-budget", "value": "1"},
        headers={"X-CSRFToken": token},
    )
    assert not served[-1] and reply.status_code in (200, 403, 409)
    assert (reply.status_code == 200) is (kept == "1")
    assert not len(remembered)
    stored = db.session.query(Answer).filter_by(question="ovs-budget").one()
    db.session.refresh(stored)
    assert stored.value == kept


def test_what_a_process_remembers_names_no_invitation(app, make_round, respondent):
    """An anonymous draft's invitation is known only to the browser's session: the
    grants a process keeps are keyed by round, slug and response, and keep the
    database's row of the grant without the invitation."""
    person = respondent(make_round())  # anonymous
    assert person.autosave({"question": "ovs-budget", "value": "3"}).status_code == 200
    with person.client.session_transaction() as session:
        (grant,) = session["respond"].values()
    assert grant["invitation"] is not None  # the session holds it
    remembered = app.extensions["express"].remembered
    ((key, row),) = remembered._rows.items()
    assert key._fields == ("round_id", "slug", "response_id")
    assert not any("invitation" in name for name in row)


def test_several_answers_after_the_round_closed_write_nothing(make_round, respondent, served):
    """The ordinary path's write (several answers at once) also runs after the guarded
    touch, in its transaction: a remembered grant whose round closed writes nothing."""
    round_ = make_round()
    person = respondent(round_)
    assert person.autosave({"question": "ovs-budget", "value": "3"}).status_code == 200
    _closed(round_, person)
    db.session.flush()
    reply = person.autosave(
        {
            "answers": [
                {"question": "ovs-budget", "value": "1"},
                {"question": "ovs-example", "value": "x"},
            ]
        }
    )
    assert not served[-1] and reply.status_code in (403, 409)
    assert answers_of(person.response()) == {"ovs-budget": ("3", None)}
