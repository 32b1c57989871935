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
from selfassess.models.mail import OutboxMessage, OutboxState
from selfassess.models.register import (
    Action,
    ActionStatus,
    Body,
    ProgressUpdate,
    Recommendation,
    RecommendationBody,
    RecommendationStatus,
    RegisterChange,
    focal_point_bodies,
)
from selfassess.models.responses import (
    Answer,
    CountedAnswer,
    Invitation,
    InvitationState,
    Response,
    ResponseSource,
    ResponseState,
)
from selfassess.models.results_cache import ComparisonCache, ResultsCache
from selfassess.models.rounds import Round, RoundState, StateError
from selfassess.models.security import AccountSession, PasswordReset
from selfassess.models.staging import StagedUpload
from selfassess.models.themes import CommentTag, CommentTheme

__all__ = [
    "Account",
    "AccountRole",
    "AccountSession",
    "Action",
    "ActionStatus",
    "Answer",
    "AuditEvent",
    "Body",
    "CommentTag",
    "CommentTheme",
    "ComparisonCache",
    "CountedAnswer",
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
    "OutboxMessage",
    "OutboxState",
    "PanelSession",
    "PasswordReset",
    "ProgressUpdate",
    "Recommendation",
    "RecommendationBody",
    "RecommendationStatus",
    "RegisterChange",
    "Response",
    "ResponseSource",
    "ResponseState",
    "ResultsCache",
    "Round",
    "RoundState",
    "SessionStatus",
    "StagedUpload",
    "StateError",
    "focal_point_bodies",
]
