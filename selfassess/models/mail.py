"""The e-mail outbox: messages queued with what caused them, sent later by a worker."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from selfassess.models.base import Base
from selfassess.models.types import UTCDateTime, enum_column, utcnow

#: Stands in the stored body for the message's secret link until it is sent.
LINK_PLACEHOLDER = "[[link]]"


class OutboxState(enum.Enum):
    QUEUED = "queued"
    SENT = "sent"
    #: Gave up after the last retry; an administrator can queue it again.
    FAILED = "failed"


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state_next_attempt_at", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What caused it: ``invitation``, ``reminder``, ``password_reset``, ``action_reminder``...
    kind: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str] = mapped_column(String(254))
    #: The recipient's language (``en`` or ``mn``): subject and body are written in it.
    language: Mapped[str] = mapped_column(String(8), default="en")
    subject: Mapped[str] = mapped_column(String(300))
    #: The text, with :data:`LINK_PLACEHOLDER` where the secret link goes.
    body: Mapped[str] = mapped_column(Text)
    #: The secret link while the message waits, sealed with a key derived from
    #: SECRET_KEY; emptied once it is sent, so the row keeps no secret after delivery.
    secret_link: Mapped[str | None] = mapped_column(Text)
    state: Mapped[OutboxState] = mapped_column(
        enum_column(OutboxState, "outbox_state"), default=OutboxState.QUEUED
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The SMTP server's last refusal or the connection error, for the outbox page.
    last_error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
