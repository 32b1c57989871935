"""The audit log: who did what, when. Never a token, a password or a respondent's answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from selfassess.models.base import Base
from selfassess.models.types import JSONType, UTCDateTime, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The account that acted, when one did.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    #: Who acted, as shown: an e-mail address, "command line" or "respondent".
    actor: Mapped[str] = mapped_column(String(254))
    #: Dotted name, e.g. ``round.open``, ``instrument.load``, ``auth.login``.
    action: Mapped[str] = mapped_column(String(64), index=True)
    #: What it acted on, e.g. a round slug or ``parliament-hr-gender v2``.
    target: Mapped[str] = mapped_column(String(300), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
