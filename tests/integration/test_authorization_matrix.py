"""Every route x every kind of visitor gets the answer its blueprint's access rule promises.

The cases come from ``app.url_map``: each endpoint's blueprint declares ``access``
("public", "respondent", "staff", "admin"). A new blueprint without ``access``, an
access value this table does not know, or a route argument without a sample value fails
the test, so no route can be added without deciding who may reach it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Map, Rule

from selfassess.extensions import limiter
from tests.conftest import PASSWORD

VISITORS = ("anonymous", "respondent", "facilitator", "focal_point", "consultant", "admin")
#: Visitors with a staff account.
ACCOUNTS = ("facilitator", "focal_point", "consultant", "admin")
#: Endpoints outside any blueprint, with their rule.
APP_ENDPOINTS = {"static": "public"}
#: Endpoints whose rule differs from their blueprint's.
ENDPOINT_ACCESS = {"auth.logout": "signed-in"}
#: Respondent pages that give access (a link, a code, a resume secret): anyone may try.
RESPONDENT_ENTRIES = {"respond.enter", "respond.code", "respond.resume"}
#: Who may reach each rule's routes.
ALLOWED: dict[str, set[str]] = {
    "public": set(VISITORS),
    "signed-in": set(ACCOUNTS),
    "staff": {"consultant", "admin"},
    #: The panel: facilitators in their assigned rounds (the world's round is theirs).
    "panel": {"facilitator", "consultant", "admin"},
    "admin": {"admin"},
    "register": {"consultant", "admin", "focal_point"},
    "respondent": {"respondent"},
}


class World:
    """The data every route's arguments point at: a round, an invitation, accounts."""

    def __init__(self, app: Flask, make_round: Callable[..., Any], make_account: Any) -> None:
        from selfassess.services.invitations import create_invitations

        self.round = make_round("matrix-round")
        make_round("other-round", state="open")
        people = [{"label": "Person", "role": "mp", "profile": {}}]
        self.invitations = create_invitations(self.round, people)
        self.admin = make_account("admin")
        self.consultant = make_account("consultant")
        self.facilitator = make_account("facilitator")
        self.focal_point = make_account("focal_point")
        register = self._register()
        self.values: dict[str, Any] = {
            "slug": self.round.slug,
            "key": "minimal",
            "number": 1,
            "account_id": self.admin.id,  # the admin's own: self-deactivation is refused
            # Not an invitation: opening a real link would give any visitor a grant.
            "token": "not-an-invitation-token",
            "action": "open",  # the round is open already: refused, nothing changes
            "filename": "css/app.css",
            "code": "en",
            **register,
            "invitation_id": 1,  # an invitation of the round, or none (404)
            "message_id": 1,
            "theme_id": 1,  # a theme of the round, or none (404)
            "how": "link",  # on the admin's own account: refused
        }
        #: Arguments whose sample depends on the endpoint.
        self.per_endpoint: dict[str, dict[str, Any]] = {
            "consult.dimension": {"key": "oversight"},
            "consult.question": {"key": "ovs-budget"},
            "consult.dimension_csv": {"key": "oversight"},
            "consult.question_csv": {"key": "ovs-budget"},
            "admin.account_active": {"action": "deactivate"},
            **{
                endpoint: {"key": "ovs-budget"}
                for endpoint in (
                    "panel.criterion",
                    "panel.current_grade",
                    "panel.save_grade",
                    "panel.upload_document",
                    "panel.add_recommendation",
                    "panel_results.criterion",
                )
            },
            "register_admin.focal_bodies": {"account_id": self.focal_point.id},
        }
        self.panel_samples()

    def _register(self) -> dict[str, Any]:
        """A recommendation whose action belongs to the focal point's body."""
        from selfassess.extensions import db
        from selfassess.models import Body
        from selfassess.services import plan, register

        db.session.add(Body(key="matrix-body", name={"en": "Matrix body"}))
        db.session.flush()
        recommendation = register.create_recommendation("MX-1")
        recommendation.text = {"en": "A recommendation"}
        action = register.create_action(recommendation, "1")
        action.text = {"en": "An action"}
        register.set_fields(action, {"responsible": "matrix-body"})
        plan.set_focal_bodies(self.focal_point, ["matrix-body"])
        update = plan.add_update(action, "done", by=self.admin, document=("a.pdf", b"%PDF"))
        # Another body's action, with a document: out of the focal point's reach.
        db.session.add(Body(key="other-body", name={"en": "Other body"}))
        db.session.flush()
        other = register.create_action(recommendation, "2")
        other.text = {"en": "Not theirs"}
        register.set_fields(other, {"responsible": "other-body"})
        self.other_action = other
        self.other_update = plan.add_update(other, "x", by=self.admin, document=("b.pdf", b"%P"))
        db.session.commit()
        return {
            "ref": recommendation.ref,
            "recommendation_id": recommendation.id,
            "action_id": action.id,
            "update_id": update.id,
            "choice": "withdraw",
        }

    def panel_samples(self) -> None:
        """The facilitator's round, a session, a document and a draft to point at."""
        from selfassess.extensions import db
        from selfassess.services import panel

        panel.assign(self.round, self.facilitator)
        panel.create_session(self.round, panel.SessionInput())
        document = panel.add_document(self.round, "ovs-budget", "a.pdf", b"%PDF", actor=None)
        draft = panel.add_draft(self.round, "ovs-budget", {"en": "Do it"}, actor=None)
        db.session.commit()
        self.values.update({"document_id": document.id, "draft_id": draft.id})

    def url(self, app: Flask, rule: Rule) -> str:
        values = {}
        for name in rule.arguments:
            override = self.per_endpoint.get(rule.endpoint, {})
            if name not in override and name not in self.values:
                pytest.fail(f"{rule.rule} ({rule.endpoint}): no sample value for <{name}>")
            values[name] = override.get(name, self.values.get(name))
        with app.test_request_context():
            return rule.build(values, append_unknown=False)[1]  # type: ignore[index]


def access_of(app: Flask, endpoint: str) -> str:
    if endpoint in ENDPOINT_ACCESS:
        return ENDPOINT_ACCESS[endpoint]
    blueprint_name = endpoint.rpartition(".")[0]
    if not blueprint_name:
        assert endpoint in APP_ENDPOINTS, f"endpoint {endpoint} has no blueprint and no rule"
        return APP_ENDPOINTS[endpoint]
    access = getattr(app.blueprints[blueprint_name], "access", None)
    assert access in ALLOWED, f"blueprint {blueprint_name} declares no known access ({access!r})"
    return str(access)


def sign_in(client: FlaskClient, visitor: str, world: World) -> None:
    if visitor in ACCOUNTS:
        account = getattr(world, visitor)
        response = client.post("/auth/login", data={"email": account.email, "password": PASSWORD})
        assert response.status_code == 302
    elif visitor == "respondent":
        response = client.get(f"/r/{world.invitations[0].token}")
        assert response.status_code == 302, response.status_code


def to_login(response: Any) -> bool:
    """Sent to sign in (Flask-Login's redirect names the page asked for)."""
    return response.status_code == 302 and "/auth/login?next=" in response.location


def verdict(visitor: str, access: str, endpoint: str, method: str, response: Any) -> str | None:
    """What is wrong with ``response``, or None when it is what the rule promises."""
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if access == "respondent":
        if endpoint in RESPONDENT_ENTRIES:
            return None  # a wrong link, code or secret is refused; a right one admits
        if visitor == "respondent":
            return f"{status}: refused its own round" if status in (401, 403) else None
        return None if status in (403, 404) else f"{status}: a visitor without a grant got in"
    if visitor in ALLOWED[access]:
        if to_login(response) or status in (401, 403):
            return f"{status}: refused to an allowed visitor"
        if method == "GET" and status not in (200, 302, 404):
            return f"{status} on GET"
        return None
    signed_in = visitor in ACCOUNTS
    if not signed_in:
        return None if to_login(response) else f"{status}: expected the sign-in page"
    return None if status == 403 else f"{status}: expected 403"


@pytest.fixture
def world(
    app: Flask, make_round: Callable[..., Any], make_account: Any, monkeypatch: pytest.MonkeyPatch
) -> World:
    # The matrix checks access rules, not forms: no CSRF token, no rate limit.
    app.config["WTF_CSRF_ENABLED"] = False
    monkeypatch.setattr(limiter, "enabled", False)
    return World(app, make_round, make_account)


@pytest.mark.parametrize("visitor", VISITORS)
def test_every_route_answers_each_visitor_as_its_rule_says(
    app: Flask, world: World, visitor: str
) -> None:
    client = app.test_client()
    sign_in(client, visitor, world)
    problems = []
    checked = 0
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint != "auth.logout", r.rule))
    for rule in reversed(rules):  # sign out last
        access = access_of(app, rule.endpoint)
        url = world.url(app, rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            response.close()
            checked += 1
            problem = verdict(visitor, access, rule.endpoint, method, response)
            if problem:
                problems.append(f"{method} {url} ({rule.endpoint}, {access}): {problem}")
    assert checked > 40
    assert not problems, f"{visitor}:\n" + "\n".join(problems)


def test_a_respondent_reaches_only_their_own_round(app: Flask, world: World) -> None:
    client = app.test_client()
    sign_in(client, "respondent", world)
    own = client.get(f"/r/{world.round.slug}/consent")
    other = client.get("/r/other-round/consent")
    assert own.status_code == 200
    assert other.status_code == 403


def test_a_focal_point_reaches_only_the_actions_of_its_bodies(app: Flask, world: World) -> None:
    client = app.test_client()
    sign_in(client, "focal_point", world)
    own, other = world.values["action_id"], world.other_action.id
    assert client.get(f"/register/actions/{own}").status_code == 200
    for method, url in [
        ("GET", f"/register/actions/{other}"),
        ("POST", f"/register/actions/{other}"),
        ("POST", f"/register/actions/{other}/status"),
        ("GET", f"/register/documents/{world.other_update.id}"),
        ("GET", f"/register/edit/actions/{other}"),
    ]:
        assert (
            client.open(url, method=method, data={"status": "done", "text": "x"}).status_code == 403
        ), url


def test_a_blueprint_without_an_access_rule_fails_the_matrix(app: Flask) -> None:
    from flask import Blueprint

    stray = Blueprint("stray", __name__)
    stray.add_url_rule("/stray", "page", lambda: "hello")
    app.blueprints["stray"] = stray  # as registered, without access
    with pytest.raises(AssertionError, match="declares no known access"):
        access_of(app, "stray.page")


def test_a_route_argument_without_a_sample_fails_the_matrix(app: Flask, world: World) -> None:
    rule = Rule("/stray/<mystery>", endpoint="admin.stray")
    Map([rule])  # binds the rule: its arguments are known
    with pytest.raises(pytest.fail.Exception, match="no sample value for <mystery>"):
        world.url(app, rule)
