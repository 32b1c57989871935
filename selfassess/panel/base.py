"""The panel blueprint, its access rule, and what its pages share.

Access: facilitators, consultants and administrators; a facilitator reaches only the
rounds it is assigned to (:func:`round_for`), every other round is 403 for it.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort
from flask_babel import get_locale
from flask_login import current_user

from selfassess.auth.access import declare_access
from selfassess.consult import tables
from selfassess.instrument.model import Definition, Question, text
from selfassess.models import Round
from selfassess.services import panel, revisions
from selfassess.services.errors import NotFound
from selfassess.services.rounds import get_round

bp = Blueprint("panel", __name__, url_prefix="/panel", template_folder="templates")
#: Access: facilitators (their assigned rounds), consultants and administrators.
declare_access(bp, "panel")


@bp.context_processor
def _helpers() -> dict[str, Any]:
    return {"tr": text}


def round_for(slug: str) -> Round:
    """The round ``slug`` if the signed-in account may work on it: else 404 or 403."""
    try:
        round_ = get_round(slug)
    except NotFound:
        abort(404)
    if not panel.may_record(current_user, round_):
        abort(403)
    return round_


def language(definition: Definition) -> str:
    """The interface language if the instrument has it, else its first language."""
    current = str(get_locale() or "")
    return current if current in definition.languages else definition.languages[0]


def question_results(
    round_: Round, definition: Definition, question: Question, lang: str
) -> dict[str, Any]:
    """The questionnaire's published results of ``question``: all, each role, and the two
    groups of each declared gap; suppressed cells stay suppressed (k of the round)."""
    outcome = revisions.cached_results(round_)
    published = outcome.document
    item = next((q for q in published["questions"] if q["key"] == question.key), None)
    labels = tables.Labels(definition, lang, outcome.group_parts)
    wanted = ["all", *(f"role={r}" for r in definition.role_keys)]
    for gap in definition.gaps:
        wanted += [g for g in gap.groups if g not in wanted]
    rows = []
    for group in wanted:
        cell = (item or {}).get("results", {}).get(group)
        if cell is None:
            continue
        parts = None
        if not cell.get("suppressed") and "counts" in cell:
            parts = tables.distribution(definition, question, cell["counts"])
        rows.append({"group": group, "label": labels.group(group), "cell": cell, "parts": parts})
    # Every scale code has a colour, the same in every row: the legend reads the first.
    first = next((row["parts"] for row in rows if row["parts"]), [])
    legend = [(labels.code(question, code), colour) for code, _n, _share, colour in first]
    return {
        "rows": rows,
        "legend": legend,
        "k": round_.min_group_size,
        "surveyed": item is not None,
    }
