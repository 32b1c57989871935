"""The express path verifies a session cookie or a CSRF token once per process
(``wire.Verified``): seen again, only its age is checked, exactly as itsdangerous checks
it, and what it carries is never kept."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from selfassess.extensions import db
from selfassess.respond import wire
from selfassess.respond.express import SERVED
from tests.integration.respond.conftest import answers_of


@pytest.fixture
def serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer("a secret", salt="a salt")


def counted(serializer: URLSafeTimedSerializer) -> list[str]:
    """The strings ``serializer`` verifies from now on."""
    verified: list[str] = []
    loads: Callable[..., Any] = serializer.loads

    def counting(signed: Any, *args: Any, **kwargs: Any) -> Any:
        verified.append(signed)
        return loads(signed, *args, **kwargs)

    serializer.loads = counting  # type: ignore[method-assign]
    return verified


def test_a_string_seen_again_has_only_its_age_checked(serializer, monkeypatch) -> None:
    verified = wire.Verified(serializer)
    calls = counted(serializer)
    signed = serializer.dumps({"csrf": "raw"})
    assert verified.loads(signed, 60) == {"csrf": "raw"}
    assert verified.loads(signed, 60) == {"csrf": "raw"}
    assert verified.loads(signed, None) == {"csrf": "raw"}
    assert len(calls) == 1  # verified once
    now = time.time()
    for moved, refused in ((60, False), (61, True), (-2, True)):  # as itsdangerous: 0..max
        monkeypatch.setattr(time, "time", lambda moved=moved: now + moved)
        if refused:
            with pytest.raises(SignatureExpired):
                verified.loads(signed, 60)
        else:
            assert verified.loads(signed, 60) == {"csrf": "raw"}
    assert len(calls) == 1


def test_a_forged_or_foreign_string_is_refused_and_not_kept(serializer) -> None:
    verified = wire.Verified(serializer)
    signed = serializer.dumps("raw")
    forged = signed[:-1] + ("A" if signed[-1] != "A" else "B")
    foreign = URLSafeTimedSerializer("another secret", salt="a salt").dumps("raw")
    for refused in (forged, foreign, "", "no.signature", signed + "."):
        with pytest.raises(BadSignature):
            verified.loads(refused, 60)
    assert verified._signed == {}


def test_a_compressed_payload_is_read_again_whole(serializer) -> None:
    verified = wire.Verified(serializer)
    payload = {"text": "Монгол " * 200}
    signed = serializer.dumps(payload)
    assert signed.startswith(".")  # itsdangerous compressed it
    assert verified.loads(signed, 60) == verified.loads(signed, 60) == payload


def test_nothing_a_session_carries_is_kept(serializer) -> None:
    verified = wire.Verified(serializer)
    signed = serializer.dumps({"respond": {"7": {"response": 31337, "invitation": 424242}}})
    verified.loads(signed, 60)
    ((digest, signed_at),) = verified._signed.items()
    assert isinstance(digest, bytes) and len(digest) == 32 and isinstance(signed_at, int)
    assert b"424242" not in digest and signed.encode() not in digest


def test_a_new_secret_refuses_a_cookie_verified_under_the_old_one(app) -> None:
    signing = wire.Signing(app)
    cookie = app.session_interface.get_signing_serializer(app).dumps({"lang": "mn"})
    environ = {"HTTP_COOKIE": f"{app.config['SESSION_COOKIE_NAME']}={cookie}"}
    assert signing.session(environ) == {"lang": "mn"}
    old, app.secret_key = app.secret_key, "a new secret key of the app"
    assert signing.session(environ) is None
    app.config["SECRET_KEY_FALLBACKS"] = [old]  # Flask reads it too: taken again
    assert signing.session(environ) == {"lang": "mn"}
    app.config["SECRET_KEY_FALLBACKS"].remove(old)  # retired in place: refused again
    assert signing.session(environ) is None


@pytest.mark.parametrize("expiring", ["token", "session"])
def test_what_expired_after_it_was_taken_is_refused(
    app, make_round, respondent, monkeypatch, expiring
) -> None:
    """A CSRF token past its time limit, or a session cookie past its lifetime: both
    were verified on the first autosave, and both are refused on the next."""
    app.config["WTF_CSRF_TIME_LIMIT"] = 600
    person = respondent(make_round())
    token, seen = person.csrf(), []
    express = app.extensions["express"]

    def watched(environ: dict[str, Any], start_response: Any) -> Any:
        reply = express(environ, start_response)
        seen.append(bool(environ.get(SERVED)))
        return reply

    monkeypatch.setattr(app, "wsgi_app", watched)

    def autosave(value: str) -> Any:
        payload = {"question": "ovs-budget", "value": value}
        return person.client.post(
            person.url("autosave"), json=payload, headers={"X-CSRFToken": token}
        )

    assert autosave("3").status_code == 200 and seen == [True]
    response = person.response()
    lifetime = app.permanent_session_lifetime.total_seconds()
    later = time.time() + (601 if expiring == "token" else lifetime + 1)
    monkeypatch.setattr(time, "time", lambda: later)
    refused = autosave("4")
    assert refused.status_code == 400 and seen == [True, False]  # the app refused it
    db.session.refresh(response)
    assert answers_of(response) == {"ovs-budget": ("3", None)}
