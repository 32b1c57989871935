"""The assessment report (a Word draft): a round's published documents into the pure
report builder. The CLI and the dashboard's download both call :func:`report_bytes`;
it reads the round's results from the shared cache, as the dashboard does."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from flask_babel import force_locale, gettext
from sqlalchemy import select

from selfassess import __version__
from selfassess.exports.report import (
    PanelSessionRecord,
    Participation,
    ReportInputs,
    build_report,
)
from selfassess.extensions import db
from selfassess.instrument.model import Definition
from selfassess.models import Invitation, Round, SessionStatus
from selfassess.scoring.disclosure import suppress
from selfassess.services import audit, linked, panel, revisions
from selfassess.services.compare import cached_comparison
from selfassess.services.results_view import CachedResults

if TYPE_CHECKING:
    from selfassess.exports.report import Participation

# python-docx, matplotlib and numpy are imported by the functions that use them.


def _split_field(definition: Definition) -> str | None:
    """The profile field participation is split by: the first declared gap's, else sex."""
    keys = {p.key for p in definition.grouping_fields}
    for gap in definition.gaps:
        if gap.field in keys:
            return gap.field
    return "sex" if "sex" in keys else None


def _groups(role: str, profile: dict[str, Any], field: str | None) -> list[str]:
    groups = ["all", f"role={role}"]
    if field and profile.get(field):
        groups += [f"{field}={profile[field]}", f"role={role},{field}={profile[field]}"]
    return groups


def participation(outcome: CachedResults) -> list[Participation]:
    """Invited and submitted by group (all, role, role x split field); submitted counts
    of fewer than k people, or computable from them, are withheld."""
    from selfassess.exports.report import Participation

    round_, definition = outcome.round, outcome.definition
    field = _split_field(definition)
    invited: Counter[str] = Counter()
    rows = db.session.execute(
        select(Invitation.role, Invitation.profile).where(Invitation.round_id == round_.id)
    ).all()
    for role, profile in rows:
        invited.update(_groups(role, profile or {}, field))
    submitted: Counter[str] = Counter()
    for record in outcome.respondents.to_dict("records"):
        profile = {field: record.get(field)} if field else {}
        submitted.update(_groups(str(record["role"]), profile, field))
    k = round_.min_group_size
    hidden = suppress(
        dict(submitted), {g for g, n in submitted.items() if 0 < n < k}, definition, k
    )
    order = ["all", *(f"role={r}" for r in definition.role_keys)]
    if field:
        codes = [o.code for o in definition.profile_field(field).options]
        order += [f"role={r},{field}={c}" for r in definition.role_keys for c in codes]
    return [
        Participation(g, invited[g], None if g in hidden else submitted[g])
        for g in order
        if invited[g] or submitted[g]
    ]


def panel_sessions(round_: Round) -> list[PanelSessionRecord]:
    """The round's panel sessions as the report's attendance annex needs them."""
    return [
        PanelSessionRecord(
            number=s.number,
            held_on=s.held_on,
            place=s.place,
            held=s.status is SessionStatus.HELD,
            attendance=s.attendance or {},
        )
        for s in panel.sessions_of(round_)
    ]


def report_bytes(round_: Round, lang: str = "en", earlier: Round | None = None) -> bytes:
    """The report of ``round_`` in ``lang``, with the change since ``earlier`` if given;
    the download is recorded in the audit log."""
    outcome = revisions.cached_results(round_)
    document = outcome.document
    definition = outcome.definition
    comparison = cached_comparison(earlier, round_).document if earlier else None
    prefix = f"{definition.key}:"
    recommendations = [
        rec
        for rec in linked.list_recommendations()
        if rec.get("source") == round_.slug
        or any(str(link).startswith(prefix) for link in rec.get("links", []))
    ]

    inputs = ReportInputs(
        definition=definition,
        results=document,
        round_title=round_.title,
        k=round_.min_group_size,
        opened=round_.opened_at.date() if round_.opened_at else None,
        closed=round_.closed_at.date() if round_.closed_at else None,
        generated_at=datetime.now(UTC),
        software_version=__version__,
        participation=participation(outcome),
        consensus=document.get("consensus") or linked.consensus_block(round_),
        grades=linked.current_grades(round_),
        comparison=comparison,
        recommendations=recommendations,
        panel_sessions=panel_sessions(round_),
    )
    with force_locale(lang):
        content = build_report(inputs, lang, gettext)
    audit.record(
        "results.report",
        round_.slug,
        format="docx",
        lang=lang,
        compare=earlier.slug if earlier else "",
    )
    db.session.flush()
    return content
