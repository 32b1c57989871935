"""Assessment rounds: create, open, close, settings."""

from __future__ import annotations

import re

from sqlalchemy import select

from selfassess.extensions import db
from selfassess.instrument.model import Definition, text
from selfassess.models import Round, StateError
from selfassess.services import audit, revisions
from selfassess.services.errors import Conflict, InvalidInput, NotFound
from selfassess.services.instruments import get_version

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
MAX_TITLE = 300


def create_round(
    slug: str,
    questionnaire: str,
    *,
    version: int | None = None,
    title: str | None = None,
    titles: dict[str, str] | None = None,
    min_group_size: int = 5,
    anonymous: bool = True,
    gap_threshold: float = 10.0,
) -> Round:
    """A new draft round. ``titles`` gives the title by language, ``title`` the first
    language's; a language without one shows the questionnaire's title in it."""
    if not SLUG.fullmatch(slug):
        raise InvalidInput(
            f"round slug {slug!r}: use lower-case letters, digits and '-' (at most 64)"
        )
    if min_group_size < 1:
        raise InvalidInput(f"min group size must be at least 1, not {min_group_size}")
    _check_threshold(gap_threshold)
    if db.session.scalar(select(Round).filter_by(slug=slug)) is not None:
        raise Conflict(f"a round with slug {slug!r} already exists")
    instrument_version = get_version(questionnaire, version)
    definition = instrument_version.load()
    first = definition.languages[0]
    given = _checked_titles(definition, {**({first: title} if title else {}), **(titles or {})})
    named = {lang: text(definition.title, lang) for lang in definition.languages}
    named = {lang: value for lang, value in named.items() if value} | given
    round_ = Round(
        slug=slug,
        title=named.get(first) or text(definition.title, first),
        titles=named,
        version=instrument_version,
        min_group_size=min_group_size,
        anonymous=anonymous,
        gap_threshold=gap_threshold,
    )
    db.session.add(round_)
    audit.record(
        "round.create",
        slug,
        instrument=instrument_version.label,
        min_group_size=min_group_size,
        anonymous=anonymous,
    )
    db.session.flush()
    return round_


def _checked_titles(definition: Definition, titles: dict[str, str]) -> dict[str, str]:
    """Titles by language, stripped, empty ones left out; a language the questionnaire
    does not have is refused."""
    cleaned = {lang: " ".join(value.split()) for lang, value in titles.items()}
    for lang, value in cleaned.items():
        if lang not in definition.languages:
            languages = ", ".join(definition.languages)
            raise InvalidInput(f"title in {lang!r}: the questionnaire's languages are {languages}")
        if len(value) > MAX_TITLE:
            raise InvalidInput(f"title in {lang}: at most {MAX_TITLE} characters")
    return {lang: value for lang, value in cleaned.items() if value}


def get_round(slug: str) -> Round:
    round_ = db.session.scalar(select(Round).filter_by(slug=slug))
    if round_ is None:
        raise NotFound(f"no round with slug {slug!r}")
    return round_


def open_round(slug: str) -> Round:
    return _transition(slug, "open")


def close_round(slug: str) -> Round:
    return _transition(slug, "close")


def _transition(slug: str, action: str) -> Round:
    round_ = get_round(slug)
    try:
        getattr(round_, action)()
    except StateError as error:
        raise Conflict(str(error)) from error
    audit.record(f"round.{action}", slug)
    db.session.flush()
    return round_


def update_settings(
    slug: str,
    *,
    min_group_size: int | None = None,
    anonymous: bool | None = None,
    title: str | None = None,
    titles: dict[str, str] | None = None,
    gap_threshold: float | None = None,
) -> Round:
    """Change k, anonymity, the titles or the gap threshold; anonymity is fixed once anyone
    has answered. ``titles`` by language (an empty one falls back to the first language's)."""
    from selfassess.models import Response

    round_ = get_round(slug)
    changes: dict[str, object] = {}
    if min_group_size is not None and min_group_size != round_.min_group_size:
        if min_group_size < 1:
            raise InvalidInput(f"min group size must be at least 1, not {min_group_size}")
        changes["min_group_size"] = min_group_size
    if anonymous is not None and anonymous != round_.anonymous:
        if db.session.scalar(select(Response.id).filter_by(round_id=round_.id).limit(1)):
            raise Conflict("anonymity cannot change once responses exist in the round")
        changes["anonymous"] = anonymous
    if gap_threshold is not None and gap_threshold != round_.gap_threshold:
        _check_threshold(gap_threshold)
        changes["gap_threshold"] = float(gap_threshold)
    if (title and title.strip()) or titles is not None:
        definition = round_.version.load()
        first = definition.languages[0]
        wanted = dict(titles if titles is not None else round_.titles or {})
        if title and title.strip():
            wanted[first] = title
        named = _checked_titles(definition, wanted)
        if named != (round_.titles or {}):
            changes["titles"] = named
        if named.get(first, round_.title) != round_.title:
            changes["title"] = named[first]
    for name, value in changes.items():
        setattr(round_, name, value)
    if changes:
        audit.record("round.settings", slug, **changes)
        revisions.bump(round_.id)
        db.session.flush()
    return round_


def list_rounds() -> list[Round]:
    return list(
        db.session.scalars(select(Round).order_by(Round.created_at.desc(), Round.id.desc()))
    )


def _check_threshold(points: float) -> None:
    if not 0 <= points <= 100:
        raise InvalidInput(f"the gap threshold is in points from 0 to 100, not {points}")
