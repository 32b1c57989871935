"""The recommendations register: reading it, and changing it with its history.

Services flush, the edge commits (STYLE habit 14): the CLI command or the request
commits once, so an import or a form that fails half-way leaves nothing behind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from selfassess.extensions import db
from selfassess.models import (
    Account,
    Action,
    ActionStatus,
    Body,
    InstrumentVersion,
    ProgressUpdate,
    Recommendation,
    RecommendationBody,
    RecommendationStatus,
    RegisterChange,
)
from selfassess.recommendations.parse import Known
from selfassess.recommendations.rules import action_overdue, recommendation_overdue
from selfassess.services.errors import InvalidInput, NotFound

COMMAND_LINE = "command line"


# -- reading ---------------------------------------------------------------------------


def natural(ref: str) -> list[Any]:
    """A sort key that puts action ``2`` before ``10``."""
    return [
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", ref)
    ]


def recommendations(published_only: bool = False) -> list[Recommendation]:
    """Every recommendation in ``ref`` order, with bodies and actions loaded."""
    query = select(Recommendation).options(
        selectinload(Recommendation.bodies),
        selectinload(Recommendation.actions).selectinload(Action.body),
    )
    if published_only:
        query = query.where(Recommendation.published.is_(True))
    found = sorted(db.session.scalars(query), key=lambda r: r.ref)
    for recommendation in found:
        recommendation.actions.sort(key=lambda a: natural(a.ref))
    return found


def update_counts(action_ids: Iterable[int] | None = None) -> dict[int, int]:
    query = select(ProgressUpdate.action_id, func.count()).group_by(ProgressUpdate.action_id)
    if action_ids is not None:
        query = query.where(ProgressUpdate.action_id.in_(list(action_ids)))
    return dict(db.session.execute(query).all())  # type: ignore[arg-type]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def action_dict(action: Action, today: date, updates: int) -> dict[str, Any]:
    return {
        "ref": action.ref,
        "text": dict(action.text),
        "responsible": action.responsible,
        "start": _iso(action.start),
        "due": _iso(action.due),
        "status": action.status.value,
        "overdue": action_overdue(action.due, action.status.value, today),
        "updates": updates,
    }


def recommendation_dict(
    recommendation: Recommendation, today: date, counts: dict[int, int]
) -> dict[str, Any]:
    actions = [action_dict(a, today, counts.get(a.id, 0)) for a in recommendation.actions]
    status = recommendation.status.value
    return {
        "ref": recommendation.ref,
        "text": dict(recommendation.text),
        "source": recommendation.source,
        "links": list(recommendation.links),
        "responsible": recommendation.responsible,
        "sdg": list(recommendation.sdg),
        "status": status,
        "due": _iso(recommendation.due),
        "overdue": recommendation_overdue(
            recommendation.due, status, (a["overdue"] for a in actions), today
        ),
        "actions": actions,
    }


def list_recommendations(
    status: str | None = None, overdue: bool = False, today: date | None = None
) -> list[dict[str, Any]]:
    """The register as recommendations.md's JSON list, in ``ref`` order.

    ``status`` keeps recommendations of that status, ``overdue`` the overdue ones;
    ``today`` is the day overdue is computed for (default: today).
    """
    today = today or date.today()
    found = recommendations()
    counts = update_counts()
    listed = [recommendation_dict(r, today, counts) for r in found]
    return [
        item
        for item in listed
        if (status is None or item["status"] == status) and (not overdue or item["overdue"])
    ]


def get_recommendation(ref: str) -> Recommendation:
    found = db.session.scalar(select(Recommendation).where(Recommendation.ref == ref))
    if found is None:
        raise NotFound(f"no recommendation {ref}")
    return found


def get_action(action_id: int) -> Action:
    found = db.session.get(Action, action_id)
    if found is None:
        raise NotFound(f"no action {action_id}")
    return found


def bodies() -> list[Body]:
    return list(db.session.scalars(select(Body).order_by(Body.key)))


def body_by_key() -> dict[str, Body]:
    return {body.key: body for body in bodies()}


def history(recommendation: Recommendation) -> list[RegisterChange]:
    return list(
        db.session.scalars(
            select(RegisterChange)
            .where(RegisterChange.recommendation_id == recommendation.id)
            .order_by(RegisterChange.at.desc(), RegisterChange.id.desc())
        )
    )


def instrument_items() -> dict[str, frozenset[str]]:
    """Instrument key -> dimension and question keys of all its loaded versions."""
    items: dict[str, set[str]] = {}
    for version in db.session.scalars(select(InstrumentVersion)):
        definition = version.load()
        keys = items.setdefault(version.instrument.key, set())
        keys.update(d.key for d in definition.iter_dimensions())
        keys.update(q.key for q in definition.iter_questions())
    return {key: frozenset(values) for key, values in items.items()}


def known() -> Known:
    """What an import file is checked against."""
    pairs = db.session.execute(
        select(Recommendation.ref, Action.ref).join(
            Action, Action.recommendation_id == Recommendation.id
        )
    ).all()
    return Known(
        bodies=frozenset(db.session.scalars(select(Body.key))),
        items=instrument_items(),
        recommendations=frozenset(db.session.scalars(select(Recommendation.ref))),
        actions=frozenset((rec, act) for rec, act in pairs),
    )


# -- changing, with the history --------------------------------------------------------


def actor(by: Account | None = None) -> tuple[int | None, str]:
    """(account id, label) of who acts: the given account, the signed-in one, or the CLI."""
    if by is None and has_request_context() and current_user.is_authenticated:
        by = current_user._get_current_object()
    if by is not None:
        return by.id, by.email
    return None, COMMAND_LINE


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, RecommendationStatus | ActionStatus):
        return value.value
    return value


def record_change(
    recommendation: Recommendation,
    field: str,
    before: Any,
    after: Any,
    *,
    action_ref: str = "",
    by: Account | None = None,
    keep: bool = True,
) -> bool:
    """Add one history line when ``before`` and ``after`` differ; True when they did.

    ``keep=False`` only compares: the first values of a new entry are not changes
    (its ``created`` line says who made it and when).
    """
    before, after = _plain(before), _plain(after)
    if before == after:
        return False
    if not keep:
        return True
    actor_id, label = actor(by)
    db.session.add(
        RegisterChange(
            actor_id=actor_id,
            actor=label,
            recommendation_id=recommendation.id,
            action_ref=action_ref,
            field=field,
            before=before,
            after=after,
        )
    )
    return True


def set_fields(
    target: Recommendation | Action,
    values: dict[str, Any],
    *,
    by: Account | None = None,
    initial: bool = False,
) -> None:
    """Change fields of a recommendation or an action, each change into the history;
    ``initial``: the first values of a new one, which the history does not list."""
    recommendation = target if isinstance(target, Recommendation) else target.recommendation
    action_ref = target.ref if isinstance(target, Action) else ""
    keep = not initial
    for name, value in values.items():
        if name == "responsible":
            _set_responsible(target, value, recommendation, action_ref, by, keep)
            continue
        before = getattr(target, name)
        if record_change(
            recommendation, name, before, value, action_ref=action_ref, by=by, keep=keep
        ):
            setattr(target, name, value)


def _set_responsible(
    target: Recommendation | Action,
    keys: Any,
    recommendation: Recommendation,
    action_ref: str,
    by: Account | None,
    keep: bool,
) -> None:
    by_key = body_by_key()
    wanted = [keys] if isinstance(keys, str) else list(keys or [])
    unknown = [key for key in wanted if key not in by_key]
    if unknown:
        raise InvalidInput(f"unknown body {', '.join(unknown)}")
    if isinstance(target, Action):
        after = wanted[0] if wanted else None
        old = target.responsible
        if record_change(
            recommendation, "responsible", old, after, action_ref=action_ref, by=by, keep=keep
        ):
            target.body = by_key[after] if after else None
        return
    if record_change(recommendation, "responsible", target.responsible, wanted, by=by, keep=keep):
        target.bodies.clear()
        db.session.flush()
        target.bodies.extend(
            RecommendationBody(body=by_key[key], position=i) for i, key in enumerate(wanted)
        )


def create_recommendation(ref: str, *, by: Account | None = None) -> Recommendation:
    recommendation = Recommendation(ref=ref, text={}, links=[], sdg=[], source="")
    db.session.add(recommendation)
    db.session.flush()
    record_change(recommendation, "created", None, ref, by=by)
    return recommendation


def create_action(recommendation: Recommendation, ref: str, *, by: Account | None = None) -> Action:
    action = Action(recommendation=recommendation, ref=ref, text={})
    db.session.add(action)
    db.session.flush()
    record_change(recommendation, "created", None, ref, action_ref=ref, by=by)
    return action


def set_published(
    recommendation: Recommendation, published: bool, *, by: Account | None = None
) -> None:
    set_fields(recommendation, {"published": published}, by=by)
    db.session.flush()


# -- labels and the workbook -----------------------------------------------------------


def item_labels(lang: str, *, questions: bool = True) -> dict[str, str]:
    """``INSTRUMENT:ITEM`` -> the item's title in ``lang`` (its newest version's);
    dimensions only when ``questions`` is False."""
    from selfassess.instrument.model import text

    labels: dict[str, str] = {}
    versions = db.session.scalars(select(InstrumentVersion).order_by(InstrumentVersion.version))
    for version in versions:  # newer versions overwrite older titles
        definition = version.load()
        key = version.instrument.key
        for dimension in definition.iter_dimensions():
            labels[f"{key}:{dimension.key}"] = text(dimension.title, lang)
        for question in definition.iter_questions() if questions else ():
            labels[f"{key}:{question.key}"] = text(question.text, lang)
    return labels


def body_labels(lang: str) -> dict[str, str]:
    """Body key -> its name in ``lang``, else in any language, else the key."""
    return {body.key: name_in(body.name, lang) or body.key for body in bodies()}


def name_in(texts: dict[str, str], lang: str) -> str:
    """The text in ``lang``, else English, else the first one there is."""
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


def register_languages(register: list[dict[str, Any]], configured: Iterable[str]) -> list[str]:
    """The configured languages, then any other a text of the register uses."""
    languages = list(configured)
    for item in register:
        for texts in [item["text"], *(a["text"] for a in item["actions"])]:
            languages.extend(code for code in texts if code not in languages)
    return languages


def export_workbook(lang: str, configured: Iterable[str], today: date | None = None) -> bytes:
    from selfassess.exports.register import build_register_workbook

    register = list_recommendations(today=today)
    return build_register_workbook(
        register,
        languages=register_languages(register, configured),
        lang=lang,
        body_names=body_labels(lang),
        item_names=item_labels(lang),
    )
