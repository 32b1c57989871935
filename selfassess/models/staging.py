"""Uploads staged between the pages of a multi-step form (see ``services/staging.py``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from selfassess.models.base import Base
from selfassess.models.types import UTCDateTime, utcnow


class StagedUpload(Base):
    __tablename__ = "staged_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ``instruments``, ``people``, ``invitations``...
    kind: Mapped[str] = mapped_column(String(32))
    #: SHA-256 of the token in the page's address.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    #: The JSON payload encrypted (Fernet) with a key kept only in its creator's session.
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
