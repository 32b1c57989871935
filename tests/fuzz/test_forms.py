"""The forms people fill in, fuzzed with values shaped like the real ones (valid codes
mixed with junk), so the examples reach past the first check into the services."""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

from selfassess import instrument
from selfassess.extensions import limiter
from tests.conftest import MINIMAL, PASSWORD
from tests.fuzz.conftest import FUZZ, assert_clear, json_values, ran, texts

DEFINITION, _ = instrument.load(MINIMAL)
assert DEFINITION is not None
QUESTIONS = list(DEFINITION.iter_questions())


def codes(question: Any) -> list[str]:
    """The values a browser would send for ``question``."""
    if question.type == "scale":
        scale = DEFINITION.scale_of(question)
        return [str(p.value) for p in scale.points] + list(scale.missing_codes)
    if question.type in ("choice", "multi"):
        return [o.code for o in question.options]
    return ["0", "12", "126", "127", "1,5", "-3", "1e3"]


def answer(question: Any) -> st.SearchStrategy[Any]:
    """A question's value: a valid one, a list of them, or junk."""
    valid = st.sampled_from(codes(question))
    return valid | st.lists(valid, max_size=3) | texts | json_values


@pytest.fixture
def fuzz_app(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Flask:
    app.config["WTF_CSRF_ENABLED"] = False
    monkeypatch.setattr(limiter, "enabled", False)
    return app


@pytest.fixture
def admin(fuzz_app: Flask, make_account: Any) -> FlaskClient:
    account = make_account("admin")
    client = fuzz_app.test_client()
    data = {"email": account.email, "password": PASSWORD}
    assert client.post("/auth/login", data=data).status_code == 302
    return client


@pytest.fixture
def answering(fuzz_app: Flask, make_round: Any) -> tuple[FlaskClient, str]:
    """A staff respondent who entered through their link and consented."""
    from selfassess.services.invitations import create_invitations

    round_ = make_round()
    person = {"label": "x", "role": "staff", "profile": {}}
    (issued,) = create_invitations(round_, [person])
    client = fuzz_app.test_client()
    assert client.get(f"/r/{issued.token}").status_code == 302
    assert client.post(f"/r/{round_.slug}/consent").status_code == 302
    return client, round_.slug


# -- signing in and getting in ---------------------------------------------------------------


def test_sign_in(fuzz_app: Flask, make_account: Any, request: pytest.FixtureRequest) -> None:
    account = make_account("consultant")
    client = fuzz_app.test_client()

    @FUZZ
    @given(
        email=texts | st.emails() | st.just(account.email),
        password=texts | st.just(PASSWORD),
        next_=texts | st.sampled_from(["//evil.example", "https://evil.example/", "/results/"]),
    )
    def attempt(email: str, password: str, next_: str) -> None:
        ran(request)
        data = {"email": email, "password": password}
        reply = client.post("/auth/login", query_string={"next": next_}, data=data)
        assert_clear(reply, allowed=frozenset({200, 302, 400}))
        if reply.status_code == 302:  # signed in: never sent to another site
            assert reply.location.startswith("/") and not reply.location.startswith("//")
            client.post("/auth/logout")

    attempt()


def test_access_and_resume_codes(
    fuzz_app: Flask, make_round: Any, request: pytest.FixtureRequest
) -> None:
    round_ = make_round()
    client = fuzz_app.test_client()

    @FUZZ
    @given(code=texts | st.text("23456789ABCDEFGHJKMNPQRSTVWXYZ- ", min_size=8, max_size=40))
    def attempt(code: str) -> None:
        ran(request)
        for url in ("/r/code", f"/r/{round_.slug}/resume"):
            reply = client.post(url, data={"code": code})
            assert_clear(reply, allowed=frozenset({200, 400, 403, 404}))

    attempt()


# -- answering --------------------------------------------------------------------------------


def test_autosave_json(answering: tuple[FlaskClient, str], request: pytest.FixtureRequest) -> None:
    client, slug = answering
    item = st.fixed_dictionaries(
        {"question": st.sampled_from([q.key for q in QUESTIONS]) | json_values},
        optional={"value": json_values, "comment": json_values},
    )
    shaped = st.sampled_from(QUESTIONS).flatmap(
        lambda q: st.fixed_dictionaries(
            {"question": st.just(q.key), "value": answer(q)}, optional={"comment": texts}
        )
    )
    payloads = shaped | item | st.fixed_dictionaries({"answers": st.lists(shaped | item)})

    @FUZZ
    @given(payload=payloads | json_values)
    def attempt(payload: Any) -> None:
        ran(request)
        reply = client.post(f"/r/{slug}/autosave", json=payload)
        assert_clear(reply, allowed=frozenset({200, 400}))
        assert reply.is_json
        if reply.status_code == 200:
            assert isinstance(reply.json["saved"], list)

    attempt()


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000,
        b'{"a":' * 50_000,
        b"\xff\xfe not json",
        b'{"question": "ovs-example", "value": "a\\u0000b"}',
        b'{"question": ["ovs-example"], "value": "x"}',
        b'{"question": {"k": 1}, "value": "x"}',
        b'{"answers": [{"question": "ovs-example", "value": "' + b"x" * 200_000 + b'"}]}',
        b"",
    ],
)
def test_autosave_bodies_nobody_should_send(
    answering: tuple[FlaskClient, str], body: bytes
) -> None:
    client, slug = answering
    reply = client.post(f"/r/{slug}/autosave", data=body, content_type="application/json")
    assert_clear(reply, allowed=frozenset({200, 400}))
    assert reply.is_json


def test_page_and_profile_forms(
    answering: tuple[FlaskClient, str], request: pytest.FixtureRequest
) -> None:
    from selfassess.respond.forms import answer_name, comment_name

    client, slug = answering
    fields = {answer_name(q.key): answer(q) for q in QUESTIONS}
    fields |= {comment_name(q.key): texts for q in QUESTIONS}
    loaded = json_values.map(json.dumps) | texts

    @FUZZ
    @given(
        number=st.integers(-1, 4),
        form=st.fixed_dictionaries({}, optional=fields),
        loaded=loaded,
        go=texts | st.sampled_from(["next", "prev", "review"]),
        profile=st.fixed_dictionaries({}, optional={"p-sex": texts, "p-years": texts}),
    )
    def attempt(
        number: int, form: dict[str, Any], loaded: str, go: str, profile: dict[str, Any]
    ) -> None:
        ran(request)
        data = {k: v if isinstance(v, list) else json.dumps(v) for k, v in form.items()}
        page = client.post(f"/r/{slug}/page/{number}", data={**data, "loaded": loaded, "go": go})
        assert_clear(page, allowed=frozenset({302, 400, 404, 422}))
        about = client.post(f"/r/{slug}/profile", data={**profile, "go": go})
        assert_clear(about, allowed=frozenset({302, 400, 422}))

    attempt()


# -- the administrators' forms ----------------------------------------------------------------


def test_round_forms(
    admin: FlaskClient, load_instrument: Any, request: pytest.FixtureRequest
) -> None:
    version = load_instrument()
    choice = f"{version.instrument.key}:{version.version}"

    @FUZZ
    @given(
        slug=texts | st.from_regex(r"[a-z0-9][a-z0-9-]{0,70}", fullmatch=True),
        title=texts,
        k=texts | st.integers(-5, 10**20).map(str),
        version=texts | st.just(choice) | st.just("minimal:99"),
        anonymous=st.sampled_from(["y", "", "on", "false"]),
    )
    def attempt(slug: str, title: str, k: str, version: str, anonymous: str) -> None:
        ran(request)
        data = {"slug": slug, "title": title, "min_group_size": k, "anonymous": anonymous}
        created = admin.post("/admin/rounds", data={**data, "version": version})
        assert_clear(created, allowed=frozenset({302, 400, 422}))
        settings = admin.post(f"/admin/rounds/{quote(slug, safe='')}/settings", data=data)
        assert_clear(settings, allowed=frozenset({302, 308, 400, 404, 405, 422}))

    attempt()


def test_account_forms(admin: FlaskClient, request: pytest.FixtureRequest) -> None:
    @FUZZ
    @given(
        email=texts | st.emails(),
        name=texts,
        role=texts | st.sampled_from(["admin", "consultant"]),
        password=texts | st.text(min_size=10, max_size=300),
        account_id=st.integers(0, 2**63 - 1),
    )
    def attempt(email: str, name: str, role: str, password: str, account_id: int) -> None:
        ran(request)
        data = {"email": email, "name": name, "role": role, "password": password}
        assert_clear(admin.post("/admin/accounts", data=data), allowed=frozenset({302, 400, 422}))
        changed = admin.post(f"/admin/accounts/{account_id}/role", data={"role": role})
        assert_clear(changed, allowed=frozenset({302, 400, 404}))

    attempt()


def test_people_files(admin: FlaskClient, make_round: Any, request: pytest.FixtureRequest) -> None:
    round_ = make_round()
    columns = ["name", "email", "role", "sex", "years"]
    cells = texts | st.sampled_from(["mp", "staff", "female", "x@example.org", "3", "=1+1"])

    @FUZZ
    @given(
        header=st.lists(st.sampled_from(columns) | texts, min_size=1, max_size=6),
        rows=st.lists(st.lists(cells, max_size=7), max_size=6),
        delimiter=st.sampled_from([",", ";", "\t"]),
        encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]),
    )
    def attempt(header: list[str], rows: list[list[str]], delimiter: str, encoding: str) -> None:
        ran(request)
        text = io.StringIO()
        csv.writer(text, delimiter=delimiter).writerows([header, *rows])
        content = text.getvalue().encode(encoding, "replace")
        upload = {"file": (io.BytesIO(content), "people.csv")}
        reply = admin.post(f"/admin/rounds/{round_.slug}/invitations", data=upload)
        assert_clear(reply, allowed=frozenset({302, 400, 422}))

    attempt()


@pytest.mark.parametrize(
    "query",
    [
        "until=9999-12-31",
        "since=9999-12-31&until=0001-01-01",
        "page=99999999999999999999",
        "page=-5&per_page=10000000000000000000",
        "actor=%25_%5C",
    ],
)
def test_audit_filters_at_the_edges(admin: FlaskClient, query: str) -> None:
    assert_clear(admin.get(f"/admin/audit?{query}"), allowed=frozenset({200}))


def test_audit_filters(admin: FlaskClient, request: pytest.FixtureRequest) -> None:
    @FUZZ
    @given(
        since=texts | st.dates().map(str),
        until=texts | st.dates().map(str),
        actor=texts,
        page=texts | st.integers().map(str),
    )
    def attempt(since: str, until: str, actor: str, page: str) -> None:
        ran(request)
        query = {"since": since, "until": until, "actor": actor, "page": page}
        assert_clear(admin.get("/admin/audit", query_string=query), allowed=frozenset({200, 400}))

    attempt()
