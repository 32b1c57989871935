"""Comment themes: define them per round, tag texts with them, read them back.

A tag names a text by question, kind and digest (``scoring.unscored.text_digest``), so
tagging never stores which answer or response a text came from.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import delete, select

from selfassess.extensions import db
from selfassess.models import CommentTag, CommentTheme, Round
from selfassess.scoring.unscored import text_digest
from selfassess.services import audit
from selfassess.services.errors import InvalidInput, NotFound

#: The longest label a theme may have, in any language.
MAX_LABEL = 120
#: What names a text: (question key, kind, digest of the text).
TextKey = tuple[str, str, str]


def list_themes(round_: Round) -> list[CommentTheme]:
    return list(
        db.session.scalars(
            select(CommentTheme).where(CommentTheme.round_id == round_.id).order_by(CommentTheme.id)
        )
    )


def get_theme(round_: Round, theme_id: int) -> CommentTheme:
    """The theme of ``round_`` with this id; another round's theme is not found (no IDOR)."""
    theme = db.session.get(CommentTheme, theme_id)
    if theme is None or theme.round_id != round_.id:
        raise NotFound(f"theme {theme_id} not found in round {round_.slug}")
    return theme


def create_theme(round_: Round, labels: dict[str, str]) -> CommentTheme:
    """A new theme; ``labels`` by language, at least one given, each at most MAX_LABEL."""
    cleaned = {lang: " ".join((label or "").split()) for lang, label in labels.items()}
    cleaned = {lang: label for lang, label in cleaned.items() if label}
    if not cleaned:
        raise InvalidInput("a theme needs a label in at least one language")
    too_long = [lang for lang, label in cleaned.items() if len(label) > MAX_LABEL]
    if too_long:
        raise InvalidInput(f"a label is longer than {MAX_LABEL} characters ({', '.join(too_long)})")
    theme = CommentTheme(round_id=round_.id, labels=cleaned)
    db.session.add(theme)
    db.session.flush()
    audit.record("theme.create", round_.slug, theme=theme.id)
    db.session.flush()
    return theme


def delete_theme(round_: Round, theme_id: int) -> None:
    theme = get_theme(round_, theme_id)
    db.session.delete(theme)
    audit.record("theme.delete", round_.slug, theme=theme_id)
    db.session.flush()


def set_tags(round_: Round, key: TextKey, theme_ids: Iterable[int]) -> None:
    """Make the text ``key`` carry exactly the themes ``theme_ids`` (of this round)."""
    own = {theme.id for theme in list_themes(round_)}
    wanted = set(theme_ids)
    if not wanted <= own:
        raise NotFound("a theme is not one of this round's")
    question, kind, digest = key
    db.session.execute(
        delete(CommentTag).where(
            CommentTag.theme_id.in_(own),
            CommentTag.question == question,
            CommentTag.kind == kind,
            CommentTag.digest == digest,
        )
    )
    db.session.add_all(
        CommentTag(theme_id=t, question=question, kind=kind, digest=digest) for t in sorted(wanted)
    )
    # The audit says that texts were tagged, not which: the digest stays out of the log.
    audit.record("theme.tag", round_.slug, question=question, themes=sorted(wanted))
    db.session.flush()


def tags_of(round_: Round) -> dict[TextKey, list[int]]:
    """Theme ids per tagged text of ``round_``, in theme order."""
    rows = db.session.execute(
        select(CommentTag.question, CommentTag.kind, CommentTag.digest, CommentTag.theme_id)
        .join(CommentTheme, CommentTheme.id == CommentTag.theme_id)
        .where(CommentTheme.round_id == round_.id)
        .order_by(CommentTag.theme_id)
    ).all()
    tags: dict[TextKey, list[int]] = {}
    for question, kind, digest, theme_id in rows:
        tags.setdefault((question, kind, digest), []).append(theme_id)
    return tags


def text_key(question: str, kind: str, text: str) -> TextKey:
    return (question, kind, text_digest(text))


def with_themes(round_: Round, comments: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``comments`` with a ``themes`` column: the labels (in ``lang``) of each text's
    themes, joined by "; "."""
    labels = {theme.id: theme.label_in(lang) for theme in list_themes(round_)}
    tags = tags_of(round_)
    themes = [
        "; ".join(labels[t] for t in tags.get(text_key(q, k, body), []))
        for q, k, body in zip(comments["question"], comments["kind"], comments["text"], strict=True)
    ]
    return comments.assign(themes=pd.Series(themes, index=comments.index, dtype=str))


def tag_counts(round_: Round) -> dict[int, int]:
    """How many texts each theme of ``round_`` tags."""
    counts: dict[int, int] = {}
    for carried in tags_of(round_).values():
        for theme_id in carried:
            counts[theme_id] = counts.get(theme_id, 0) + 1
    return counts
