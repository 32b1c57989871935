"""The panel's rounds and sessions: plan a session, record who attended, mark it held.

The session screen (criterion by criterion) is :mod:`selfassess.panel.screen`; both add
routes to the blueprint of :mod:`selfassess.panel.base`, where access is declared.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from selfassess.extensions import db
from selfassess.instrument.model import Definition, text
from selfassess.models import AccountRole, PanelSession, Round
from selfassess.panel import screen
from selfassess.panel.base import bp, language, round_for
from selfassess.panel.forms import ActionForm, AssignForm, SessionForm, WorksheetForm
from selfassess.services import consensus, panel
from selfassess.services.accounts import list_accounts
from selfassess.services.errors import InvalidInput, NotFound

#: The modules whose routes make up the panel (imported for that effect).
AREAS = (screen,)
#: Problems of an uploaded worksheet shown on the page (the command line shows all).
MAX_SHOWN = 50


@bp.get("/")
def index() -> str:
    return render_template("panel/index.html", rounds=panel.rounds_of(current_user))


@bp.get("/<slug>/")
def round_page(slug: str) -> str:
    round_ = round_for(slug)
    definition = round_.version.load()
    form = _session_form(definition)
    return _render_round(round_, definition, form)


@bp.post("/<slug>/sessions")
def session_create(slug: str) -> Any:
    round_ = round_for(slug)
    definition = round_.version.load()
    form = _session_form(definition)
    if form.validate_on_submit():
        try:
            session = panel.create_session(round_, _session_values(form, definition))
        except InvalidInput as error:
            form.status.errors = [str(error)]
        else:
            flash(_("Session %(number)s added.", number=session.number), "success")
            return redirect(url_for("panel.round_page", slug=slug))
    return _render_round(round_, definition, form), 400


@bp.route("/<slug>/sessions/<int:number>", methods=["GET", "POST"])
def session_edit(slug: str, number: int) -> Any:
    round_ = round_for(slug)
    definition = round_.version.load()
    session = _session_or_404(round_, number)
    form = _session_form(definition, session)
    if request.method == "POST" and form.validate_on_submit():
        try:
            panel.update_session(round_, session, _session_values(form, definition))
        except InvalidInput as error:
            form.status.errors = [str(error)]
        else:
            flash(_("Session %(number)s saved.", number=number), "success")
            return redirect(url_for("panel.round_page", slug=slug))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "panel/session.html",
        round=round_,
        definition=definition,
        session=session,
        form=form,
        attendance=_attendance_rows(definition, session),
        lang=language(definition),
    ), status


@bp.get("/<slug>/worksheet.xlsx")
def worksheet(slug: str) -> Response:
    round_ = round_for(slug)
    lang = language(round_.version.load())
    content = consensus.worksheet_bytes(round_, lang)
    return Response(
        content,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={
            "Content-Disposition": f'attachment; filename="{slug}-panel-worksheet.xlsx"',
            "X-Content-Type-Options": "nosniff",
        },
    )


@bp.post("/<slug>/worksheet")
def worksheet_upload(slug: str) -> Any:
    """The session worksheet back from a session held without network: all or nothing."""
    round_ = round_for(slug)
    definition = round_.version.load()
    upload = WorksheetForm()
    if upload.validate_on_submit():
        file = upload.file.data
        name = Path(file.filename or "worksheet.xlsx").name
        try:
            count = consensus.import_grades(round_, file.read(), name, actor=current_user)
        except InvalidInput as error:
            db.session.rollback()
            upload.file.errors = error.problems[:MAX_SHOWN] or [str(error)]
        else:
            flash(_("%(n)s grades recorded from %(file)s.", n=count, file=name), "success")
            return redirect(url_for("panel.round_page", slug=slug))
    return _render_round(round_, definition, _session_form(definition), upload), 400


# -- helpers -----------------------------------------------------------------------------


def _render_round(
    round_: Round,
    definition: Definition,
    form: SessionForm,
    upload: WorksheetForm | None = None,
) -> str:
    lang = language(definition)
    versions = consensus.current_versions(round_)
    block = consensus.consensus_block(round_) or {}
    criteria = [
        {"question": q, "version": versions.get(q.key)}
        for q in definition.iter_questions()
        if q.panel
    ]
    assign_form = None
    if current_user.role is AccountRole.ADMIN:
        assign_form = AssignForm()
        assigned = {a.id for a in panel.facilitators_of(round_)}
        assign_form.email.choices = [
            SelectChoice(a.email, a.email)
            for a in list_accounts()
            if a.role is AccountRole.FACILITATOR and a.id not in assigned and a.active
        ]
    sessions = panel.sessions_of(round_)
    #: Where each session's screen starts: the first criterion of its dimensions.
    starts = {s.number: next(iter(screen.session_agenda(definition, s)), None) for s in sessions}
    return render_template(
        "panel/round.html",
        starts=starts,
        round=round_,
        definition=definition,
        lang=lang,
        sessions=sessions,
        criteria=criteria,
        block=block,
        form=form,
        attendance=_attendance_rows(definition, None),
        facilitators=panel.facilitators_of(round_),
        assign_form=assign_form,
        action_form=ActionForm(),
        upload_form=upload or WorksheetForm(formdata=None),
    )


def _session_or_404(round_: Round, number: int) -> PanelSession:
    try:
        return panel.get_session(round_, number)
    except NotFound:
        abort(404)


def _session_form(definition: Definition, session: PanelSession | None = None) -> SessionForm:
    form = SessionForm(obj=session) if request.method == "GET" and session else SessionForm()
    if request.method == "GET" and session:
        form.status.data = session.status.value
        form.dimensions.data = list(session.dimensions)
    lang = language(definition)
    form.dimensions.choices = [
        SelectChoice(d.key, text(d.title, lang, definition.languages[0]))
        for d in definition.iter_dimensions()
    ]
    return form


def _attendance_rows(definition: Definition, session: PanelSession | None) -> list[dict[str, Any]]:
    """Per role: its label and the count fields by sex, with the current values."""
    lang = language(definition)
    counts = session.attendance if session else {}
    return [
        {
            "role": role.key,
            "label": text(role.label, lang, definition.languages[0]),
            "cells": [
                (sex, f"attendance-{role.key}-{sex}", counts.get(role.key, {}).get(sex, 0))
                for sex in panel.SEXES
            ],
        }
        for role in definition.roles
    ]


def _session_values(form: SessionForm, definition: Definition) -> panel.SessionInput:
    attendance: dict[str, dict[str, int]] = {}
    for role in definition.role_keys:
        for sex in panel.SEXES:
            raw = request.form.get(f"attendance-{role}-{sex}", "").strip() or "0"
            try:
                count = int(raw)
            except ValueError:
                raise InvalidInput(_("Attendance: write each count as a whole number.")) from None
            attendance.setdefault(role, {})[sex] = count
    return panel.SessionInput(
        held_on=form.held_on.data,
        place=form.place.data or "",
        facilitators=form.facilitators.data or "",
        status=form.status.data or "planned",
        attendance=attendance,
        attendee_names=form.attendee_names.data or "",
        dimensions=list(form.dimensions.data or []),
    )
