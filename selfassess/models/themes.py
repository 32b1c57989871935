"""Comment themes: how a consultant groups the open answers of a round.

A tag names a comment by its round, question, kind and the digest of its text, never by
an answer or a response: tagging leaves no stored trace of who wrote what, and a tag
outlives the answer row (a reopened response copies its answers).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from selfassess.models.base import Base
from selfassess.models.types import JSONType, UTCDateTime, utcnow


class CommentTheme(Base):
    __tablename__ = "comment_themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    #: The label by language code (``{"en": ..., "mn": ...}``).
    labels: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    tags: Mapped[list[CommentTag]] = relationship(
        back_populates="theme", cascade="all, delete-orphan", passive_deletes=True
    )

    def label_in(self, lang: str) -> str:
        """The label in ``lang``, else the first one given."""
        labels = self.labels or {}
        return str(labels.get(lang) or next((v for v in labels.values() if v), ""))


class CommentTag(Base):
    __tablename__ = "comment_tags"
    __table_args__ = (UniqueConstraint("theme_id", "question", "kind", "digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(
        ForeignKey("comment_themes.id", ondelete="CASCADE"), index=True
    )
    question: Mapped[str] = mapped_column(String(64))
    #: ``answer`` (a text question's answer) or ``comment``.
    kind: Mapped[str] = mapped_column(String(16))
    #: SHA-256 of the text (see ``scoring.unscored.text_digest``).
    digest: Mapped[str] = mapped_column(String(64))

    theme: Mapped[CommentTheme] = relationship(back_populates="tags")
