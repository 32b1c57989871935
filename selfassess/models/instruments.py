"""Instruments and their immutable versions."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, event, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from selfassess.instrument.model import Definition
from selfassess.models.base import Base
from selfassess.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from selfassess.models.rounds import Round


class ImmutableVersionError(Exception):
    """Raised when code tries to change a loaded instrument version."""


class Instrument(Base):
    __tablename__ = "instruments"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable id across versions (``key`` of the questionnaire file).
    key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    versions: Mapped[list[InstrumentVersion]] = relationship(
        back_populates="instrument", order_by="InstrumentVersion.version"
    )

    @property
    def latest(self) -> InstrumentVersion | None:
        return self.versions[-1] if self.versions else None


class InstrumentVersion(Base):
    __tablename__ = "instrument_versions"
    __table_args__ = (UniqueConstraint("instrument_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"))
    version: Mapped[int]
    #: The canonical definition (every default filled in); never changes once stored.
    #: Plain JSON, not JSONB: JSONB reorders keys, and the order of roles and scales
    #: is part of the definition. Deferred: a request needs only the hash (see ``load``).
    definition: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    #: SHA-256 of the canonical JSON: equal content, equal hash.
    content_hash: Mapped[str] = mapped_column(String(64))
    #: Title in the instrument's default language, for lists.
    title: Mapped[str] = mapped_column(String(300))
    #: File name it was loaded from.
    source_name: Mapped[str] = mapped_column(String(300), default="")
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    loaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))

    instrument: Mapped[Instrument] = relationship(back_populates="versions")
    rounds: Mapped[list[Round]] = relationship(back_populates="version")

    @property
    def label(self) -> str:
        return f"{self.instrument.key} v{self.version}"

    def load(self) -> Definition:
        """The frozen definition, rebuilt once per content hash and process."""
        definition = _DEFINITIONS.get(self.content_hash)
        if definition is None:
            from selfassess.instrument.canonical import definition_from_dict

            definition = _DEFINITIONS[self.content_hash] = definition_from_dict(self.definition)
        return definition


#: Definitions by content hash: versions never change, so they are built once a process.
_DEFINITIONS: dict[str, Definition] = {}


def built_definition(content_hash: str) -> Definition | None:
    """The definition of ``content_hash`` if this process has built it already."""
    return _DEFINITIONS.get(content_hash)


@event.listens_for(InstrumentVersion, "before_update")
def _refuse_changes(_mapper: Any, _connection: Any, target: InstrumentVersion) -> None:
    state = inspect(target)
    for name in ("definition", "content_hash", "version", "instrument_id"):
        if state.attrs[name].history.has_changes():
            raise ImmutableVersionError(
                f"{target.label} is a loaded version: its {name} cannot change; "
                "load the new content as a new version"
            )


@event.listens_for(InstrumentVersion, "before_delete")
def _refuse_delete(_mapper: Any, _connection: Any, target: InstrumentVersion) -> None:
    raise ImmutableVersionError(f"{target.label} is a loaded version and cannot be deleted")
