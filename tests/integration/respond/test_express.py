"""The express path (respond/express.py) answers the questionnaire page and the autosave
exactly as the app does, and leaves to the app everything that is not the plain case."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from selfassess.extensions import db
from selfassess.models import Answer, Invitation
from selfassess.respond import skeleton
from selfassess.respond.express import SERVED
from selfassess.services import invitation_admin

CSRF_VALUE = re.compile(r'(name="csrf_token" type="hidden" value=")[^"]+"')


@pytest.fixture(autouse=True)
def _watched(app: Flask) -> Any:
    """Each request's environ, as the express path saw it (it marks ``SERVED``)."""
    express = app.extensions["express"]
    seen: list[dict[str, Any]] = []
    call = type(express).__call__

    def watched(environ: dict[str, Any], start_response: Any) -> Any:
        seen.append(environ)
        return call(express, environ, start_response)

    app.wsgi_app = watched
    _SEEN[:] = [seen]
    yield
    app.wsgi_app = express


_SEEN: list[list[dict[str, Any]]] = []


def _served(reply: TestResponse) -> bool:
    """Whether the express path served the last request (``reply``'s)."""
    return bool(_SEEN[0][-1].get(SERVED))


def _seen(reply: TestResponse) -> tuple[int, dict[str, str], str]:
    """Status, headers and body, the page's CSRF token (signed afresh each time) aside."""
    return (
        reply.status_code,
        dict(reply.headers),
        CSRF_VALUE.sub(r"\1T", reply.get_data(as_text=True)),
    )


def _both(app: Flask, call: Any) -> tuple[TestResponse, TestResponse]:
    """``call()`` on the express path (which must serve it), then on the app alone."""
    express = call()
    assert _served(express)
    app.config["RESPOND_EXPRESS"] = False
    try:
        ordinary = call()
    finally:
        app.config["RESPOND_EXPRESS"] = True
    assert not _served(ordinary)
    return express, ordinary


def test_the_express_page_is_the_apps_page_in_both_languages(app, make_round, respondent):
    skeleton.pages.clear()
    person = respondent(make_round(), role="staff")
    person.save_page(
        2, {"q-ovs-example": 'A "hearing" <b>on</b> budgets', "q-ovs-tools": ["hearings"]}
    )
    page = person.url("page/2")
    first = person.client.get(page)  # a flashed message: the app shows it
    assert first.status_code == 200 and not _served(first)
    for language in ("en", "mn"):
        person.client.get(f"/language/{language}")
        person.client.get(page)  # the app builds the skeleton in this language
        express, ordinary = _both(app, lambda: person.client.get(page))
        assert _seen(express) == _seen(ordinary)
    assert "Жишээ дурдана уу." in express.get_data(as_text=True)
    assert "&lt;b&gt;on&lt;/b&gt;" in express.get_data(as_text=True)
    assert "Set-Cookie" not in express.headers and express.headers["Vary"] == "Cookie"


def test_the_express_autosave_saves_and_answers_as_the_app(app, make_round, respondent):
    person = respondent(make_round())
    express, ordinary = _both(
        app, lambda: person.autosave({"question": "ovs-example", "value": "Кирилл текст"})
    )
    assert express.status_code == 200
    assert _seen(express) == _seen(ordinary)
    stored = db.session.query(Answer).filter_by(response_id=person.response().id).one()
    assert stored.value == "Кирилл текст"
    emptied = person.autosave({"question": "ovs-example", "value": ""})
    assert _served(emptied) and emptied.status_code == 200
    assert db.session.query(Answer).filter_by(response_id=person.response().id).count() == 0


@pytest.mark.parametrize(
    ("payload", "headers", "status"),
    [
        ({"question": "rep-women-leadership", "value": "9"}, None, 400),  # not an option
        ({"question": "no-such-question", "value": "1"}, None, 400),
        ({"question": "ovs-example", "value": "a\x00b"}, None, 400),  # NUL
        ({"question": "ovs-example", "value": "x"}, {"X-CSRFToken": "forged"}, 400),
        ({"question": "ovs-example", "value": "x"}, {}, 400),  # no token
    ],
)
def test_a_refused_autosave_is_the_apps_to_answer(make_round, respondent, payload, headers, status):
    person = respondent(make_round())
    sent = {"X-CSRFToken": person.csrf()} if headers is None else headers
    reply = person.client.post(person.url("autosave"), json=payload, headers=sent)
    assert not _served(reply)
    assert reply.status_code == status
    assert db.session.query(Answer).filter_by(response_id=person.response().id).count() == 0


def test_what_is_not_the_plain_case_goes_to_the_app(make_round, respondent):
    skeleton.pages.clear()
    round_ = make_round()
    person = respondent(round_)
    page = person.url("page/1")
    assert not _served(person.client.get(page))  # no skeleton yet: the app builds it
    assert _served(person.client.get(page))
    assert not _served(person.client.get(page + "?x=1"))
    assert not _served(person.client.get(person.url("page/99")))
    stranger = respondent(round_).client
    stranger.delete_cookie("session")
    refused = stranger.get(page)
    assert not _served(refused) and refused.status_code in (302, 403)
    # A revoked invitation: the app ends the grant.
    revoked = respondent(round_)
    assert _served(revoked.client.get(page))
    with revoked.client.session_transaction() as session:
        (grant,) = session["respond"].values()
    invitation = db.session.get(Invitation, grant["invitation"])  # anonymous: the grant's
    assert invitation is not None
    invitation_admin.revoke(invitation)
    db.session.commit()
    gone = revoked.client.get(page)
    assert not _served(gone) and gone.status_code == 403
    assert not _served(revoked.autosave({"question": "ovs-example", "value": "x"}))
    # A submitted response: the app sends the respondent to its receipt.
    person.save_page(2, {"q-ovs-committee": "yes"})
    assert person.submit().status_code == 302
    done = person.client.get(page)
    assert not _served(done) and done.status_code == 302
    assert not _served(person.autosave({"question": "ovs-example", "value": "x"}))


def test_a_body_flask_would_not_read_as_json_is_the_apps(make_round, respondent):
    person = respondent(make_round())
    reply = person.client.post(
        person.url("autosave"),
        data='{"question": "ovs-example", "value": "x"}',
        content_type="text/json",
        headers={"X-CSRFToken": person.csrf()},
    )
    assert not _served(reply) and reply.status_code == 400
    with_query = person.client.post(
        person.url("autosave") + "?x=1",
        json={"question": "ovs-example", "value": "x"},
        headers={"X-CSRFToken": person.csrf()},
    )
    assert not _served(with_query) and with_query.status_code == 200


def test_a_forged_session_is_declined_quietly(make_round, respondent, caplog):
    person = respondent(make_round())
    page = person.url("page/1")
    person.client.get(page)
    person.client.set_cookie("session", "forged.value.signature")
    with caplog.at_level("WARNING"):
        reply = person.client.get(page)
    assert not _served(reply) and reply.status_code in (302, 403)
    assert "express path" not in caplog.text


def test_a_permanent_session_is_the_apps_which_refreshes_its_cookie(app, make_round, respondent):
    person = respondent(make_round())
    page = person.url("page/1")
    person.client.get(page)
    with person.client.session_transaction() as session:
        session.permanent = True
    reply = person.client.get(page)
    assert not _served(reply) and reply.status_code == 200
    assert "Set-Cookie" in reply.headers


def test_a_respondents_page_from_the_app_leaves_the_session_cookie_alone(make_round, respondent):
    """Flask-Login's session protection has no account to protect in a respondent's
    session: the app's pages send no cookie either (two tabs would race to write it)."""
    person = respondent(make_round())
    for path in ("review", "page/1?x=1", "profile"):
        reply = person.client.get(person.url(path))
        assert reply.status_code == 200 and not _served(reply)
        assert "Set-Cookie" not in reply.headers, path


@pytest.mark.parametrize(
    "setting",
    [
        {"TRUSTED_HOSTS": ["localhost"]},  # the test client's host: the app answers
        {"RATELIMIT_DEFAULT": "1000 per hour"},
        {"RESPOND_EXPRESS": False},
    ],
)
def test_settings_that_need_the_apps_hooks_turn_the_express_path_off(
    app, make_round, respondent, setting
):
    person = respondent(make_round())
    page = person.url("page/1")
    person.client.get(page)
    assert _served(person.client.get(page))
    token = person.csrf()
    saved = {name: app.config.get(name) for name in setting}
    app.config.update(setting)
    try:
        shown = person.client.get(page)
        assert not _served(shown) and shown.status_code == 200
        reply = person.client.post(
            person.url("autosave"),
            json={"question": "ovs-example", "value": "x"},
            headers={"X-CSRFToken": token},
        )
        assert not _served(reply) and reply.status_code == 200
    finally:
        app.config.update(saved)


class _Trickle:
    """A request body handed over a few bytes at a time (as some servers do)."""

    def __init__(self, data: bytes, step: int = 3) -> None:
        self.data, self.step = data, step

    def read(self, size: int = -1) -> bytes:
        part, self.data = self.data[: min(size, self.step)], self.data[min(size, self.step) :]
        return part


def test_a_body_read_in_parts_is_read_whole_and_a_short_one_goes_to_the_app() -> None:
    from selfassess.respond import wire

    body = b'{"question": "ovs-example", "value": "x"}'
    environ = {"CONTENT_LENGTH": str(len(body)), "CONTENT_TYPE": "application/json"}
    whole = {**environ, "wsgi.input": _Trickle(body)}
    assert wire.buffered(whole, None) and wire.payload(whole) == {
        "question": "ovs-example",
        "value": "x",
    }
    short = {**environ, "CONTENT_LENGTH": str(len(body) + 5), "wsgi.input": _Trickle(body)}
    assert not wire.buffered(short, None)
    assert short["wsgi.input"].getvalue() == body  # what came, for the app to refuse
