"""The results cache shared by every worker and server: one computed document a round."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from selfassess.models.base import Base
from selfassess.models.types import UTCDateTime, utcnow


class ResultsCache(Base):
    """The results document of scoring.md for one round at one revision.

    Held as the JSON text that was served, not as JSONB, so that every server hands
    out the same bytes in the same key order."""

    __tablename__ = "results_cache"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    revision: Mapped[int]
    document: Mapped[str] = mapped_column(Text)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
