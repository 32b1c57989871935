"""The session screen: criterion by criterion, the questionnaire's results beside the
scale, and the panel's agreed grade, evidence, documents, notes and draft recommendations.

A grade is saved by a plain form POST (works without JavaScript) or by ``panel.js`` with
``fetch`` and JSON (autosave). Either way the save names the version it was based on;
on top of another person's newer version it is refused with 409 and both are shown.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from selfassess.extensions import db
from selfassess.instrument.answers import format_point
from selfassess.instrument.model import Definition, Question, text
from selfassess.models import GradeVersion, PanelSession, Round
from selfassess.panel.base import bp, language, question_results, round_for
from selfassess.panel.forms import ActionForm, DocumentForm, DraftForm, GradeForm
from selfassess.scoring.consensus import panel_questions
from selfassess.services import consensus, panel
from selfassess.services.consensus import GradeConflict, GradeInput
from selfassess.services.errors import Conflict, InvalidInput, NotFound

FIELDS = ("grade", "evidence", "links", "notes", "dissent")


@bp.get("/<slug>/criteria/<key>")
def criterion(slug: str, key: str) -> str:
    round_ = round_for(slug)
    return _screen(round_, key)


@bp.post("/<slug>/criteria/<key>/grade")
def save_grade(slug: str, key: str) -> Any:
    round_ = round_for(slug)
    definition = round_.version.load()
    _question_or_404(definition, key)
    wants_json = request.is_json
    values = request.get_json(silent=True) if wants_json else request.form
    if not isinstance(values, dict) and not hasattr(values, "get"):
        abort(400)
    submitted = GradeInput(**{name: _text(values.get(name)) for name in FIELDS})
    session = _session_arg(round_, values.get("session"))
    try:
        version = consensus.record_grade(
            round_,
            key,
            submitted,
            based_on=_integer(values.get("based_on")),
            actor=current_user,
            session=session,
        )
    except GradeConflict as conflict:
        db.session.rollback()
        if wants_json:
            return {
                "error": _("Someone else changed this grade meanwhile."),
                "current": _version_json(conflict.current),
                "yours": {name: getattr(submitted, name) or "" for name in FIELDS},
            }, 409
        return _screen(round_, key, conflict=conflict), 409
    except InvalidInput as error:
        db.session.rollback()
        if wants_json:
            return {"error": str(error)}, 400
        flash(str(error), "error")
        return _screen(round_, key, attempted=submitted), 400
    current = version or consensus.current_version(round_, key)
    if wants_json:
        return {"saved": version is not None, "current": _version_json(current)}
    if version is not None:
        flash(_("Grade saved."), "success")
    target = request.form.get("go") or key
    known = {q.key for q in panel_questions(definition)}
    return redirect(
        url_for(
            "panel.criterion",
            slug=slug,
            key=target if target in known else key,
            **_keep_args(values),
        )
    )


@bp.get("/<slug>/criteria/<key>/grade")
def current_grade(slug: str, key: str) -> dict[str, Any]:
    """The current version as JSON: the screen polls it to show others' saves."""
    round_ = round_for(slug)
    _question_or_404(round_.version.load(), key)
    return {"current": _version_json(consensus.current_version(round_, key))}


@bp.post("/<slug>/criteria/<key>/documents")
def upload_document(slug: str, key: str) -> Any:
    round_ = round_for(slug)
    _question_or_404(round_.version.load(), key)
    form = DocumentForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            panel.add_document(
                round_, key, upload.filename or "", upload.read(), actor=current_user
            )
        except InvalidInput as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Document attached."), "success")
    else:
        flash(_("Choose a file to attach."), "error")
    return redirect(url_for("panel.criterion", slug=slug, key=key, **_keep_args(request.form)))


@bp.get("/<slug>/documents/<int:document_id>")
def document(slug: str, document_id: int) -> Response:
    round_ = round_for(slug)
    try:
        found = panel.get_document(round_, document_id)
    except NotFound:
        abort(404)
    # Always a download, never rendered here: any file type is inert on this origin.
    return Response(
        found.content,
        mimetype="application/octet-stream",
        headers={
            "Content-Disposition": f'attachment; filename="{found.filename}"',
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )


@bp.post("/<slug>/documents/<int:document_id>/remove")
def remove_document(slug: str, document_id: int) -> Any:
    round_ = round_for(slug)
    key = ""
    if ActionForm().validate_on_submit():
        try:
            key = panel.remove_document(round_, document_id).question
        except NotFound:
            abort(404)
        flash(_("Document removed."), "success")
    known = {q.key for q in panel_questions(round_.version.load())}
    if key in known:
        return redirect(url_for("panel.criterion", slug=slug, key=key, **_keep_args(request.form)))
    return redirect(url_for("panel.round_page", slug=slug))


@bp.post("/<slug>/criteria/<key>/recommendations")
def add_recommendation(slug: str, key: str) -> Any:
    round_ = round_for(slug)
    _question_or_404(round_.version.load(), key)
    form = DraftForm()
    if form.validate_on_submit():
        try:
            panel.add_draft(
                round_,
                key,
                {"en": form.text_en.data or "", "mn": form.text_mn.data or ""},
                actor=current_user,
                session=_session_arg(round_, request.form.get("session")),
            )
        except InvalidInput as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Draft recommendation added."), "success")
    return redirect(url_for("panel.criterion", slug=slug, key=key, **_keep_args(request.form)))


@bp.post("/<slug>/recommendations/<int:draft_id>/remove")
def remove_recommendation(slug: str, draft_id: int) -> Any:
    round_ = round_for(slug)
    form = ActionForm()
    key = request.form.get("key", "")
    if form.validate_on_submit():
        try:
            panel.remove_draft(round_, draft_id)
        except (NotFound, InvalidInput, Conflict) as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Draft recommendation removed."), "success")
    known = {q.key for q in panel_questions(round_.version.load())}
    if key in known:
        return redirect(url_for("panel.criterion", slug=slug, key=key, **_keep_args(request.form)))
    return redirect(url_for("panel.round_page", slug=slug))


# -- the screen ---------------------------------------------------------------------------


def _screen(
    round_: Round,
    key: str,
    *,
    conflict: GradeConflict | None = None,
    attempted: GradeInput | None = None,
) -> str:
    definition = round_.version.load()
    question = _question_or_404(definition, key)
    lang = language(definition)
    session = _session_arg(round_, request.args.get("session"))
    questions = _agenda(definition, session, key)
    position = [q.key for q in questions].index(key)
    current = consensus.current_version(round_, key)
    shown = attempted or (conflict.attempted if conflict else None)
    form = GradeForm(formdata=None)
    source: Any = shown if shown is not None else current
    for name in FIELDS:
        getattr(form, name).data = (getattr(source, name, None) or "") if source else ""
    form.based_on.data = str(current.version if current else 0)
    scale = definition.scale_of(question)
    form.grade.choices = [
        SelectChoice(format_point(p.value), f"{format_point(p.value)} · {text(p.label, lang)}")
        for p in scale.points
    ] + [SelectChoice(m.code, text(m.label, lang)) for m in scale.missing]
    versions = consensus.current_versions(round_)
    criteria = [(q, versions[q.key].grade if q.key in versions else None) for q in questions]
    return render_template(
        "panel/criterion.html",
        round=round_,
        definition=definition,
        question=question,
        dimension=definition.dimension(question.dimension),
        lang=lang,
        other_langs=[code for code in definition.languages if code != lang],
        scale=scale,
        position=position,
        total=len(questions),
        previous=questions[position - 1].key if position > 0 else None,
        following=questions[position + 1].key if position + 1 < len(questions) else None,
        current=current,
        conflict=conflict,
        form=form,
        document_form=DocumentForm(formdata=None),
        draft_form=DraftForm(formdata=None),
        action_form=ActionForm(),
        documents=panel.documents_of(round_, key),
        drafts=panel.drafts_of(round_, key),
        results=question_results(round_, definition, question, lang),
        session=session,
        projection=request.args.get("projection") == "1",
        keep=_keep_args(request.args),
        criteria=criteria,
    )


def session_agenda(definition: Definition, session: PanelSession | None) -> list[Question]:
    """The criteria a session goes through: those of its dimensions (all when it names
    none)."""
    questions = panel_questions(definition)
    covered = set(session.dimensions) if session else set()
    if not covered:
        return questions

    def in_session(question: Question) -> bool:
        dimension = definition.dimension(question.dimension)
        while dimension.key not in covered and dimension.parent is not None:
            dimension = definition.dimension(dimension.parent)
        return dimension.key in covered

    return [q for q in questions if in_session(q)]


def _agenda(definition: Definition, session: PanelSession | None, key: str) -> list[Question]:
    """The session's agenda, or every criterion when ``key`` is outside it."""
    agenda = session_agenda(definition, session)
    return agenda if any(q.key == key for q in agenda) else panel_questions(definition)


def _question_or_404(definition: Definition, key: str) -> Question:
    try:
        return consensus.panel_question(definition, key)
    except NotFound:
        abort(404)


def _session_arg(round_: Round, raw: Any) -> PanelSession | None:
    number = _integer(raw)
    if not number:
        return None
    try:
        return panel.get_session(round_, number)
    except NotFound:
        return None


def _integer(raw: Any) -> int | None:
    try:
        value = int(str(raw))
    except (TypeError, ValueError):
        return None
    return value if 0 <= value < 2**31 else None


def _text(raw: Any) -> str | None:
    return None if raw is None else str(raw)


def _keep_args(values: Any) -> dict[str, str]:
    """The screen's own state carried across a save: the session and projection mode."""
    kept = {}
    if _integer(values.get("session")):
        kept["session"] = str(_integer(values.get("session")))
    if str(values.get("projection", "")) == "1":
        kept["projection"] = "1"
    return kept


def _version_json(version: GradeVersion | None) -> dict[str, Any] | None:
    if version is None:
        return None
    return {
        "version": version.version,
        **{name: getattr(version, name) or "" for name in FIELDS},
        "recorded_by": version.recorded_by,
        "recorded_at": version.recorded_at.isoformat(),
    }
