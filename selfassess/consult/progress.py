"""Progress pages of the dashboard: a round compared with an earlier one, and the
assessment report's download. Routes of the ``consult`` blueprint (its access rule)."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from selfassess.consult import tables
from selfassess.consult.dumbbell import EARLIER, LATER, dumbbell_chart
from selfassess.consult.forms import EarlierForm
from selfassess.consult.views import _download, _earlier_or_404, _Page, _round_or_404, bp
from selfassess.models import Round
from selfassess.services.compare import cached_comparison, earlier_rounds
from selfassess.services.report import report_bytes

#: Statuses of the register (recommendations.md), in the order of their life.
STATUS_LABELS = {
    "proposed": _l("proposed"),
    "accepted": _l("accepted"),
    "in_progress": _l("in progress"),
    "implemented": _l("implemented"),
    "not_accepted": _l("not accepted"),
}


def _earlier(round_: Round, asked: str | None) -> tuple[list[Round], Round | None]:
    """The earlier rounds of the same instrument and the one asked for (else the latest)."""
    choices = earlier_rounds(round_)
    chosen = next((r for r in choices if r.slug == asked), choices[0] if choices else None)
    return choices, chosen


@bp.get("/<slug>/change")
def change(slug: str) -> str:
    page = _Page(slug)
    choices, earlier = _earlier(page.round, request.args.get("earlier"))
    form = EarlierForm(formdata=None, earlier=earlier.slug if earlier else None, by=page.grouping)
    form.earlier.choices = [SelectChoice(r.slug, f"{r.title} ({r.slug})") for r in choices]
    form.by.choices = page.form.by.choices
    if earlier is None:
        return page.render("consult/change.html", form=form, comparison=None)
    comparison = cached_comparison(earlier, page.round)
    document = comparison.document
    columns = [g for g in [tables.ALL, *page.members] if g in document["groups"]]
    suppressed = page.suppressed_text

    def chart(chart_id: str, title: str, results: dict[str, Any]) -> Any:
        rows = [
            (
                page.labels.group(g),
                tables.cell_value(results[g]["a"]),
                tables.cell_value(results[g]["b"]),
            )
            for g in columns
        ]
        return dumbbell_chart(chart_id, title, rows, suppressed_text=suppressed)

    dims = []
    for entry in document["dimensions"]:
        dimension = page.definition.dimension(entry["key"])
        title = page.labels.dimension(entry["key"])
        dims.append(
            {
                "entry": entry,
                "title": title,
                "depth": tables.depth(page.definition, dimension),
                "changes": comparison.changes[entry["key"]],
                "chart": chart(f"change-{entry['key']}", title, entry["results"]),
            }
        )
    return page.render(
        "consult/change.html",
        form=form,
        earlier=earlier,
        comparison=document,
        columns=columns,
        overall_chart=chart("change-overall", _("Overall index"), document["overall"]),
        dims=dims,
        status_labels=STATUS_LABELS,
        colours=(EARLIER, LATER),
    )


@bp.get("/<slug>/report.docx")
def report(slug: str) -> Response:
    round_ = _round_or_404(slug)
    lang = request.args.get("lang", "en")
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    content = report_bytes(round_, lang, _earlier_or_404(round_))
    return _download(
        content,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        f"{slug}-report-{lang}.docx",
    )
