"""Each results table of the dashboard as a CSV download (UTF-8 with BOM, formula-safe).

The rows are the page's own: the published cells, intervals and gap of the results, for
the chosen comparison; a suppressed cell reads ``n<k`` and shows no number.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort
from flask_babel import gettext as _

from selfassess.consult import tables
from selfassess.consult.distribution import distribution_rows
from selfassess.consult.views import _Page, bp
from selfassess.instrument.model import text
from selfassess.scoring.participation import by_profile, participation, total
from selfassess.services import invitations as invitation_service
from selfassess.services.console import record_event
from selfassess.services.invitations import csv_text, spreadsheet_safe
from selfassess.services.results import invited_profiles


def _number(value: float | int | None) -> str:
    return "" if value is None else f"{value:g}" if isinstance(value, int) else f"{value:.2f}"


@bp.get("/<slug>/dimensions.csv")
def dimensions_csv(slug: str) -> Response:
    """The dimension table of the chosen comparison (``?by=``), as on the page."""
    page = _Page(slug)
    intervals = page.results.intervals
    gap = tables.gap_of(page.results.gaps, page.grouping)
    groups = [tables.ALL, *page.members]
    header = [_("Key"), _("Dimension")]
    for group in groups:
        label = page.labels.group(group)
        header += [f"{label}: {_('Score')}", f"{label}: n"]
        header += [f"{label}: {_('Interval (95%)')} −", f"{label}: {_('Interval (95%)')} +"]
    if gap:
        header.append(_("Gap %(sides)s", sides=page.labels.gap(gap.gap)))
    rows = [[spreadsheet_safe(h) for h in header]]
    for item in page.published["dimensions"]:
        key = item["key"]
        title = text(page.definition.dimension(key).title, page.lang)
        row = [spreadsheet_safe(key), spreadsheet_safe(title)]
        for group in groups:
            row += _cell(item["results"].get(group), intervals.get((key, group)), page.k)
        if gap:
            row.append(_number(gap.dimensions.get(key)))
        rows.append(row)
    record_event("results.export", slug, format="csv", table="dimensions")
    filename = f"{slug}-dimensions-{page.grouping.replace(',', '-')}.csv"
    return Response(
        csv_text(rows).encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _cell(cell: dict[str, Any] | None, bounds: tuple[float, float] | None, k: int) -> list[str]:
    """Score, n and interval of a published cell; ``n<k`` and nothing else when hidden."""
    if not cell:
        return ["", "", "", ""]
    if cell.get("suppressed"):
        return [f"n<{k}", "", "", ""]
    low, high = bounds if bounds else (None, None)
    return [_number(cell.get("score")), _number(cell.get("n")), _number(low), _number(high)]


# -- the other tables of the dashboard ---------------------------------------------------


def _send(page: _Page, rows: list[list[str]], table: str, name: str) -> Response:
    """Rows as a CSV download (UTF-8 with BOM); every text cell is formula-safe."""
    record_event("results.export", page.round.slug, format="csv", table=table)
    filename = f"{page.round.slug}-{name}.csv"
    return Response(
        csv_text(rows).encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _grouping_name(page: _Page) -> str:
    return page.grouping.replace(",", "-")


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


@bp.get("/<slug>/responses.csv")
def responses_csv(slug: str) -> Response:
    """Invited, submitted and response rate by role, then by profile value where the
    invitations carry it (a suppressed value reads ``n<k``), as on the overview."""
    page = _Page(slug)
    progress = invitation_service.progress(page.round)
    invited = {role: int(counts.get("invited", 0)) for role, counts in progress.items()}
    rates = participation(page.definition, page.results.respondents, invited)
    header = [_("Profile"), _("Value"), _("Invited"), _("Submitted"), _("Response rate")]
    rows = [[spreadsheet_safe(h) for h in header]]
    role = _("Role")
    for p in rates:
        label = page.labels.value("role", p.role)
        rows.append(
            [role, spreadsheet_safe(label), str(p.invited), str(p.submitted), _rate(p.rate)]
        )
    everyone = total(rates)
    rows.append(
        [role, _("All roles"), str(everyone.invited), str(everyone.submitted), _rate(everyone.rate)]
    )
    for r in by_profile(
        page.definition, page.results.respondents, invited_profiles(page.round), page.k
    ):
        field, value = page.labels.field(r.field), page.labels.value(r.field, r.value)
        shown = (
            [page.suppressed_text] * 2 if r.submitted is None else [str(r.submitted), _rate(r.rate)]
        )
        rows.append([spreadsheet_safe(field), spreadsheet_safe(value), str(r.invited), *shown])
    return _send(page, rows, "responses", "responses")


@bp.get("/<slug>/overall.csv")
def overall_csv(slug: str) -> Response:
    """The overall index of the chosen comparison's groups, as on the overview."""
    page = _Page(slug)
    intervals = page.results.intervals
    overall = page.published["overall"]
    header = [_("Group"), _("Score"), "n", _("Interval (95%)") + " −", _("Interval (95%)") + " +"]
    header += [_("Standard deviation"), _("Median")]
    rows = [[spreadsheet_safe(h) for h in header]]
    for group in [tables.ALL, *page.members]:
        cell = overall.get(group)
        row = [spreadsheet_safe(page.labels.group(group))]
        row += _cell(cell, intervals.get(("overall", group)), page.k)
        hidden = not cell or cell.get("suppressed")
        row += ["", ""] if hidden else [_number(cell.get("sd")), _number(cell.get("median"))]
        rows.append(row)
    return _send(page, rows, "overall", f"overall-{_grouping_name(page)}")


@bp.get("/<slug>/dimensions/<key>.csv")
def dimension_csv(slug: str, key: str) -> Response:
    """One dimension and its parts (sub-dimensions or questions) by the chosen
    comparison's groups: score, n and interval of each, as on the dimension's page."""
    page = _Page(slug)
    try:
        dim = page.definition.dimension(key)
    except KeyError:
        abort(404)
    intervals = page.results.intervals
    published = tables.by_key(page.published["dimensions"]) | tables.by_key(
        page.published["questions"]
    )
    groups = [tables.ALL, *page.members]
    header = [_("Key"), _("Dimension") + " / " + _("Question")]
    for group in groups:
        label = page.labels.group(group)
        header += [f"{label}: {_('Score')}", f"{label}: n"]
        header += [f"{label}: {_('Interval (95%)')} −", f"{label}: {_('Interval (95%)')} +"]
    rows = [[spreadsheet_safe(h) for h in header]]
    items = [(dim.key, dim.title), *((c.key, c.title) for c in dim.dimensions)]
    items += [(q.key, q.text) for q in dim.questions]
    for item, title in items:
        row = [spreadsheet_safe(item), spreadsheet_safe(text(title, page.lang))]
        results = published.get(item, {}).get("results")
        for group in groups:
            if results is None:  # a question that is not scored
                row += ["", "", "", ""]
            else:
                row += _cell(results.get(group), intervals.get((item, group)), page.k)
        rows.append(row)
    return _send(page, rows, "dimension", f"{key}-{_grouping_name(page)}")


@bp.get("/<slug>/questions/<key>.csv")
def question_csv(slug: str, key: str) -> Response:
    """A question's answers by the chosen comparison's groups, as on its page."""
    page = _Page(slug)
    q, results = page.question_or_404(key)
    groups = [tables.ALL, *page.members]
    cells = [(page.labels.group(g), results.get(g)) for g in groups]
    rows = distribution_rows(page.definition, page.labels, q, cells, page.k)
    return _send(page, rows, "question", f"{key}-{_grouping_name(page)}")
