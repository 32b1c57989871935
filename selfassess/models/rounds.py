"""Assessment rounds: one instrument version answered during one period."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, Float, ForeignKey, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from selfassess.models.base import Base
from selfassess.models.types import JSONType, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from selfassess.models.instruments import InstrumentVersion


class StateError(Exception):
    """A state transition that the object's current state does not allow."""


class RoundState(enum.Enum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Round(Base):
    __tablename__ = "rounds"
    __table_args__ = (CheckConstraint("min_group_size >= 1", name="min_group_size_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    #: The title in the instrument's first language (what the command line shows).
    title: Mapped[str] = mapped_column(String(300))
    #: The title by language code; a language missing here falls back to ``title``.
    titles: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    version_id: Mapped[int] = mapped_column(ForeignKey("instrument_versions.id"))
    state: Mapped[RoundState] = mapped_column(
        enum_column(RoundState, "round_state"), default=RoundState.DRAFT
    )
    #: k: any published cell with fewer respondents than this is suppressed.
    min_group_size: Mapped[int] = mapped_column(default=5)
    #: A declared gap (scoring.md "Gaps") of at least this many points is highlighted.
    gap_threshold: Mapped[float] = mapped_column(Float, default=10.0, server_default=text("10"))
    #: Anonymous rounds cut the invitation-response link at submission.
    anonymous: Mapped[bool] = mapped_column(default=True)
    #: Bumped by every change to what the results count (services/revisions.py), so a
    #: cached results document is current exactly when its revision equals this one.
    results_revision: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    version: Mapped[InstrumentVersion] = relationship(back_populates="rounds")

    def title_in(self, lang: str) -> str:
        """The title in ``lang``, else the first language's."""
        return str((self.titles or {}).get(lang) or self.title)

    def timestamp(self) -> datetime:
        """The time to record on this round's responses (:func:`stamp`)."""
        return stamp(self.anonymous)

    @property
    def is_open(self) -> bool:
        return self.state is RoundState.OPEN

    def open(self) -> None:
        if self.state is RoundState.OPEN:
            raise StateError(f"round {self.slug} is already open")
        self.state = RoundState.OPEN
        self.opened_at = utcnow()
        self.closed_at = None

    def close(self) -> None:
        if self.state is not RoundState.OPEN:
            raise StateError(f"round {self.slug} is not open (it is {self.state.value})")
        self.state = RoundState.CLOSED
        self.closed_at = utcnow()


def stamp(anonymous: bool) -> datetime:
    """The time to record on a round's responses: to the day in anonymous rounds, so
    that no timestamp can tie a response to an invitation's use."""
    now = utcnow()
    if anonymous:
        return now.replace(hour=0, minute=0, second=0, microsecond=0)
    return now
