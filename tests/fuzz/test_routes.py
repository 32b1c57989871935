"""Every route of the URL map, as the visitor it is meant for, with hostile query strings,
forms and uploads: never a server error or a traceback, always a clear refusal.

The routes come from ``app.url_map`` (as in the authorization matrix, whose world and
sample arguments are reused), so a new route is fuzzed without anyone adding it here.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st

from selfassess import create_app
from selfassess.extensions import limiter
from tests.conftest import PASSWORD
from tests.fuzz.conftest import EXAMPLES, FUZZ, assert_clear, form_data, ran, texts
from tests.integration.test_authorization_matrix import World, access_of

#: Who each access rule is meant for.
VISITOR_OF = {
    "public": "anonymous",
    "signed-in": "consultant",
    "staff": "consultant",
    "admin": "admin",
    "respondent": "respondent",
    "panel": "facilitator",
    "register": "focal_point",
}
#: Field names the app's forms and pages read (the minimal instrument's items included).
NAMES = [
    "csrf_token", "email", "password", "code", "slug", "title", "min_group_size", "anonymous",
    "version", "role", "name", "file", "go", "loaded", "action", "actor", "since", "until",
    "page", "per_page", "by", "dimension", "question", "lang", "next",
    "q-rep-women-leadership", "c-ovs-budget", "q-ovs-committee", "p-sex", "p-years",
    "grade", "evidence", "links", "notes", "dissent", "based_on", "session", "projection",
    "held_on", "place", "facilitators", "status", "dimensions", "attendance-mp-female",
    "text_en", "text_mn", "key",
    "text", "on", "link", "document", "ref", "source", "responsible", "sdg", "due", "start",
    "name_en", "name_mn", "published", "q", "body", "item", "overdue", "view", "mine",
]  # fmt: skip
NUMBERS = st.sampled_from(["0", "-1", "2", "99999999999999999999", "9999-12-31", "0001-01-01"])
values = texts | NUMBERS
uploads = st.none() | st.tuples(
    st.binary(max_size=3000),
    st.sampled_from(["people.csv", "q.yaml", "q.xlsx", "q.yml", "x.txt", "", "../../x.csv"])
    | st.text(max_size=30),
)


def _routes() -> list[tuple[str, str]]:
    app = create_app({"SELFASSESS_ENV": "testing", "DATABASE_URL": "sqlite://"})
    return sorted(
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    )


ROUTES = _routes()
#: Examples per route (about fifty routes, each on both databases).
PER_ROUTE = max(3, EXAMPLES // 4)
#: Routes that end the visit: fuzzed after the others.
LAST = frozenset({"auth.logout", "respond.forget"})


class Visitors:
    """One signed-in client per kind of visitor; the respondent has consented."""

    def __init__(self, app: Flask, world: World) -> None:
        self.app, self.world = app, world
        self.clients: dict[str, FlaskClient] = {}

    def client(self, visitor: str) -> FlaskClient:
        if visitor not in self.clients:
            client = self.clients[visitor] = self.app.test_client()
            if visitor in ("facilitator", "focal_point", "consultant", "admin"):
                account = getattr(self.world, visitor)
                data = {"email": account.email, "password": PASSWORD}
                assert client.post("/auth/login", data=data).status_code == 302
            elif visitor == "respondent":
                assert client.get(f"/r/{self.world.invitations[0].token}").status_code == 302
                consent = client.post(f"/r/{self.world.round.slug}/consent")
                assert consent.status_code == 302
        return self.clients[visitor]


@pytest.fixture
def visitors(app: Flask, make_round: Any, make_account: Any, monkeypatch: Any) -> Visitors:
    # Forms are fuzzed, not the CSRF check (tested on its own) or the rate limits.
    app.config["WTF_CSRF_ENABLED"] = False
    monkeypatch.setattr(limiter, "enabled", False)
    return Visitors(app, World(app, make_round, make_account))


def _request(
    client: FlaskClient, method: str, url: str, query: dict[str, str], form: Any, upload: Any
) -> Any:
    data: dict[str, Any] = dict(form)
    if upload is not None:
        content, filename = upload
        data["file"] = (io.BytesIO(content), filename)
    if method == "GET":
        return client.get(url, query_string={**query, **form})
    return client.open(url, method=method, query_string=query, data=data)


@pytest.mark.parametrize("visitor", sorted(set(VISITOR_OF.values())))
def test_every_route_refuses_hostile_input_clearly(
    app: Flask, visitors: Visitors, visitor: str, request: pytest.FixtureRequest
) -> None:
    """Each route meant for ``visitor``, ``PER_ROUTE`` examples each (one sign-in for all:
    signing out and forgetting the browser come last)."""
    client = visitors.client(visitor)
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    mine = [
        (endpoint, method)
        for endpoint, method in ROUTES
        if VISITOR_OF[access_of(app, endpoint)] == visitor
    ]
    mine.sort(key=lambda route: route[0] in LAST)
    assert mine
    for endpoint, method in mine:
        fuzz_route(client, method, visitors.world.url(app, rules[endpoint]), request)


def fuzz_route(client: FlaskClient, method: str, url: str, request: pytest.FixtureRequest) -> None:
    @settings(FUZZ, max_examples=PER_ROUTE)
    @given(
        query=st.dictionaries(st.sampled_from(NAMES) | texts, values, max_size=3),
        form=form_data(NAMES, values),
        upload=uploads,
    )
    def attempt(query: dict[str, str], form: dict[str, list[str]], upload: Any) -> None:
        ran(request)
        reply = _request(client, method, url, query, form, upload)
        try:
            assert_clear(reply)
        finally:
            reply.close()

    attempt()
