"""Requests no browser sends: NUL characters, JSON nested beyond reading, forms without
their CSRF token, bodies over the size limit. Each gets a clear 4xx, never a 500.

The first two were server errors before ``web.refuse_unstorable_input`` (on PostgreSQL a
NUL in any looked-up text fails the query; a deep JSON body overflowed the parser).
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from selfassess.extensions import limiter
from tests.conftest import PASSWORD
from tests.fuzz.conftest import assert_clear

REFUSED = frozenset({400})


@pytest.fixture
def plain(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Flask:
    app.config["WTF_CSRF_ENABLED"] = False
    monkeypatch.setattr(limiter, "enabled", False)
    return app


@pytest.mark.parametrize(
    "url",
    ["/r/round%00x/consent", "/r/round%00x/resume", "/admin/rounds/x%00y", "/results/x%00/"],
)
def test_a_nul_in_the_address_is_refused(plain: Flask, url: str) -> None:
    reply = plain.test_client().get(url)
    assert_clear(reply, allowed=REFUSED)
    assert "not allowed (NUL)" in reply.get_data(as_text=True)


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/auth/login", {"email": "a\x00@example.org", "password": "x"}),
        ("/auth/login", {"email": "a@example.org", "password": "x", "\x00": "y"}),
        ("/r/code", {"code": "ABCD\x00EFGHJK"}),
        ("/language/en?next=/%00", {}),
    ],
)
def test_a_nul_in_a_form_or_query_is_refused(plain: Flask, url: str, data: dict[str, str]) -> None:
    reply = plain.test_client().post(url, data=data) if data else plain.test_client().get(url)
    assert_clear(reply, allowed=REFUSED)


def test_a_nul_in_an_uploaded_file_name_is_refused(plain: Flask, make_account: Any) -> None:
    client = plain.test_client()
    account = make_account("admin")
    client.post("/auth/login", data={"email": account.email, "password": PASSWORD})
    upload = {"file": (io.BytesIO(b"key: x\n"), "q\x00.yaml")}
    assert_clear(client.post("/admin/instruments", data=upload), allowed=REFUSED)


@pytest.mark.parametrize(
    "body", [b"[" * 100_000, b'{"a": ' * 50_000 + b"1", b'{"value": "\\u0000"}']
)
def test_json_nested_too_deep_or_with_a_nul_is_refused(plain: Flask, body: bytes) -> None:
    reply = plain.test_client().post(
        "/r/any-round/autosave", data=body, content_type="application/json"
    )
    assert_clear(reply, allowed=REFUSED)
    assert reply.is_json


def test_a_form_without_its_csrf_token_is_refused_with_a_message(app: Flask) -> None:
    client: FlaskClient = app.test_client()
    for url in ("/auth/login", "/r/code", "/r/any-round/autosave"):
        reply = client.post(url, data={"email": "a@example.org", "code": "x"})
        assert_clear(reply, allowed=REFUSED)
        assert "expired" in reply.get_data(as_text=True)


@pytest.fixture
def small(plain: Flask) -> Flask:
    plain.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    return plain


def test_an_oversized_form_gets_the_friendly_413(small: Flask) -> None:
    reply = small.test_client().post("/auth/login", data={"email": "x" * 100_000})
    assert_clear(reply, allowed=frozenset({413}))
    assert "larger than 0.1 MB" in reply.get_data(as_text=True)


def test_an_oversized_autosave_gets_a_json_413(small: Flask) -> None:
    body = b'{"question": "q", "value": "' + b"x" * 100_000 + b'"}'
    reply = small.test_client().post(
        "/r/any-round/autosave", data=body, content_type="application/json"
    )
    assert_clear(reply, allowed=frozenset({413}))
    assert reply.is_json and "larger than" in reply.json["error"]


def test_an_oversized_upload_gets_the_consoles_413_page(small: Flask, make_account: Any) -> None:
    client = small.test_client()
    account = make_account("admin")
    client.post("/auth/login", data={"email": account.email, "password": PASSWORD})
    upload = {"file": (io.BytesIO(b"x" * 100_000), "q.yaml")}
    reply = client.post("/admin/instruments", data=upload)
    assert_clear(reply, allowed=frozenset({413}))
    assert "0.1" in reply.get_data(as_text=True)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("POST", "/admin/accounts/2147483648/role"),
        ("POST", "/admin/accounts/99999999999999999999/deactivate"),
        ("GET", "/admin/instruments/minimal/v2147483648"),
    ],
)
def test_a_number_beyond_any_id_is_not_found(
    plain: Flask, make_account: Any, method: str, url: str
) -> None:
    """It was a server error on PostgreSQL (integer out of range)."""
    client = plain.test_client()
    account = make_account("admin")
    client.post("/auth/login", data={"email": account.email, "password": PASSWORD})
    assert_clear(client.open(url, method=method, data={"role": "admin"}), allowed=frozenset({404}))
