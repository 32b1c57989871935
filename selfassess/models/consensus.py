"""The facilitated panel (consensus.md): sessions, agreed grades, evidence documents.

Agreed grades are append-only: each change adds a :class:`GradeVersion` numbered 1, 2, ...
per round and question, and the *current* grade is the highest version. Nothing is ever
overwritten, so the history of who changed what, when, is the table itself, and two
people saving on top of the same version collide on the unique key instead of one
silently replacing the other.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from selfassess.models.base import Base
from selfassess.models.types import JSONType, UTCDateTime, enum_column, utcnow


class SessionStatus(enum.Enum):
    PLANNED = "planned"
    HELD = "held"


class GradeSource(enum.Enum):
    WEB = "web"
    IMPORT = "import"


class FacilitatorAssignment(Base):
    """A facilitator account may record grades in this round (and only in its rounds)."""

    __tablename__ = "facilitator_assignments"
    __table_args__ = (
        UniqueConstraint("round_id", "account_id", name="uq_facilitator_assignments_round_account"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PanelSession(Base):
    """One meeting of the panel: the report's record of when, where and who attended."""

    __tablename__ = "panel_sessions"
    __table_args__ = (
        UniqueConstraint("round_id", "number", name="uq_panel_sessions_round_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    #: 1, 2, ... within the round: what URLs and people call it.
    number: Mapped[int] = mapped_column(Integer)
    held_on: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")
    #: The facilitators' names as they should appear in the report.
    facilitators: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[SessionStatus] = mapped_column(
        enum_column(SessionStatus, "session_status"), default=SessionStatus.PLANNED
    )
    #: Counts by role and sex, always kept: ``{"mp": {"female": 4, "male": 6}, ...}``.
    attendance: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    #: Participants' names, optional (one per line); counts stand without them.
    attendee_names: Mapped[str] = mapped_column(Text, default="")
    #: Keys of the dimensions the session went through, in instrument order.
    dimensions: Mapped[list[str]] = mapped_column(JSONType, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def attendance_total(self) -> int:
        return sum(int(n) for by_sex in self.attendance.values() for n in by_sex.values())


class GradeVersion(Base):
    """One version of a panel's agreed grade for a question; the highest is current."""

    __tablename__ = "grade_versions"
    __table_args__ = (
        UniqueConstraint(
            "round_id", "question", "version", name="uq_grade_versions_round_question_version"
        ),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    question: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    #: A point value as written in the instrument (``"3"``) or a missing code (``"na"``);
    #: None: the grade was removed (the version still records who removed it and why).
    grade: Mapped[str | None] = mapped_column(String(64))
    evidence: Mapped[str] = mapped_column(Text, default="")
    #: Web addresses of the evidence, one per line.
    links: Mapped[str] = mapped_column(Text, default="")
    #: How the panel got there.
    notes: Mapped[str] = mapped_column(Text, default="")
    #: A minority view, kept beside the consensus.
    dissent: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    #: Who recorded it, as shown (an e-mail address or "command line"); kept if the
    #: account goes.
    recorded_by: Mapped[str] = mapped_column(String(254))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("panel_sessions.id", ondelete="SET NULL")
    )
    source: Mapped[GradeSource] = mapped_column(
        enum_column(GradeSource, "grade_source"), default=GradeSource.WEB
    )


class EvidenceDocument(Base):
    """A file the panel relied on, kept in the database (backed up with it) and only ever
    served as a download."""

    __tablename__ = "evidence_documents"
    __table_args__ = (Index("ix_evidence_documents_round_question", "round_id", "question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    question: Mapped[str] = mapped_column(String(64))
    #: A safe name (letters, digits, ``._-``), never the path the browser sent.
    filename: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    uploaded_by: Mapped[str] = mapped_column(String(254))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DraftRecommendation(Base):
    """A recommendation the panel drafted for a criterion. It carries what an entry of
    the recommendations register needs (texts per language, the question, the round),
    so the register can adopt it; ``adopted_as`` then holds the register's reference."""

    __tablename__ = "draft_recommendations"
    __table_args__ = (Index("ix_draft_recommendations_round_question", "round_id", "question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    question: Mapped[str] = mapped_column(String(64))
    #: Language code -> text, e.g. ``{"en": "...", "mn": "..."}``.
    text: Mapped[dict[str, str]] = mapped_column(JSONType, default=dict)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("panel_sessions.id", ondelete="SET NULL")
    )
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    adopted_as: Mapped[str | None] = mapped_column(String(64))
