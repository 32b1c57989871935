"""Many people submitting at the same moment: each marking rewrites every invitation of
the round, so the markers must queue rather than deadlock."""

from __future__ import annotations

import sqlalchemy as sa

from selfassess.extensions import db
from selfassess.models import Invitation, InvitationState, Response, ResponseState
from tests.integration.respond.test_concurrency import run_together

PEOPLE = 6


def test_simultaneous_submissions_all_succeed_and_are_all_marked(make_round, respondent):
    round_ = make_round()
    people = [respondent(round_, "staff") for _ in range(PEOPLE)]
    for person in people:
        person.autosave({"question": "ovs-committee", "value": "yes"})
    tokens = [person.csrf() for person in people]
    db.session.rollback()
    statuses: list[int] = []

    def submit(index: int):  # type: ignore[no-untyped-def]
        def job() -> None:
            person = people[index]
            reply = person.client.post(person.url("submit"), data={"csrf_token": tokens[index]})
            statuses.append(reply.status_code)

        return job

    assert run_together(*(submit(i) for i in range(PEOPLE))) == []
    assert statuses == [302] * PEOPLE
    states = db.session.scalars(sa.select(Invitation.state)).all()
    assert states == [InvitationState.SUBMITTED] * PEOPLE
    submitted = db.session.scalars(sa.select(Response.state)).all()
    assert submitted == [ResponseState.SUBMITTED] * PEOPLE
    codes = db.session.scalars(sa.select(Response.resume_hash)).all()
    assert len(set(codes)) == PEOPLE and None not in codes
