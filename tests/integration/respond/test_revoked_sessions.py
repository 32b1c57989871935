"""A revoked invitation stops the sessions it opened, not only its link and code (issue 11).

An anonymous draft's invitation is known only to the browser's signed session, so the
check needs no stored link between the two."""

from __future__ import annotations

from selfassess.extensions import db
from selfassess.models import Invitation
from selfassess.services import invitation_admin
from tests.integration.respond.conftest import Respondent


def _revoke_all(round_) -> None:  # type: ignore[no-untyped-def]
    for invitation in db.session.scalars(db.select(Invitation).filter_by(round_id=round_.id)):
        invitation_admin.revoke(invitation)


def test_an_anonymous_draft_stops_when_its_invitation_is_revoked(make_round, respondent):
    round_ = make_round()
    person = respondent(round_, "mp", {"sex": "female"})
    assert person.client.get(person.url("page/1")).status_code == 200
    _revoke_all(round_)
    assert person.client.get(person.url("page/1")).status_code == 403
    saved = person.autosave({"page": 1, "answers": {}})
    assert saved.status_code == 403 and "error" in saved.get_json()
    # The grant is gone from the session: nothing left to try again with.
    with person.client.session_transaction() as session:
        assert str(round_.id) not in session["respond"]


def test_a_session_before_consent_stops_too(make_round, invite, web_client):
    round_ = make_round()
    issued = invite(round_, "mp", {"sex": "male"})
    person = Respondent(web_client(), round_)
    assert person.enter(issued.token).status_code == 302
    assert person.client.get(person.url("consent")).status_code == 200
    _revoke_all(round_)
    assert person.client.get(person.url("consent")).status_code == 403
    assert person.consent().status_code == 403


def test_an_identified_response_stops_when_its_invitation_is_revoked(make_round, respondent):
    round_ = make_round(anonymous=False)
    person = respondent(round_, "mp", {"sex": "female"})
    assert person.client.get(person.url("page/1")).status_code == 200
    _revoke_all(round_)
    assert person.client.get(person.url("page/1")).status_code == 403


def test_other_sessions_keep_working(make_round, respondent):
    round_ = make_round()
    kept, revoked = respondent(round_, "mp"), respondent(round_, "staff")
    gone = db.session.scalars(db.select(Invitation).order_by(Invitation.id)).all()[-1]
    invitation_admin.revoke(gone)
    assert revoked.client.get(revoked.url("page/1")).status_code == 403
    assert kept.client.get(kept.url("page/1")).status_code == 200
