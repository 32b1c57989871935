"""Invitations: a CSV of people in, single-use links and access codes out (CSV, slips).

The links and codes exist in clear only in the moment they are issued (the database keeps
hashes), so they are kept in a short-lived stash for the download and the slips.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from selfassess.admin import stash
from selfassess.admin.base import bp
from selfassess.admin.forms import ActionForm, InvitationUploadForm
from selfassess.admin.rounds import lang, progress_rows, round_or_404
from selfassess.instrument.model import Definition, text
from selfassess.models import Round
from selfassess.services import invitations as invitation_service
from selfassess.services.console import record_event


@bp.route("/rounds/<slug>/invitations", methods=["GET", "POST"])
def invitations(slug: str) -> str | tuple[str, int] | WerkzeugResponse:
    round_ = round_or_404(slug)
    definition = round_.version.load()
    form = InvitationUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        name = PurePath(upload.filename or "people.csv").name[:200]
        people, errors = invitation_service.parse_people(upload.read(), name, definition)
        if errors:
            form.file.errors = [*form.file.errors, *errors]
        else:
            issued = invitation_service.create_invitations(round_, people)
            token = stash.invitations.put(
                {
                    "round": round_.slug,
                    "invitations": invitation_service.link_entries(issued),
                }
            )
            flash(_("%(n)s invitations created.", n=len(issued)), "success")
            return redirect(url_for(".issued", slug=slug, token=token))
    page = render_template(
        "admin/invitations.html",
        round=round_,
        definition=definition,
        lang=lang(definition),
        form=form,
        progress=progress_rows(round_),
    )
    return (page, 422) if form.errors else page


@bp.get("/rounds/<slug>/people-template.csv")
def people_template(slug: str) -> Response:
    """An empty CSV with the columns the upload expects, and one example row."""
    definition = round_or_404(slug).version.load()
    columns = ["name", "email", "role", *(f.key for f in definition.grouping_fields)]
    example = ["Example Person", "", definition.roles[0].key]
    example += [f.options[0].code if f.options else "" for f in definition.grouping_fields]
    return _csv_response(invitation_service.csv_text([columns, example]), f"{slug}-people.csv")


@bp.get("/rounds/<slug>/invitations/<token>")
def issued(slug: str, token: str) -> str:
    round_, entries = _issued_or_404(slug, token)
    definition = round_.version.load()
    by_role: dict[str, int] = {}
    for entry in entries:
        by_role[entry["role"]] = by_role.get(entry["role"], 0) + 1
    return render_template(
        "admin/issued.html",
        round=round_,
        definition=definition,
        lang=lang(definition),
        token=token,
        count=len(entries),
        by_role=by_role,
        form=ActionForm(),
    )


@bp.get("/rounds/<slug>/invitations/<token>/links.csv")
def issued_csv(slug: str, token: str) -> Response:
    round_, entries = _issued_or_404(slug, token)
    fields = [f.key for f in round_.version.load().profile]
    record_event("invitations.download", slug, count=len(entries))
    return _csv_response(invitation_service.links_csv(entries, fields), f"{slug}-invitations.csv")


@bp.get("/rounds/<slug>/invitations/<token>/slips")
def slips(slug: str, token: str) -> str:
    """One slip per person, to print and hand out (the page has print styles)."""
    round_, entries = _issued_or_404(slug, token)
    definition = round_.version.load()
    record_event("invitations.print", slug, count=len(entries))
    return render_template(
        "admin/slips.html",
        round=round_,
        definition=definition,
        lang=lang(definition),
        entries=entries,
        roles=_role_labels(definition),
        code_url=_code_page_url(),
    )


@bp.post("/rounds/<slug>/invitations/<token>/forget")
def forget(slug: str, token: str) -> WerkzeugResponse:
    if ActionForm().validate_on_submit():
        stash.invitations.drop(token)
        flash(_("The links and codes are no longer kept on the server."), "info")
    return redirect(url_for(".invitations", slug=slug))


def _issued_or_404(slug: str, token: str) -> tuple[Round, list[dict[str, Any]]]:
    round_ = round_or_404(slug)
    entry = stash.invitations.get(token)
    if entry is None or entry.get("round") != slug:
        abort(
            404,
            _(
                "These links are no longer kept on the server (they are kept for thirty "
                "minutes). Create new invitations if they were lost."
            ),
        )
    return round_, list(entry["invitations"])


def _code_page_url() -> str:
    """Where a respondent types an access code (the home page links to it too)."""
    endpoint = "respond.code" if "respond.code" in current_app.view_functions else "main.home"
    return url_for(endpoint, _external=True)


def _role_labels(definition: Definition) -> dict[str, str]:
    return {role.key: text(role.label, lang(definition)) for role in definition.roles}


def _csv_response(content: str, filename: str) -> Response:
    return Response(
        content,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
