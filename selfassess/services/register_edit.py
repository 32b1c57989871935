"""Writing the register from the edit forms: checked first, every problem at once."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import (
    Account,
    Action,
    ActionStatus,
    Recommendation,
    RecommendationStatus,
)
from selfassess.recommendations.parse import Known, parse_links, parse_sdg
from selfassess.services.errors import InvalidInput
from selfassess.services.register import (
    create_action,
    create_recommendation,
    instrument_items,
    set_fields,
)


def save_recommendation(
    recommendation: Recommendation | None,
    *,
    ref: str,
    text: dict[str, str],
    source: str,
    links: str,
    responsible: list[str],
    sdg: str,
    status: str,
    due: date | None,
    by: Account | None = None,
) -> Recommendation:
    """Create or change a recommendation from a form; every problem in one refusal."""
    problems = []
    text = {lang: value.strip() for lang, value in text.items() if value.strip()}
    if not text:
        problems.append("a text in at least one language is needed")
    checked: dict[str, Any] = {}
    for name, parse in (
        ("links", lambda raw: parse_links(raw, Known(items=instrument_items()))),
        ("sdg", parse_sdg),
    ):
        try:
            checked[name] = parse(links if name == "links" else sdg)
        except ValueError as error:
            problems.append(str(error))
    if recommendation is None and db.session.scalar(
        select(Recommendation.id).where(Recommendation.ref == ref)
    ):
        problems.append(f"{ref} is in the register already")
    if problems:
        raise InvalidInput("; ".join(problems), problems)
    new = recommendation is None
    if recommendation is None:
        recommendation = create_recommendation(ref, by=by)
    set_fields(
        recommendation,
        {
            "text": text,
            "source": source.strip(),
            "links": checked["links"],
            "responsible": responsible,
            "sdg": checked["sdg"],
            "status": RecommendationStatus(status),
            "due": due,
        },
        by=by,
        initial=new,
    )
    db.session.flush()
    return recommendation


def save_action(
    recommendation: Recommendation,
    action: Action | None,
    *,
    ref: str,
    text: dict[str, str],
    responsible: str,
    start: date | None,
    due: date | None,
    status: str,
    by: Account | None = None,
) -> Action:
    problems = []
    text = {lang: value.strip() for lang, value in text.items() if value.strip()}
    if not text:
        problems.append("a text in at least one language is needed")
    if start and due and due < start:
        problems.append(f"the due date {due} is before the start {start}")
    if action is None and any(a.ref == ref for a in recommendation.actions):
        problems.append(f"{recommendation.ref} has an action {ref} already")
    if problems:
        raise InvalidInput("; ".join(problems), problems)
    new = action is None
    if action is None:
        action = create_action(recommendation, ref, by=by)
    set_fields(
        action,
        {
            "text": text,
            "responsible": responsible or None,
            "start": start,
            "due": due,
            "status": ActionStatus(status),
        },
        by=by,
        initial=new,
    )
    db.session.flush()
    return action
