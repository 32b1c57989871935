"""The database models, one module per domain."""

from selfassess.models.accounts import Account, AccountRole
from selfassess.models.audit import AuditEvent
from selfassess.models.instruments import ImmutableVersionError, Instrument, InstrumentVersion
from selfassess.models.responses import (
    Answer,
    CountedAnswer,
    Invitation,
    InvitationState,
    Response,
    ResponseSource,
    ResponseState,
)
from selfassess.models.rounds import Round, RoundState, StateError

__all__ = [
    "Account",
    "AccountRole",
    "Answer",
    "AuditEvent",
    "CountedAnswer",
    "ImmutableVersionError",
    "Instrument",
    "InstrumentVersion",
    "Invitation",
    "InvitationState",
    "Response",
    "ResponseSource",
    "ResponseState",
    "Round",
    "RoundState",
    "StateError",
]
