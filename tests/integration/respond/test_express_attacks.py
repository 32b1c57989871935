"""The express path (respond/express.py) seen by an attacker: wherever it serves a
request, it must answer as the app would, and refuse what the app refuses."""

from __future__ import annotations

import re
from typing import Any
from unittest import mock

import pytest
from sqlalchemy import update

from selfassess.extensions import db
from selfassess.models import Response, ResponseState
from selfassess.respond import express as express_module
from selfassess.respond import skeleton
from selfassess.respond.express import SERVED
from tests.integration.respond.conftest import answers_of

CSRF_VALUE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def test_a_page_token_signed_with_a_bytes_secret_is_the_apps(app, make_round, respondent, seen):
    """Flask and Flask-WTF take a ``bytes`` secret key as it is (and the app's own HMACs
    take ``str()`` of it): the express path must sign and check CSRF tokens with the very
    key Flask-WTF uses, or its pages carry tokens the app refuses, and its autosave takes
    tokens the app would refuse."""
    app.secret_key = bytes(range(32))
    skeleton.pages.clear()
    person = respondent(make_round())
    page = person.url("page/1")
    person.client.get(page)  # the app builds the skeleton
    shown = person.client.get(page)
    assert seen[-1][SERVED] and shown.status_code == 200
    (token,) = CSRF_VALUE.findall(shown.get_data(as_text=True))
    # The page's own form, sent with the token it carries: the app must take it.
    saved = person.client.post(page, data={"csrf_token": token, "go": "next"})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    # The same token on the autosave: both paths answer alike.
    payload = {"question": "ovs-example", "value": "x"}
    express = person.client.post(
        person.url("autosave"), json=payload, headers={"X-CSRFToken": token}
    )
    app.config["RESPOND_EXPRESS"] = False
    ordinary = person.client.post(
        person.url("autosave"), json=payload, headers={"X-CSRFToken": token}
    )
    assert express.status_code == ordinary.status_code == 200


@pytest.mark.parametrize(
    ("headers", "secure"),
    [
        ({}, False),  # no token
        ({"X-CSRFToken": "forged"}, False),
        ({"X-CSRFToken": None}, True),  # HTTPS without a referrer
        ({"X-CSRFToken": None, "Referer": "https://evil.example/"}, True),
        ({"X-CSRFToken": None, "Referer": "http://localhost/"}, True),  # not HTTPS
    ],
)
def test_the_express_autosave_refuses_what_flask_wtf_refuses(
    make_round, respondent, seen, headers, secure
):
    person = respondent(make_round())
    sent = {k: person.csrf() if v is None else v for k, v in headers.items()}
    base = "https://localhost" if secure else "http://localhost"
    payload = {"question": "ovs-example", "value": "x"}
    reply = person.client.post(person.url("autosave"), json=payload, headers=sent, base_url=base)
    assert not seen[-1][SERVED] and reply.status_code == 400
    assert "expired" in reply.get_json()["error"]
    assert not answers_of(person.response())


def test_another_browsers_token_is_refused(make_round, respondent, seen):
    round_ = make_round()
    victim, attacker = respondent(round_), respondent(round_)
    payload = {"question": "ovs-example", "value": "x"}
    reply = victim.client.post(
        victim.url("autosave"), json=payload, headers={"X-CSRFToken": attacker.csrf()}
    )
    assert not seen[-1][SERVED] and reply.status_code == 400
    assert not answers_of(victim.response())


@pytest.mark.commits
def test_a_submission_between_the_grant_and_the_write_wins(app, make_round, respondent, seen):
    """The express path reads the grant, then writes on its own pool's connection: a
    response submitted in between (another tab, committed) is not written into."""
    person = respondent(make_round())
    response_id = person.response().id
    token = person.csrf()
    db.session.commit()
    read, calls = express_module._GRANTED.rows, []

    def submitted_meanwhile(connection: Any, parameters: dict[str, Any]) -> Any:
        rows = read(connection, parameters)
        calls.append(rows)
        with db.engine.begin() as other:
            other.execute(
                update(Response)
                .where(Response.id == response_id)
                .values(state=ResponseState.SUBMITTED)
            )
        return rows

    payload = {"question": "ovs-example", "value": "late"}
    with mock.patch.object(express_module._GRANTED, "rows", submitted_meanwhile):
        reply = person.client.post(
            person.url("autosave"), json=payload, headers={"X-CSRFToken": token}
        )
    assert calls and calls[0][0]["state"] is ResponseState.DRAFT  # read before it
    assert not seen[-1][SERVED]
    assert reply.status_code == 409, reply.get_data(as_text=True)
    assert not answers_of(person.response())


def test_a_grant_in_one_round_opens_nothing_in_another(make_round, respondent, seen):
    """A browser granted a response in round A, asking for round B's pages and autosave
    (where someone else answers): neither path serves it or writes anything."""
    skeleton.pages.clear()
    first, second = make_round("round-a"), make_round("round-b")
    person, other = respondent(first), respondent(second)
    other.client.get(other.url("page/1"))  # round B's skeleton is built
    assert other.client.get(other.url("page/1")).status_code == 200 and seen[-1][SERVED]
    page = person.client.get(other.url("page/1"))
    assert not seen[-1][SERVED] and page.status_code == 403
    payload = {"question": "ovs-example", "value": "x"}
    saved = person.client.post(
        other.url("autosave"), json=payload, headers={"X-CSRFToken": person.csrf()}
    )
    assert not seen[-1][SERVED] and saved.status_code == 403
    assert not answers_of(other.response()) and not answers_of(person.response())
