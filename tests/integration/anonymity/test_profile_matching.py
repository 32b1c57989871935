"""An attacker with a copy of the database matches responses to invitations by role and
profile values: before issue 10 the invitation kept the profile its response copied, so a
unique combination (the only staff member who preferred not to give their sex) linked."""

from __future__ import annotations

import sqlalchemy as sa

from selfassess.extensions import db
from tests.integration.anonymity.conftest import chance_links, report


def consistent(invitation_profile: dict, response_profile: dict) -> bool:  # type: ignore[type-arg]
    return all(response_profile.get(k) == v for k, v in invitation_profile.items())


def test_profile_values_link_no_response_to_its_invitation(answered_round) -> None:
    answered = answered_round()
    pairs = answered.submitted_pairs()
    with db.engine.connect() as connection:
        invitations = connection.execute(
            sa.text("SELECT id, role, profile, state FROM invitations")
        ).all()
        responses = connection.execute(
            sa.text("SELECT id, role, profile FROM responses WHERE state = 'submitted'")
        ).all()
    decode = db.engine.dialect.name == "sqlite"
    candidates: dict[int, set[int]] = {}
    for response_id, role, profile in responses:
        profile = _json(profile, decode)
        # The best an attacker does: invitations marked submitted, of the same role, whose
        # remaining profile values agree.
        candidates[response_id] = {
            i
            for i, i_role, i_profile, state in invitations
            if i_role == role
            and state == "submitted"
            and consistent(_json(i_profile, decode), profile)
        }
    assert all(_json(p, decode) == {} for _i, _r, p, s in invitations if s == "submitted")
    linked = sum(1 for i, r in pairs.items() if candidates[r] == {i})
    chance = chance_links(candidates, pairs)
    report("profile matching", linked, len(pairs), chance)
    assert linked == 0
    # No better than guessing within each role among those who submitted.
    by_role = sum(1 for _ in {r for _i, r, _p, s in invitations if s == "submitted"})
    assert chance <= by_role + 1e-9


def _json(value, decode: bool):  # type: ignore[no-untyped-def]
    import json

    return json.loads(value) if decode and isinstance(value, str) else value
