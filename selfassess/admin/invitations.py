"""Invitations: a CSV of people in, single-use links and access codes out (CSV, slips).

The links and codes exist in clear only in the moment they are issued (the database keeps
hashes), so they are kept in a short-lived stash for the download and the slips.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

import segno
from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.wrappers import Response as WerkzeugResponse

from selfassess.admin import stash
from selfassess.admin.base import bp
from selfassess.admin.forms import ActionForm, InvitationUploadForm
from selfassess.admin.rounds import lang, progress_rows, round_or_404
from selfassess.instrument.model import Definition, text
from selfassess.models import Round
from selfassess.services import invitations as invitation_service
from selfassess.services.console import record_event
from selfassess.services.invitation_admin import find_duplicates
from selfassess.services.invitation_mail import round_title
from selfassess.services.mail import mail_enabled


@bp.route("/rounds/<slug>/invitations", methods=["GET", "POST"])
def invitations(slug: str) -> str | tuple[str, int] | WerkzeugResponse:
    round_ = round_or_404(slug)
    definition = round_.version.load()
    form = InvitationUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        name = PurePath(upload.filename or "people.csv").name[:200]
        people, errors = invitation_service.parse_people(upload.read(), name, definition)
        send_email = bool(form.send_email.data) and mail_enabled()
        if errors:
            form.file.errors = [*form.file.errors, *errors]
        elif find_duplicates(round_, people):
            # Nothing is created before the administrator has seen the duplicates.
            token = stash.people.put({"round": round_.slug, "people": people})
            return redirect(url_for(".invitations_check", slug=slug, token=token))
        else:
            return create_and_show(round_, people, send_email=send_email)
    page = render_template(
        "admin/invitations.html",
        round=round_,
        definition=definition,
        lang=lang(definition),
        form=form,
        progress=progress_rows(round_),
        mail_on=mail_enabled(),
        action_form=ActionForm(),
    )
    return (page, 422) if form.errors else page


def create_and_show(
    round_: Round, people: list[dict[str, Any]], *, send_email: bool
) -> WerkzeugResponse:
    """Create the invitations, stage their links for the download and the slips."""
    issued = invitation_service.create_invitations(round_, people, send_email=send_email)
    token = stash.invitations.put(
        {"round": round_.slug, "invitations": invitation_service.link_entries(issued)}
    )
    flash(_("%(n)s invitations created.", n=len(issued)), "success")
    return redirect(url_for(".issued", slug=round_.slug, token=token))


@bp.get("/rounds/<slug>/people-template.csv")
def people_template(slug: str) -> Response:
    """An empty CSV with the columns the upload expects, and one example row."""
    definition = round_or_404(slug).version.load()
    columns = ["name", "email", "role", *(f.key for f in definition.grouping_fields)]
    role = definition.roles[0].key
    example = ["Example Person", "", role]
    # Only the fields of the example's role: the upload refuses the others for it.
    example += [
        f.options[0].code if f.options and role in f.roles else ""
        for f in definition.grouping_fields
    ]
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
    """One slip per person, to print and hand out (the page has print styles).

    ``?lang=`` chooses the slips' language: ``person`` (each person's, the default),
    a language of the questionnaire, or ``both``.
    """
    round_, entries = _issued_or_404(slug, token)
    definition = round_.version.load()
    choice = request.args.get("lang", "person")
    if choice not in (*definition.languages, "both", "person"):
        choice = "person"
    record_event("invitations.print", slug, count=len(entries))
    slips = [
        {
            **entry,
            "qr": Markup(segno.make(entry["url"], error="m").svg_inline(scale=2)),  # noqa: S704  (segno's SVG of our own URL)
            "languages": _slip_languages(choice, entry.get("language"), definition),
        }
        for entry in entries
    ]
    return render_template(
        "admin/slips.html",
        round=round_,
        definition=definition,
        lang=lang(definition),
        entries=slips,
        choice=choice,
        texts={code: _slip_texts(round_, definition, code) for code in definition.languages},
        token=token,
    )


def _slip_languages(choice: str, own: str | None, definition: Definition) -> list[str]:
    if choice == "both":
        return list(definition.languages)
    if choice == "person":
        return [own if own in definition.languages else definition.languages[0]]
    return [choice]


def _slip_texts(round_: Round, definition: Definition, code: str) -> dict[str, Any]:
    """What a slip says, written in language ``code`` (whatever the admin's language)."""
    from flask_babel import force_locale

    with force_locale(code):
        return {
            "title": round_title(round_, code),
            "roles": _role_labels(definition, code),
            "intro": _(
                "You are invited to answer the confidential self-assessment. Scan the code or open this link:"
            ),
            "code_line": _("or go to %(url)s and enter the access code", url=_code_page_url()),
            "note": _(
                "The link and the code are yours only. Your answers are saved as you go; "
                "you can stop and come back with the same link until you submit. "
                "Your answers are confidential."
            ),
        }


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


def _role_labels(definition: Definition, code: str) -> dict[str, str]:
    return {role.key: text(role.label, code) for role in definition.roles}


def _csv_response(content: str, filename: str) -> Response:
    return Response(
        content,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
