"""Importing bodies and the register from files (recommendations.md): all or nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import (
    Account,
    ActionStatus,
    Body,
    Recommendation,
    RecommendationStatus,
)
from selfassess.recommendations.parse import (
    ActionRow,
    RecommendationRow,
    parse_bodies,
    parse_register,
)
from selfassess.services import audit
from selfassess.services import register as reg
from selfassess.services.errors import InvalidInput


def import_bodies(data: bytes, filename: str) -> int:
    """Create or rename the bodies of a file (``key``, ``name::LANG``); flushes."""
    rows, problems = parse_bodies(data, filename)
    if problems:
        raise InvalidInput(f"{filename}: nothing imported", problems)
    existing = reg.body_by_key()
    for row in rows:
        body = existing.get(row.key)
        if body is None:
            body = Body(key=row.key, name={})
            db.session.add(body)
        body.name = _merged(body.name, row.name)
    audit.record("bodies.import", Path(filename).name, count=len(rows))
    db.session.flush()
    return len(rows)


def import_register(data: bytes, filename: str, *, by: Account | None = None) -> tuple[int, int]:
    """Create or update the recommendations and actions of a file; flushes.

    Raises :class:`InvalidInput` with every problem located; then nothing changes.
    Returns (recommendations, actions) read from the file.
    """
    parsed, problems = parse_register(data, filename, reg.known())
    if problems:
        raise InvalidInput(f"{filename}: nothing imported", problems)
    if not parsed.recommendations and not parsed.actions:
        raise InvalidInput(f"{filename}: the file has no recommendations and no actions")
    by_ref = {r.ref: r for r in db.session.scalars(select(Recommendation))}
    for row in parsed.recommendations:
        by_ref[row.ref] = _apply_recommendation(by_ref.get(row.ref), row, by)
    for action_row in parsed.actions:
        _apply_action(by_ref[action_row.recommendation], action_row, by)
    counts = len(parsed.recommendations), len(parsed.actions)
    audit.record(
        "recommendations.import",
        Path(filename).name,
        recommendations=counts[0],
        actions=counts[1],
    )
    db.session.flush()
    return counts


def _given(field: str, present: frozenset[str]) -> bool:
    """Texts merge by language; any other field changes only when its column is there."""
    return field == "text" or field in present


def _merged(old: dict[str, str], new: dict[str, str]) -> dict[str, str]:
    """Texts of the file's languages replace (or, empty, remove) the old ones."""
    merged = dict(old)
    for lang, value in new.items():
        if value:
            merged[lang] = value
        else:
            merged.pop(lang, None)
    return merged


def _apply_recommendation(
    found: Recommendation | None, row: RecommendationRow, by: Account | None
) -> Recommendation:
    recommendation = found or reg.create_recommendation(row.ref, by=by)
    values = {
        "text": _merged(recommendation.text, row.text),
        "source": row.source,
        "links": list(row.links),
        "responsible": list(row.responsible),
        "sdg": list(row.sdg),
        "due": row.due,
    }
    if row.status is not None:
        values["status"] = RecommendationStatus(row.status)
    values = {name: value for name, value in values.items() if _given(name, row.present)}
    reg.set_fields(recommendation, values, by=by, initial=found is None)
    return recommendation


def _apply_action(recommendation: Recommendation, row: ActionRow, by: Account | None) -> None:
    action = next((a for a in recommendation.actions if a.ref == row.ref), None)
    new = action is None
    if action is None:
        action = reg.create_action(recommendation, row.ref, by=by)
    values = {
        "text": _merged(action.text, row.text),
        "responsible": row.responsible,
        "start": row.start,
        "due": row.due,
    }
    if row.status is not None:
        values["status"] = ActionStatus(row.status)
    values = {name: value for name, value in values.items() if _given(name, row.present)}
    reg.set_fields(action, values, by=by, initial=new)
    # An Action whose recommendation was created in this import is new to its list.
    if action not in recommendation.actions:
        recommendation.actions.append(action)
