"""The recommendations register: bodies, recommendations, actions, progress, history."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    ForeignKey,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from selfassess.models.accounts import Account
from selfassess.models.base import Base
from selfassess.models.types import JSONType, UTCDateTime, enum_column, utcnow


class RecommendationStatus(enum.Enum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    NOT_ACCEPTED = "not_accepted"


class ActionStatus(enum.Enum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


#: Focal point accounts and the bodies whose actions they report on.
focal_point_bodies = Table(
    "focal_point_bodies",
    Base.metadata,
    Column("account_id", ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    Column("body_id", ForeignKey("bodies.id", ondelete="CASCADE"), primary_key=True),
)


class Body(Base):
    """Who is responsible: a committee, a secretariat unit, the Speaker's office..."""

    __tablename__ = "bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    #: Language -> name.
    name: Mapped[dict[str, str]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    focal_points: Mapped[list[Account]] = relationship(
        secondary=focal_point_bodies, order_by="Account.email"
    )


class RecommendationBody(Base):
    """A body responsible for a recommendation, in the order the register lists them."""

    __tablename__ = "recommendation_bodies"

    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True
    )
    body_id: Mapped[int] = mapped_column(
        ForeignKey("bodies.id", ondelete="RESTRICT"), primary_key=True
    )
    position: Mapped[int] = mapped_column(default=0)

    body: Mapped[Body] = relationship(lazy="joined")


class Recommendation(Base):
    __tablename__ = "recommendations"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Unique in the register: ``SA-2025-07``, ``UPR3-107.45``.
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    #: Language -> text.
    text: Mapped[dict[str, str]] = mapped_column(JSONType, default=dict)
    #: A round's slug, or free text (``UPR 3rd cycle, 2020``).
    source: Mapped[str] = mapped_column(String(300), default="")
    #: ``INSTRUMENT:ITEM`` stable keys: what it should improve, in every round.
    links: Mapped[list[str]] = mapped_column(JSONType, default=list)
    #: SDG targets such as ``5.5``.
    sdg: Mapped[list[str]] = mapped_column(JSONType, default=list)
    status: Mapped[RecommendationStatus] = mapped_column(
        enum_column(RecommendationStatus, "recommendation_status"),
        default=RecommendationStatus.PROPOSED,
    )
    due: Mapped[date | None] = mapped_column(Date)
    #: Shown on the public accountability page, with its actions and their progress.
    published: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    bodies: Mapped[list[RecommendationBody]] = relationship(
        order_by="RecommendationBody.position", cascade="all, delete-orphan"
    )
    actions: Mapped[list[Action]] = relationship(
        back_populates="recommendation",
        order_by="Action.id",
        cascade="all, delete-orphan",
    )

    @property
    def responsible(self) -> list[str]:
        return [link.body.key for link in self.bodies]


class Action(Base):
    """One step of the plan of action."""

    __tablename__ = "actions"
    __table_args__ = (UniqueConstraint("recommendation_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    #: Unique within its recommendation.
    ref: Mapped[str] = mapped_column(String(64))
    text: Mapped[dict[str, str]] = mapped_column(JSONType, default=dict)
    body_id: Mapped[int | None] = mapped_column(
        ForeignKey("bodies.id", ondelete="RESTRICT"), index=True
    )
    start: Mapped[date | None] = mapped_column(Date)
    due: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus, "action_status"), default=ActionStatus.NOT_STARTED
    )

    recommendation: Mapped[Recommendation] = relationship(back_populates="actions")
    body: Mapped[Body | None] = relationship(lazy="joined")
    updates: Mapped[list[ProgressUpdate]] = relationship(
        back_populates="action",
        order_by="(ProgressUpdate.reported_on.desc(), ProgressUpdate.id.desc())",
        cascade="all, delete-orphan",
    )

    @property
    def responsible(self) -> str | None:
        return self.body.key if self.body else None


class ProgressUpdate(Base):
    """A dated report on an action, with an optional link and document."""

    __tablename__ = "progress_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    reported_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(500), default="")
    #: The attached document's file name as uploaded (sanitised), or empty.
    document_name: Mapped[str] = mapped_column(String(200), default="")
    document_size: Mapped[int] = mapped_column(default=0)
    #: Deferred: lists of updates never load the bytes.
    document: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    #: Who reported, as shown (an e-mail address, or "command line").
    author: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    action: Mapped[Action] = relationship(back_populates="updates")


class RegisterChange(Base):
    """The history: one changed field of a recommendation or an action."""

    __tablename__ = "register_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(254))
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    #: The action's ref when the change is an action's, else empty.
    action_ref: Mapped[str] = mapped_column(String(64), default="")
    #: ``created``, ``status``, ``text``, ``due``, ``published``, ``update`` ...
    field: Mapped[str] = mapped_column(String(64))
    before: Mapped[Any] = mapped_column(JSONType, nullable=True)
    after: Mapped[Any] = mapped_column(JSONType, nullable=True)
