"""Questionnaires: upload -> validation report -> preview per language -> publish; versions."""

from __future__ import annotations

from pathlib import PurePath

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from selfassess import instrument
from selfassess.admin import stash
from selfassess.admin.base import bp
from selfassess.admin.forms import ActionForm, InstrumentUploadForm
from selfassess.instrument.diff import diff_definitions
from selfassess.instrument.model import Definition
from selfassess.models import InstrumentVersion
from selfassess.services.errors import NotFound, ServiceError
from selfassess.services.instruments import get_version, list_versions, load_definition


@bp.route("/instruments", methods=["GET", "POST"])
def instruments() -> str | tuple[str, int] | WerkzeugResponse:
    form = InstrumentUploadForm()
    issues: list[instrument.Issue] | None = None
    filename = ""
    if form.validate_on_submit():
        upload = form.file.data
        filename = PurePath(upload.filename or "upload").name[:200]
        definition, issues = instrument.load_bytes(upload.read(), filename)
        if definition is not None:
            token = stash.instruments.put({"name": filename, "definition": definition.to_dict()})
            return redirect(url_for(".pending", token=token))
    page = render_template(
        "admin/instruments.html",
        form=form,
        versions=list_versions(),
        issues=issues,
        filename=filename,
    )
    return (page, 422) if issues or form.errors else page


@bp.get("/instruments/new/<token>")
def pending(token: str) -> str:
    """The validated upload as respondents will see it, before it is published."""
    definition, name = _pending_or_404(token)
    previous = _latest_or_none(definition.key)
    diff = diff_definitions(previous.load(), definition) if previous else None
    return render_template(
        "admin/pending.html",
        definition=definition,
        name=name,
        token=token,
        lang=_preview_language(definition),
        previous=previous,
        # The same key and version already loaded: publishing is a no-op or refused.
        clash=previous is not None and previous.version == definition.version,
        unchanged=previous is not None and previous.content_hash == definition.content_hash(),
        diff=diff,
        same_as_last=_same_as_last(definition, previous, diff),
        form=ActionForm(),
    )


@bp.post("/instruments/new/<token>/publish")
def publish(token: str) -> WerkzeugResponse:
    definition, name = _pending_or_404(token)
    if not ActionForm().validate_on_submit():
        abort(400)
    previous = _latest_or_none(definition.key)
    diff = diff_definitions(previous.load(), definition) if previous else None
    if _same_as_last(definition, previous, diff) and request.form.get("confirm") != "identical":
        flash(_("Tick the box to confirm that you want a version identical to the last."), "error")
        return redirect(url_for(".pending", token=token))
    try:
        outcome = load_definition(definition, source_name=name)
    except ServiceError as error:
        flash(str(error), "error")
        return redirect(url_for(".pending", token=token))
    stash.instruments.drop(token)
    version = outcome.version
    if outcome.created:
        flash(_("Published %(label)s.", label=version.label), "success")
    else:
        flash(_("%(label)s was already loaded with this content.", label=version.label), "info")
    return redirect(url_for(".version", key=version.instrument.key, number=version.version))


@bp.post("/instruments/new/<token>/discard")
def discard(token: str) -> WerkzeugResponse:
    if ActionForm().validate_on_submit():
        stash.instruments.drop(token)
        flash(_("The upload was discarded."), "info")
    return redirect(url_for(".instruments"))


@bp.get("/instruments/<key>/v<int:number>")
def version(key: str, number: int) -> str:
    """A loaded version: its preview and what changed since the version before it."""
    try:
        current = get_version(key, number)
    except NotFound:
        abort(404)
    definition = current.load()
    previous = _previous(current)
    return render_template(
        "admin/version.html",
        version=current,
        definition=definition,
        lang=_preview_language(definition),
        previous=previous,
        diff=diff_definitions(previous.load(), definition) if previous else None,
    )


def _pending_or_404(token: str) -> tuple[Definition, str]:
    entry = stash.instruments.get(token)
    if entry is None:
        abort(404, _("This upload has expired or was already used: upload the file again."))
    return instrument.definition_from_dict(entry["definition"]), str(entry["name"])


def _same_as_last(definition: Definition, previous: InstrumentVersion | None, diff: object) -> bool:
    """A new version number whose content does not differ from the latest version's."""
    return previous is not None and previous.version != definition.version and not diff


def _preview_language(definition: Definition) -> str:
    lang = request.args.get("lang", "")
    return lang if lang in definition.languages else definition.languages[0]


def _latest_or_none(key: str) -> InstrumentVersion | None:
    try:
        return get_version(key)
    except NotFound:
        return None


def _previous(current: InstrumentVersion) -> InstrumentVersion | None:
    earlier = [v for v in current.instrument.versions if v.version < current.version]
    return earlier[-1] if earlier else None
