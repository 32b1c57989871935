"""Invitations, responses and answers.

A response carries no identity: only the round, the role and the profile values. In an
anonymous round the invitation never points to its response: a draft is found through a
key that only the link or the access code unlocks, and after submission through a resume
code only the respondent keeps (see ``services/anonymity.py`` and the README).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from selfassess.models.base import Base
from selfassess.models.rounds import StateError
from selfassess.models.types import JSONType, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from selfassess.models.rounds import Round


class InvitationState(enum.Enum):
    PENDING = "pending"
    STARTED = "started"
    SUBMITTED = "submitted"


class ResponseState(enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class ResponseSource(enum.Enum):
    """How a response reached the database: its channel."""

    WEB = "web"
    #: Typed in from a printed questionnaire in the console.
    PAPER = "paper"
    IMPORT = "import"


#: Only revoked invitations: the few rows every respondent's request checks
#: (``admission.revoked``), read without scanning the round's invitations.
REVOKED = text("revoked_at IS NOT NULL")


class Invitation(Base):
    __tablename__ = "invitations"
    __table_args__ = (
        UniqueConstraint("round_id", "code_hash"),
        Index(
            "ix_invitations_revoked", "response_id", postgresql_where=REVOKED, sqlite_where=REVOKED
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    #: SHA-256 of the link token (the token itself is never stored).
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: HMAC (keyed with SECRET_KEY) of the short access code, so a dump cannot brute-force it.
    code_hash: Mapped[str | None] = mapped_column(String(64))
    #: Who was invited (a name or an e-mail address), for the invitation slips.
    label: Mapped[str] = mapped_column(String(300), default="")
    role: Mapped[str] = mapped_column(String(64))
    profile: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    #: Where invitations and reminders are e-mailed; None for people without an address.
    email: Mapped[str | None] = mapped_column(String(254))
    #: The person's language (``en``, ``mn``) for e-mails and slips; None: the round's.
    language: Mapped[str | None] = mapped_column(String(8))
    #: When an administrator revoked it: its link and code no longer open anything.
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    state: Mapped[InvitationState] = mapped_column(
        enum_column(InvitationState, "invitation_state"), default=InvitationState.PENDING
    )
    #: The invitation's random key, sealed with the link token and with the access code
    #: (XOR with a pad derived from each; hex). Only a holder of either unseals it.
    key_by_token: Mapped[str | None] = mapped_column(String(64))
    key_by_code: Mapped[str | None] = mapped_column(String(64))
    #: The same key sealed with ``SECRET_KEY`` (and ``key_by_code`` as salt), so that a new
    #: link (a reminder, a reissue) still leads to the draft. Drafts only: a submitted
    #: response keeps no ``draft_key``, so this unseals nothing about it.
    key_by_server: Mapped[str | None] = mapped_column(String(64))
    #: The response being answered, in identified rounds only (anonymous rounds find
    #: their draft through the sealed key; older anonymous drafts may still use it).
    response_id: Mapped[int | None] = mapped_column(ForeignKey("responses.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    round: Mapped[Round] = relationship()
    response: Mapped[Response | None] = relationship()

    # State changes live here, so every service moves an invitation the same way.

    @property
    def is_submitted(self) -> bool:
        return self.state is InvitationState.SUBMITTED

    def submit(self) -> None:
        """Its person has submitted (identified rounds; anonymous ones go through
        ``services/anonymity.py``, which writes no link to the response)."""
        self.state = InvitationState.SUBMITTED

    def reopen(self) -> None:
        """Its response is a draft again: started, not submitted."""
        if self.state is not InvitationState.SUBMITTED:
            raise StateError("only a submitted invitation can be reopened")
        self.state = InvitationState.STARTED

    def revoke(self, at: datetime) -> bool:
        """Kill its link and code; False if it was already revoked."""
        if self.revoked_at is not None:
            return False
        self.revoked_at = at
        return True

    def require_reissuable(self) -> None:
        """A new link would not change a submitted response."""
        if self.is_submitted:
            raise StateError("this person has submitted: a new link would not change that")


class Response(Base):
    __tablename__ = "responses"
    __table_args__ = (UniqueConstraint("round_id", "paper_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    role: Mapped[str] = mapped_column(String(64))
    #: Profile values by field key (choice codes, texts, numbers).
    profile: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    state: Mapped[ResponseState] = mapped_column(
        enum_column(ResponseState, "response_state"), default=ResponseState.DRAFT
    )
    source: Mapped[ResponseSource] = mapped_column(
        enum_column(ResponseSource, "response_source"), default=ResponseSource.WEB
    )
    #: When the respondent agreed to the notice (kept to the day in anonymous rounds).
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: HMAC (keyed with SECRET_KEY) of the respondent-held resume code (anonymous rounds,
    #: after the first submission); a SHA-256 for codes issued before it was keyed.
    resume_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: A draft's locator, derived from its invitation's key (anonymous rounds); cleared at
    #: submission, so that the link no longer finds the response.
    draft_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: Profile keys the invitation set, which the respondent does not edit.
    preset: Mapped[list[str] | None] = mapped_column(JSONType)
    #: A submitted response that its respondent reopened to change: until it is submitted
    #: again it counts with ``counted_profile`` and its ``counted_answers`` (scoring.md).
    reopened: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: The profile as last submitted, kept while the response is reopened.
    counted_profile: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    #: The number printed on the paper form this response was typed in from.
    paper_number: Mapped[int | None]

    round: Mapped[Round] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )
    counted_answers: Mapped[list[CountedAnswer]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def channel(self) -> ResponseSource:
        return self.source

    @property
    def is_submitted(self) -> bool:
        return self.state is ResponseState.SUBMITTED

    def submit(self, at: datetime | None = None) -> None:
        """Submit; what was kept from an earlier submission no longer counts (the caller
        deletes the counted answers)."""
        if self.state is ResponseState.SUBMITTED:
            raise StateError("this response is already submitted")
        self.state = ResponseState.SUBMITTED
        self.submitted_at = at or utcnow()
        self.reopened = False
        self.counted_profile = None

    def reopen(self) -> None:
        """A draft again, still counting as submitted (the caller copies the answers)."""
        if self.state is not ResponseState.SUBMITTED:
            raise StateError("only a submitted response can be reopened")
        self.state = ResponseState.DRAFT
        self.reopened = True
        self.counted_profile = dict(self.profile or {})


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("response_id", "question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    #: Question key of the round's instrument version.
    question: Mapped[str] = mapped_column(String(64))
    #: The raw answer: a point value ("3"), a missing code ("dk"), option codes ("a;b"),
    #: a number or a text. Empty means no answer (the row is then deleted).
    value: Mapped[str] = mapped_column(Text, default="")
    #: The point value or number, for scale and number questions.
    numeric: Mapped[float | None]
    comment: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    response: Mapped[Response] = relationship(back_populates="answers")


class CountedAnswer(Base):
    """An answer as last submitted, kept while its response is reopened: the results read
    these rather than the answers being changed. No timestamp: nothing to link."""

    __tablename__ = "counted_answers"
    __table_args__ = (UniqueConstraint("response_id", "question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(Text, default="")
    numeric: Mapped[float | None]
    comment: Mapped[str | None] = mapped_column(Text)
