"""A new link (an administrator's reissue, a reminder) still leads to the saved draft.

The invitation's key is sealed with the link, with the access code and, for drafts only,
with the server's secret: giving a person a new link re-seals the same key, so nothing
they saved is lost, while a submitted response keeps no locator at all.
"""

from __future__ import annotations

from typing import Any

from selfassess.extensions import db
from selfassess.models import Invitation, Response
from selfassess.services import invitation_admin, invitations
from tests.integration.respond.conftest import Respondent


def started(make_round: Any, respondent: Any) -> tuple[Respondent, Invitation, int]:
    round_ = make_round()
    person = respondent(round_, "staff", {"sex": "female"})
    reply = person.autosave({"question": "ovs-committee", "value": "yes"})
    assert reply.status_code == 200, reply.get_data(as_text=True)
    invitation = db.session.scalar(db.select(Invitation))
    return person, invitation, person.response().id


def saved_answer_behind(web_client: Any, round_slug: str, token: str) -> Response:
    browser = web_client()
    assert browser.get(f"/r/{token}").status_code == 302
    with browser.session_transaction() as session:
        (grant,) = session["respond"].values()
    return db.session.get(Response, grant["response"])


def test_a_reissued_link_finds_the_draft_and_the_old_link_is_dead(
    make_round: Any, respondent: Any, web_client: Any
) -> None:
    person, invitation, draft_id = started(make_round, respondent)
    issued = invitation_admin.reissue(invitation)
    found = saved_answer_behind(web_client, person.slug, issued.token)
    assert found.id == draft_id
    assert {a.question: a.value for a in found.answers} == {"ovs-committee": "yes"}
    assert web_client().get(f"/r/{person.token}").status_code != 302  # the old link is dead


def test_a_reminder_link_finds_the_draft(
    app: Any, make_round: Any, respondent: Any, web_client: Any
) -> None:
    from selfassess.services import anonymity

    person, invitation, draft_id = started(make_round, respondent)
    key = anonymity.server_key(invitation)
    assert key is not None
    token = "reminder-token-for-the-test-0123456789"
    invitation.token_hash = invitations.token_hash(token)
    anonymity.reseal_token(invitation, key, token)
    db.session.commit()
    assert saved_answer_behind(web_client, person.slug, token).id == draft_id
    # The access code, unchanged, still finds it too.
    assert anonymity.unseal(invitation, code=person.code) == key
