"""The results cache shared by every worker and server: one computed document a round,
and the dashboard's view of the same computation."""

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
    #: What the dashboard and the report show beside the document (intervals, group
    #: parts, unscored questions, free texts, submitted tallies), as JSON, computed with
    #: it; None in rows written before it existed (they are recomputed once).
    view: Mapped[str | None] = mapped_column(Text)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ComparisonCache(Base):
    """compare.md's document of a round against an earlier one, at both revisions.

    Kept without the register's recommendation counts, which change without a
    revision and are added as the document is read."""

    __tablename__ = "comparison_cache"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    earlier_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    #: The results revisions of the round and of the earlier round it was computed at.
    revision: Mapped[int]
    earlier_revision: Mapped[int]
    document: Mapped[str] = mapped_column(Text)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
