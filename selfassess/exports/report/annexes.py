"""The report's closing sections: change since the earlier round, recommendations and
the plan of action, and the codebook in short."""

from __future__ import annotations

from typing import Any

from selfassess.exports.report import Context, charts, word
from selfassess.exports.report.sections import change_table, score_of
from selfassess.scoring.points import format_point


def change(document: Any, c: Context) -> None:
    """Overall change and a dumbbell chart of every top-level dimension."""
    comparison = c.inputs.comparison
    if not comparison:
        return
    _ = c._
    document.add_heading(_("Change since the earlier round"), level=1)
    word.paragraph(
        document,
        _(
            "Round %(a)s compared with round %(b)s on the questions common to both "
            "questionnaire versions.",
            a=comparison["a"],
            b=comparison["b"],
        ),
    )
    change_table(document, c, comparison.get("overall", {}))
    dims = {d["key"]: d for d in comparison.get("dimensions", [])}
    top = [d for d in c.definition.dimensions if d.key in dims]
    if top:
        cells = [dims[d.key]["results"].get("all", {}) for d in top]
        png = charts.dumbbell_chart(
            [c.t(d.title) for d in top],
            [score_of(cell.get("a")) for cell in cells],
            [score_of(cell.get("b")) for cell in cells],
            (comparison["a"], comparison["b"]),
            _("Dimension scores, all respondents, in both rounds"),
        )
        word.image(document, png, _("Scores 0-100; a dash marks a result that is not published."))


def _in(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or next(iter(value.values()), ""))
    return "" if value is None else str(value)


def _status(c: Context, value: str) -> str:
    """A status of the register (recommendations.md) in the report's language."""
    _ = c._
    labels = {
        "proposed": _("proposed"),
        "accepted": _("accepted"),
        "in_progress": _("in progress"),
        "implemented": _("implemented"),
        "not_accepted": _("not accepted"),
        "not_started": _("not started"),
        "done": _("done"),
        "cancelled": _("cancelled"),
    }
    return labels.get(value, value)


def recommendations(document: Any, c: Context) -> None:
    _ = c._
    document.add_heading(_("Recommendations"), level=1)
    recs = list(c.inputs.recommendations)
    if not recs:
        word.paragraph(
            document,
            _("The register holds no recommendation for this questionnaire yet."),
            italic=True,
        )
        return
    rows = [
        (
            rec.get("ref", ""),
            _in(rec.get("text"), c.lang),
            ", ".join(c.dimension_title(link.partition(":")[2]) for link in rec.get("links", [])),
            ", ".join(rec.get("responsible", [])),
            _status(c, rec.get("status", "")),
            rec.get("due") or word.DASH,
        )
        for rec in recs
    ]
    header = [
        _("Ref."),
        _("Recommendation"),
        _("Improves"),
        _("Responsible"),
        _("Status"),
        _("Due"),
    ]
    word.table(document, header, rows, numeric_from=6, widths=(1.8, 5.5, 2.6, 2.3, 1.8, 2.3))
    document.add_heading(_("Plan of action"), level=2)
    actions = [
        (
            f"{rec.get('ref', '')} / {action.get('ref', '')}",
            _in(action.get("text"), c.lang),
            action.get("responsible") or "",
            action.get("start") or word.DASH,
            action.get("due") or word.DASH,
            _status(c, action.get("status", "")),
        )
        for rec in recs
        for action in rec.get("actions", [])
    ]
    if not actions:
        word.paragraph(document, _("No actions are planned yet."), italic=True)
        return
    header = [_("Action"), _("What"), _("Responsible"), _("Start"), _("Due"), _("Status")]
    word.table(document, header, actions, numeric_from=6, widths=(2, 5.3, 2.3, 2.3, 2.3, 1.8))


def codebook(document: Any, c: Context) -> None:
    """Annex: every dimension and scale question with its key and scale, in short."""
    _ = c._
    document.add_heading(_("Annex: codebook in short"), level=1)
    rows: list[tuple[str, str, str]] = []
    headings: set[int] = set()
    for dim in c.definition.iter_dimensions():
        headings.add(len(rows))
        rows.append((dim.key, c.t(dim.title), ""))
        for question in dim.questions:
            if question.type != "scale":
                continue
            scale = c.definition.scale_of(question)
            points = f"{format_point(scale.lo)}–{format_point(scale.hi)}"
            if question.reverse:
                points += " " + _("(reversed)")
            rows.append((question.key, c.t(question.text), points))
    word.table(
        document,
        [_("Key"), _("Text"), _("Scale")],
        rows,
        numeric_from=3,
        widths=(4, 10, 2.5),
        bold_rows=headings,
    )
