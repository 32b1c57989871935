"""A panel's draft recommendation adopted into the register (issues 13 and 14): a proposed
entry with the draft's texts, its question and dimension as links, the round as source;
once only; by consultants and administrators only; with a history line and an audit event."""

from __future__ import annotations

from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import AuditEvent, Recommendation, RegisterChange
from selfassess.services import panel
from tests.conftest import post_form
from tests.integration.consensus.test_panel_web import (
    facilitator,  # noqa: F401 (fixture)
    facilitator_round,
    sign_in,
)

RESULTS = "/results/panel-round/panel/ovs-budget"
SCREEN = "/panel/panel-round/criteria/ovs-budget"
TEXTS = {"en": "Publish a gender budget statement.", "mn": "Жендэрийн төсвийн мэдэгдэл"}


def _draft(account):  # type: ignore[no-untyped-def]
    draft = panel.add_draft(facilitator_round(), "ovs-budget", TEXTS, actor=account)
    db.session.commit()
    return draft


def test_a_consultant_adopts_a_draft_once(app, client, facilitator, login_as) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    first, second = _draft(facilitator), _draft(facilitator)
    consultant = login_as("consultant")
    assert "Adopt into the register" in client.get(RESULTS).get_data(as_text=True)
    url = f"/results/panel-round/panel/recommendations/{first.id}/adopt"
    reply = post_form(client, url, {}, page=RESULTS)
    assert reply.status_code == 302 and reply.location.endswith("/recommendation/SA-panel-round-1")
    entry = db.session.scalars(select(Recommendation)).one()
    assert entry.ref == "SA-panel-round-1" and entry.text == TEXTS
    assert entry.source == "panel-round" and entry.status.value == "proposed"
    instrument = facilitator_round().version.instrument.key
    question = facilitator_round().version.load().question("ovs-budget")
    assert entry.links == [f"{instrument}:ovs-budget", f"{instrument}:{question.dimension}"]
    db.session.refresh(first)
    assert first.adopted_as == "SA-panel-round-1"
    (created,) = db.session.scalars(select(RegisterChange)).all()
    assert (created.field, created.actor) == ("created", consultant.email)
    assert db.session.scalars(
        select(AuditEvent).filter_by(action="panel.recommendation.adopt")
    ).one()
    # Once only: a second post changes nothing; the next draft gets the next number.
    again = post_form(client, url, {}, page=RESULTS)
    assert again.status_code == 302 and db.session.scalars(select(Recommendation)).all() == [entry]
    post_form(
        client, f"/results/panel-round/panel/recommendations/{second.id}/adopt", {}, page=RESULTS
    )
    refs = sorted(db.session.scalars(select(Recommendation.ref)))
    assert refs == ["SA-panel-round-1", "SA-panel-round-2"]
    page = client.get(RESULTS).get_data(as_text=True)
    assert (
        "In the register as" in page and 'href="/register/recommendation/SA-panel-round-1"' in page
    )
    # An adopted draft can no longer be removed from the panel screen.
    assert "SA-panel-round-1" in client.get(SCREEN).get_data(as_text=True)


def test_only_consultants_and_admins_adopt(app, client, facilitator) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    draft = _draft(facilitator)
    sign_in(client, facilitator)
    assert "Adopt into the register" not in client.get(SCREEN).get_data(as_text=True)
    url = f"/results/panel-round/panel/recommendations/{draft.id}/adopt"
    assert post_form(client, url, {}, page=SCREEN).status_code == 403
    assert db.session.scalars(select(Recommendation)).all() == []


def test_bad_adoptions(app, client, facilitator, login_as, make_round) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    draft = _draft(facilitator)
    login_as("admin")
    # Another round's address does not reach this round's draft (no IDOR); no CSRF, no write.
    other = f"/results/other-round/panel/recommendations/{draft.id}/adopt"
    assert post_form(client, other, {}, page=RESULTS).status_code == 404
    url = f"/results/panel-round/panel/recommendations/{draft.id}/adopt"
    assert client.post(url, data={}).status_code == 400
    assert (
        post_form(
            client, "/results/panel-round/panel/recommendations/999/adopt", {}, page=RESULTS
        ).status_code
        == 404
    )
    assert db.session.scalars(select(Recommendation)).all() == []
