"""An attacker's second look: a facilitator of one round against another round's panel
(ids in URLs and JSON bodies), forged requests without a CSRF token, open redirects."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import DraftRecommendation, EvidenceDocument, GradeVersion
from selfassess.services import panel
from selfassess.services.rounds import get_round
from tests.conftest import PASSWORD, csrf_token, post_form

MINE = "/panel/panel-round"
THEIRS = "/panel/other-round"
KEY = "ovs-budget"


@pytest.fixture
def facilitator(app, make_round, make_account):  # type: ignore[no-untyped-def]
    mine = make_round("panel-round")
    make_round("other-round", state="open")
    account = make_account("facilitator")
    panel.assign(mine, account)
    db.session.commit()
    return account


@pytest.fixture
def theirs(facilitator):  # type: ignore[no-untyped-def]
    """Another round's document and draft recommendation: what the attacker aims at."""
    other = get_round("other-round")
    document = panel.add_document(other, KEY, "secret.pdf", b"%PDF other", actor=None)
    draft = panel.add_draft(other, KEY, {"en": "Their draft"}, actor=None)
    db.session.commit()
    return document.id, draft.id


def sign_in(client: FlaskClient, account) -> None:  # type: ignore[no-untyped-def]
    response = post_form(client, "/auth/login", {"email": account.email, "password": PASSWORD})
    assert response.status_code == 302


def test_another_rounds_documents_and_drafts_are_out_of_reach_through_ones_own_round(
    client, facilitator, theirs
) -> None:  # type: ignore[no-untyped-def]
    document_id, draft_id = theirs
    sign_in(client, facilitator)
    token = csrf_token(client, f"{MINE}/criteria/{KEY}")
    assert client.get(f"{MINE}/documents/{document_id}").status_code == 404
    assert client.get(f"{THEIRS}/documents/{document_id}").status_code == 403
    removed = client.post(f"{MINE}/documents/{document_id}/remove", data={"csrf_token": token})
    assert removed.status_code == 404
    client.post(f"{MINE}/recommendations/{draft_id}/remove", data={"csrf_token": token})
    forbidden = client.post(
        f"{THEIRS}/recommendations/{draft_id}/remove", data={"csrf_token": token}
    )
    assert forbidden.status_code == 403
    assert db.session.get(EvidenceDocument, document_id) is not None
    assert db.session.get(DraftRecommendation, draft_id) is not None


def test_another_rounds_grade_cannot_be_read_or_written_by_json(client, facilitator) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, facilitator)
    token = csrf_token(client, f"{MINE}/criteria/{KEY}")
    headers = {"X-CSRFToken": token, "Accept": "application/json"}
    body = {"based_on": 0, "grade": "4", "session": 1}
    assert (
        client.post(f"{THEIRS}/criteria/{KEY}/grade", json=body, headers=headers).status_code == 403
    )
    assert client.get(f"{THEIRS}/criteria/{KEY}/grade").status_code == 403
    assert db.session.scalars(select(GradeVersion)).all() == []


def test_a_json_save_without_the_csrf_token_is_refused(client, facilitator) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, facilitator)
    forged = client.post(
        f"{MINE}/criteria/{KEY}/grade",
        json={"based_on": 0, "grade": "4"},
        headers={"Accept": "application/json"},
    )
    assert forged.status_code == 400
    assert db.session.scalars(select(GradeVersion)).all() == []


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "\\\\evil.example",
    ],
)
def test_next_never_leads_off_the_site(app, make_account, target: str) -> None:  # type: ignore[no-untyped-def]
    account = make_account("consultant")
    browser = app.test_client()
    signed = post_form(
        browser,
        "/auth/login?next=" + target,
        {"email": account.email, "password": PASSWORD},
        page="/auth/login",
    )
    assert signed.status_code == 302 and "evil" not in signed.location
    assert "javascript" not in signed.location
    switched = app.test_client().get("/language/mn", query_string={"next": target})
    assert switched.status_code == 302 and "evil" not in switched.location
