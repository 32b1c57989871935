"""The database models, one module per domain."""

from selfassess.models.accounts import Account, AccountRole
from selfassess.models.audit import AuditEvent
from selfassess.models.instruments import ImmutableVersionError, Instrument, InstrumentVersion
from selfassess.models.mail import OutboxMessage, OutboxState
from selfassess.models.responses import (
    Answer,
    Invitation,
    InvitationState,
    Response,
    ResponseSource,
    ResponseState,
)
from selfassess.models.rounds import Round, RoundState, StateError
from selfassess.models.security import AccountSession, PasswordReset
from selfassess.models.staging import StagedUpload

__all__ = [
    "Account",
    "AccountRole",
    "AccountSession",
    "Answer",
    "AuditEvent",
    "ImmutableVersionError",
    "Instrument",
    "InstrumentVersion",
    "Invitation",
    "InvitationState",
    "OutboxMessage",
    "OutboxState",
    "PasswordReset",
    "Response",
    "ResponseSource",
    "ResponseState",
    "Round",
    "RoundState",
    "StagedUpload",
    "StateError",
]
