"""Column types shared by the models."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Enum
from sqlalchemy.dialects.postgresql import JSONB

#: JSON on every database, JSONB on PostgreSQL.
JSONType = JSON().with_variant(JSONB(), "postgresql")
UTCDateTime = DateTime(timezone=True)


def utcnow() -> datetime:
    return datetime.now(UTC)


def enum_column(enum_class: type[enum.Enum], name: str) -> Any:
    """A portable enum: a short string with a CHECK constraint, not a native type."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=16,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
