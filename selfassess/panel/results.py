"""The panel's results for consultants and administrators: agreed grades beside the
questionnaire per dimension (the perception gap), a criterion page with the grade, its
evidence and the distribution of individual answers, and the grade's full history."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from selfassess.auth.access import declare_access
from selfassess.consult import tables
from selfassess.extensions import db
from selfassess.instrument.model import text
from selfassess.models import GradeVersion
from selfassess.panel.base import language, question_results
from selfassess.panel.forms import ActionForm
from selfassess.scoring.consensus import panel_questions, perception_gaps
from selfassess.services import adoption, consensus, panel, revisions
from selfassess.services.errors import Conflict, NotFound
from selfassess.services.rounds import get_round

bp = Blueprint(
    "panel_results", __name__, url_prefix="/results/<slug>/panel", template_folder="templates"
)
#: Access: staff — consultants and administrators; read-only but for adopting a draft
#: recommendation into the register.
declare_access(bp, "staff")

#: What a version may change, in the order the history lists the changes.
TRACKED = ("grade", "evidence", "links", "notes", "dissent")


@bp.context_processor
def _helpers() -> dict[str, Any]:
    return {"tr": text}


@bp.get("/")
def overview(slug: str) -> str:
    round_ = _round_or_404(slug)
    definition = round_.version.load()
    published = revisions.results_document(round_)
    block = published.get("consensus")
    if block is None:
        abort(404)
    survey = {
        d["key"]: (d["results"].get("all") or {}).get("score") for d in published["dimensions"]
    }
    gaps = perception_gaps(block, survey)
    rows = [
        {
            "dimension": d,
            "depth": tables.depth(definition, d),
            "panel": block["dimensions"][d.key],
            "survey": survey.get(d.key),
            "gap": gaps[d.key],
        }
        for d in definition.iter_dimensions()
    ]
    versions = consensus.current_versions(round_)
    criteria = [
        {"question": q, "version": versions.get(q.key), "agreed": block["questions"][q.key]}
        for q in panel_questions(definition)
    ]
    return render_template(
        "panel/results.html",
        round=round_,
        definition=definition,
        lang=language(definition),
        block=block,
        overall={
            "panel": block["overall"],
            "survey": (published["overall"].get("all") or {}).get("score"),
        },
        rows=rows,
        criteria=criteria,
        sessions=panel.sessions_of(round_),
        k=round_.min_group_size,
    )


@bp.get("/<key>")
def criterion(slug: str, key: str) -> str:
    round_ = _round_or_404(slug)
    definition = round_.version.load()
    try:
        question = consensus.panel_question(definition, key)
    except NotFound:
        abort(404)
    lang = language(definition)
    versions = consensus.history(round_, key)
    return render_template(
        "panel/criterion_results.html",
        round=round_,
        definition=definition,
        question=question,
        lang=lang,
        current=versions[0] if versions else None,
        agreed=(revisions.results_document(round_).get("consensus") or {})
        .get("questions", {})
        .get(key, {}),
        history=_changes(versions),
        documents=panel.documents_of(round_, key),
        drafts=panel.drafts_of(round_, key),
        action_form=ActionForm(formdata=None),
        results=question_results(round_, definition, question, lang),
    )


@bp.post("/recommendations/<int:draft_id>/adopt")
def adopt(slug: str, draft_id: int) -> Response:
    """The draft becomes a proposed register entry; back to the entry, to complete it."""
    round_ = _round_or_404(slug)
    try:
        draft = adoption.get_draft(round_, draft_id)
    except NotFound:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        recommendation = adoption.adopt(round_, draft_id)
    except Conflict as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("panel_results.criterion", slug=slug, key=draft.question))
    flash(_("The recommendation is in the register as %(ref)s.", ref=recommendation.ref), "success")
    return redirect(url_for("register.recommendation", ref=recommendation.ref))


def _changes(versions: list[GradeVersion]) -> list[dict[str, Any]]:
    """Each version (newest first) with the fields it changed from the one before."""
    rows = []
    for i, version in enumerate(versions):
        before = versions[i + 1] if i + 1 < len(versions) else None
        changed = [
            name
            for name in TRACKED
            if (getattr(version, name) or "") != (getattr(before, name) or "" if before else "")
        ]
        rows.append({"version": version, "changed": changed, "before": before})
    return rows


def _round_or_404(slug: str):  # type: ignore[no-untyped-def]
    try:
        return get_round(slug)
    except NotFound:
        abort(404)
