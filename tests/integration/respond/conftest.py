"""Fixtures for the respondent tests: invitations and a respondent driving a test client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from selfassess.models import Response, Round
from selfassess.services import invitations
from selfassess.services.invitations import IssuedInvitation
from tests.conftest import csrf_token


@pytest.fixture
def web_client(app: Flask) -> Callable[[], FlaskClient]:
    """A new browser (its own cookies) each call."""

    def make() -> FlaskClient:
        return app.test_client()  # each request in its own app context (tests/conftest.py)

    return make


@pytest.fixture
def invite(app: Flask):  # type: ignore[no-untyped-def]
    """Invite one person to a round; returns the issued invitation (plain token, code)."""

    def make(
        round_: Round, role: str = "staff", profile: dict[str, Any] | None = None, label: str = "x"
    ) -> IssuedInvitation:
        person = {"label": label, "role": role, "profile": profile or {}}
        return invitations.create_invitations(round_, [person])[0]

    return make


def session_csrf(client: FlaskClient) -> str:
    """The CSRF token of a browser's session (the access-code page always has a form)."""
    return csrf_token(client, "/r/code")


class Respondent:
    """One respondent's browser: a test client that entered through an invitation."""

    def __init__(self, client: FlaskClient, round_: Round) -> None:
        self.client = client
        self.slug = round_.slug

    def url(self, path: str) -> str:
        return f"/r/{self.slug}/{path}"

    def enter(self, token: str) -> TestResponse:
        return self.client.get(f"/r/{token}")

    def consent(self) -> TestResponse:
        return self.post("consent", {})

    def csrf(self) -> str:
        return session_csrf(self.client)

    def post(self, path: str, data: dict[str, Any]) -> TestResponse:
        return self.client.post(self.url(path), data={**data, "csrf_token": self.csrf()})

    def save_page(self, number: int, data: dict[str, Any], go: str = "next") -> TestResponse:
        return self.post(f"page/{number}", {**data, "go": go})

    def autosave(self, payload: Any) -> TestResponse:
        return self.client.post(
            self.url("autosave"), json=payload, headers={"X-CSRFToken": self.csrf()}
        )

    def submit(self) -> TestResponse:
        return self.post("submit", {})

    def response(self) -> Response:
        """The response this browser's session was granted."""
        from selfassess.extensions import db

        with self.client.session_transaction() as session:
            grants = session["respond"]
        (grant,) = grants.values()
        found = db.session.get(Response, grant["response"])
        assert found is not None
        db.session.refresh(found)
        return found


@pytest.fixture
def respondent(web_client, invite):  # type: ignore[no-untyped-def]
    """A respondent who entered through a new invitation and consented."""

    def make(
        round_: Round, role: str = "staff", profile: dict[str, Any] | None = None
    ) -> Respondent:
        issued = invite(round_, role, profile)
        person = Respondent(web_client(), round_)
        person.token = issued.token  # type: ignore[attr-defined]
        person.code = issued.code  # type: ignore[attr-defined]
        assert person.enter(issued.token).status_code == 302
        assert person.consent().status_code == 302
        return person

    return make


def answers_of(response: Response) -> dict[str, tuple[str, str | None]]:
    from selfassess.services.responses import answers_of as stored

    return {key: (a.value, a.comment) for key, a in stored(response).items()}


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
