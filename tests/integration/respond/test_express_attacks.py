"""The express path (respond/express.py) seen by an attacker: wherever it serves a
request, it must answer as the app would, and refuse what the app refuses."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask

from selfassess.respond import skeleton
from selfassess.respond.express import SERVED

CSRF_VALUE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def seen(app: Flask) -> Any:
    """Each request's environ, as the express path saw it (it marks ``SERVED``)."""
    express = app.extensions["express"]
    environs: list[dict[str, Any]] = []

    def watched(environ: dict[str, Any], start_response: Any) -> Any:
        environs.append(environ)
        return express(environ, start_response)

    app.wsgi_app = watched
    yield environs
    app.wsgi_app = express


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
