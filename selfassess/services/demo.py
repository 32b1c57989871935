"""Demo data: the bundled questionnaires, a demo round, accounts and simulated responses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import func, select

from selfassess import instrument
from selfassess.extensions import db
from selfassess.models import Instrument
from selfassess.services.errors import InvalidInput
from selfassess.services.instruments import load_definition


def database_is_empty() -> bool:
    return not db.session.scalar(select(func.count(Instrument.id)))


def load_bundled(folder: str | Path) -> Iterator[str]:
    """Load every questionnaire file of ``folder``; yields one line per file."""
    files = sorted(p for p in Path(folder).glob("*") if p.suffix in (".yaml", ".yml", ".xlsx"))
    for path in files:
        definition, issues = instrument.load(path)
        if definition is None:
            raise InvalidInput(f"{path.name} is not valid", [str(i) for i in issues])
        outcome = load_definition(definition, source_name=path.name)
        word = "loaded" if outcome.created else "unchanged"
        yield f"{word} {definition.key} v{definition.version}"


def load_demo(folder: str | Path) -> Iterator[str]:
    yield from load_bundled(folder)
