"""Loading questionnaire definitions as immutable versions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from selfassess.extensions import db
from selfassess.instrument.model import Definition, text
from selfassess.models import Instrument, InstrumentVersion, Round
from selfassess.services import audit
from selfassess.services.errors import Conflict, NotFound


@dataclass(frozen=True)
class LoadOutcome:
    version: InstrumentVersion
    #: False when the very same content was already loaded (a no-op).
    created: bool


def load_definition(definition: Definition, *, source_name: str = "") -> LoadOutcome:
    """Store a validated definition as a new version; the same content again is a no-op.

    Different content under an existing ``(key, version)`` is refused: people may have
    answered that version, and it must never change under them.
    """
    content_hash = definition.content_hash()
    instrument = db.session.scalar(select(Instrument).filter_by(key=definition.key))
    if instrument is None:
        instrument = Instrument(key=definition.key)
        db.session.add(instrument)
    else:
        existing = next((v for v in instrument.versions if v.version == definition.version), None)
        if existing is not None:
            if existing.content_hash == content_hash:
                return LoadOutcome(existing, created=False)
            raise Conflict(
                f"{definition.key} v{definition.version} is already loaded with different "
                f"content; give the new content version {latest_number(instrument) + 1}"
            )
    version = InstrumentVersion(
        instrument=instrument,
        version=definition.version,
        definition=definition.to_dict(),
        content_hash=content_hash,
        title=text(definition.title, definition.languages[0])[:300],
        source_name=source_name[:300],
    )
    db.session.add(version)
    audit.record("instrument.load", version.label, source=source_name, hash=content_hash)
    db.session.flush()
    return LoadOutcome(version, created=True)


def latest_number(instrument: Instrument) -> int:
    return max((v.version for v in instrument.versions), default=0)


def get_version(key: str, number: int | None = None) -> InstrumentVersion:
    """A loaded version; the latest when ``number`` is None."""
    instrument = db.session.scalar(select(Instrument).filter_by(key=key))
    if instrument is None or not instrument.versions:
        raise NotFound(f"no instrument with key {key!r} is loaded")
    if number is None:
        return instrument.versions[-1]
    for version in instrument.versions:
        if version.version == number:
            return version
    raise NotFound(f"{key} has no version {number} (loaded: {_numbers(instrument)})")


def _numbers(instrument: Instrument) -> str:
    return ", ".join(str(v.version) for v in instrument.versions)


def list_versions() -> list[tuple[InstrumentVersion, int]]:
    """Every loaded version with its number of rounds, by instrument key and version."""
    counts = (
        select(Round.version_id, func.count(Round.id).label("n"))
        .group_by(Round.version_id)
        .subquery()
    )
    rows = db.session.execute(
        select(InstrumentVersion, func.coalesce(counts.c.n, 0))
        .join(Instrument)
        .outerjoin(counts, counts.c.version_id == InstrumentVersion.id)
        .order_by(Instrument.key, InstrumentVersion.version)
    ).all()
    return [(version, int(n)) for version, n in rows]
