"""The database models, one module per domain."""

from selfassess.models.accounts import Account, AccountRole
from selfassess.models.audit import AuditEvent
from selfassess.models.consensus import (
    DraftRecommendation,
    EvidenceDocument,
    FacilitatorAssignment,
    GradeSource,
    GradeVersion,
    PanelSession,
    SessionStatus,
)
from selfassess.models.instruments import ImmutableVersionError, Instrument, InstrumentVersion
from selfassess.models.responses import (
    Answer,
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
    "DraftRecommendation",
    "EvidenceDocument",
    "FacilitatorAssignment",
    "GradeSource",
    "GradeVersion",
    "ImmutableVersionError",
    "Instrument",
    "InstrumentVersion",
    "Invitation",
    "InvitationState",
    "PanelSession",
    "Response",
    "ResponseSource",
    "ResponseState",
    "Round",
    "RoundState",
    "SessionStatus",
    "StateError",
]
