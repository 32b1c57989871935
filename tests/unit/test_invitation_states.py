"""An invitation's state changes are the model's, with domain errors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from selfassess.models import Invitation, InvitationState, StateError


def test_submit_then_reopen() -> None:
    invitation = Invitation(state=InvitationState.STARTED)
    invitation.submit()
    assert invitation.is_submitted
    with pytest.raises(StateError):
        invitation.require_reissuable()
    invitation.reopen()
    assert invitation.state is InvitationState.STARTED
    invitation.require_reissuable()


def test_only_a_submitted_invitation_reopens() -> None:
    with pytest.raises(StateError):
        Invitation(state=InvitationState.PENDING).reopen()


def test_revoking_twice_changes_nothing() -> None:
    invitation, first = Invitation(), datetime(2026, 1, 1, tzinfo=UTC)
    assert invitation.revoke(first)
    assert not invitation.revoke(datetime(2026, 2, 1, tzinfo=UTC))
    assert invitation.revoked_at == first
