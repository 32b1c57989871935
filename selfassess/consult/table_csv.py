"""Each results table of the dashboard as a CSV download (UTF-8 with BOM, formula-safe).

The rows are the page's own: the published cells, intervals and gap of the results, for
the chosen comparison; a suppressed cell reads ``n<k`` and shows no number.
"""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_babel import gettext as _

from selfassess.consult import tables
from selfassess.consult.views import _Page, bp
from selfassess.instrument.model import text
from selfassess.services.console import record_event
from selfassess.services.invitations import csv_text, spreadsheet_safe


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
