"""The consultant's dashboard: overview, dimensions, drill-downs, comments, downloads.

Read-only. Every number comes from the published results document (suppression and
rounding applied), the one the JSON download and the workbook are made from, and the
view computed with it; both are read from the shared results cache
(``services/revisions.py``), so no page view recomputes the round.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from wtforms import SelectChoice

from selfassess.auth.access import declare_access
from selfassess.consult import charts, tables
from selfassess.consult.forms import GroupForm
from selfassess.instrument.model import Definition, Question, text
from selfassess.languages import NAMES
from selfassess.models import Round
from selfassess.register.consult import linked_context
from selfassess.scoring.consensus import perception_gaps
from selfassess.scoring.participation import by_profile, participation, total
from selfassess.services import invitations as invitation_service
from selfassess.services import revisions
from selfassess.services.compare import earlier_rounds
from selfassess.services.console import record_event
from selfassess.services.errors import NotFound
from selfassess.services.results import invited_profiles, workbook_bytes
from selfassess.services.results_view import CachedResults
from selfassess.services.rounds import get_round, list_rounds

bp = Blueprint("consult", __name__, url_prefix="/results", template_folder="templates")
#: Access: staff — consultants and administrators; read-only.
declare_access(bp, "staff")


@bp.context_processor
def _helpers() -> dict[str, Any]:
    return {"tr": text, "swatch": charts.swatch, "series_colour": charts.colour_of_series}


@bp.get("/")
def index() -> str:
    return render_template("consult/index.html", rounds=list_rounds())


@bp.get("/<slug>/")
def overview(slug: str) -> str:

    page = _Page(slug)
    groups = [tables.ALL, *page.members]
    overall = page.published["overall"]
    progress = invitation_service.progress(page.round)
    invited = {role: int(counts.get("invited", 0)) for role, counts in progress.items()}
    rates = participation(page.definition, page.results.respondents, invited)
    labels = {role.key: text(role.label, page.lang) for role in page.definition.roles}
    roles = [{"label": labels[p.role], "rate": p} for p in rates]
    # Where invitations carry a profile value: invited and submitted per value, k applied.
    by_value = by_profile(
        page.definition, page.results.respondents, invited_profiles(page.round), page.k
    )
    profile_rates = [
        {
            "field": page.labels.field(r.field),
            "label": page.labels.value(r.field, r.value),
            "rate": r,
        }
        for r in by_value
    ]
    intervals = page.results.intervals
    chart = charts.bar_chart(
        "overall-chart",
        _("Overall index by %(grouping)s (0–100)", grouping=page.grouping_label)
        if page.grouping_label
        else _("Overall index (0–100)"),
        [page.labels.group(g) for g in groups],
        [_("Overall index")],
        [[tables.cell_value(overall.get(g), intervals.get(("overall", g)))] for g in groups],
        suppressed_text=page.suppressed_text,
    )
    return page.render(
        "consult/overview.html",
        roles=roles,
        everyone=total(rates),
        profile_rates=profile_rates,
        groups=groups,
        overall=overall,
        intervals={g: intervals.get(("overall", g)) for g in groups},
        chart=chart,
    )


@bp.get("/<slug>/dimensions")
def dimensions(slug: str) -> str:
    page = _Page(slug)
    intervals = page.results.intervals
    published = tables.by_key(page.published["dimensions"])
    dims = list(page.definition.iter_dimensions())
    series = page.members or [tables.ALL]
    chart = charts.bar_chart(
        "dimension-chart",
        _("Dimension scores by %(grouping)s (0–100)", grouping=page.grouping_label)
        if page.grouping_label
        else _("Dimension scores (0–100)"),
        [text(d.title, page.lang) for d in dims],
        [page.labels.group(g) for g in series],
        [
            [
                tables.cell_value(published[d.key]["results"].get(g), intervals.get((d.key, g)))
                for g in series
            ]
            for d in dims
        ],
        suppressed_text=page.suppressed_text,
    )
    gap = tables.gap_of(page.results.gaps, page.grouping)
    # The panel's agreed scores beside the questionnaire's (issue 13), as published.
    block = page.published.get("consensus")
    graded = bool(block and block.get("graded"))
    perception = (
        perception_gaps(
            block,
            {k: (v["results"].get(tables.ALL) or {}).get("score") for k, v in published.items()},
        )
        if graded
        else {}
    )
    rows = [
        {
            "dimension": d,
            "depth": tables.depth(page.definition, d),
            "results": published[d.key]["results"],
            "gap": gap.dimensions.get(d.key) if gap else None,
            "intervals": {g: intervals.get((d.key, g)) for g in [tables.ALL, *page.members]},
            "panel": block["dimensions"].get(d.key) if graded else None,
            "perception": perception.get(d.key),
        }
        for d in dims
    ]
    return page.render(
        "consult/dimensions.html",
        rows=rows,
        columns=[tables.ALL, *page.members],
        series=series,
        chart=chart,
        gap=gap,
        gap_label=page.labels.gap(gap.gap) if gap else "",
        large_gap=page.round.gap_threshold,
        graded=graded,
    )


@bp.get("/<slug>/dimensions/<key>")
def dimension(slug: str, key: str) -> str:
    page = _Page(slug)
    try:
        dim = page.definition.dimension(key)
    except KeyError:
        abort(404)
    results = tables.by_key(page.published["dimensions"])[key]["results"]
    groups = [tables.ALL, *page.members]
    intervals = page.results.intervals
    chart = charts.bar_chart(
        "dimension-groups-chart",
        _(
            "%(dimension)s by %(grouping)s (0–100)",
            dimension=text(dim.title, page.lang),
            grouping=page.grouping_label,
        )
        if page.grouping_label
        else _("%(dimension)s (0–100)", dimension=text(dim.title, page.lang)),
        [page.labels.group(g) for g in groups],
        [text(dim.title, page.lang)],
        [[tables.cell_value(results.get(g), intervals.get((key, g)))] for g in groups],
        suppressed_text=page.suppressed_text,
    )
    published = tables.by_key(page.published["dimensions"]) | tables.by_key(
        page.published["questions"]
    )
    children = [
        {
            "kind": "dimension",
            "key": c.key,
            "label": text(c.title, page.lang),
            "results": published[c.key]["results"],
        }
        for c in dim.dimensions
    ] + [
        {
            "kind": "question",
            "key": q.key,
            "label": text(q.text, page.lang),
            "results": published[q.key]["results"] if q.key in published else None,
            "type": q.type,
        }
        for q in dim.questions
    ]
    return page.render(
        "consult/dimension.html",
        dimension=dim,
        results=results,
        groups=groups,
        intervals={g: intervals.get((key, g)) for g in groups},
        children=children,
        chart=chart,
        **linked_context(page.definition, dim),
    )


@bp.get("/<slug>/questions/<key>")
def question(slug: str, key: str) -> str:
    page = _Page(slug)
    q, results = page.question_or_404(key)
    groups = [tables.ALL, *page.members]
    rows = [
        {
            "group": g,
            "cell": results.get(g, {"n": 0}),
            "parts": _parts(page.definition, q, results.get(g)),
        }
        for g in groups
    ]
    chart = None
    if q.type in ("scale", "choice"):
        chart = charts.stacked_bars(
            "distribution-chart",
            _("Answers to %(key)s by %(grouping)s", key=q.key, grouping=page.grouping_label)
            if page.grouping_label
            else _("Answers to %(key)s", key=q.key),
            [
                (
                    page.labels.group(row["group"]),
                    None
                    if row["parts"] is None
                    else [
                        charts.Segment(page.labels.code(q, code), share, colour)
                        for code, _count, share, colour in row["parts"]
                    ],
                )
                for row in rows
            ],
            suppressed_text=page.suppressed_text,
        )
    return page.render(
        "consult/question.html",
        question=q,
        rows=rows,
        codes=tables.distribution(page.definition, q, {})
        if q.type in ("scale", "choice", "multi")
        else [],
        chart=chart,
        comment_count=int((page.results.comments["question"] == key).sum()),
    )


@bp.get("/<slug>/downloads")
def downloads(slug: str) -> str:
    page = _Page(slug)
    languages = [(code, NAMES.get(code, code)) for code in current_app.config["LANGUAGES"]]
    earlier = earlier_rounds(page.round)
    return page.render("consult/downloads.html", languages=languages, earlier_rounds=earlier)


@bp.get("/<slug>/workbook.xlsx")
def workbook(slug: str) -> Response:
    round_ = _round_or_404(slug)
    lang = request.args.get("lang", "en")
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    content = workbook_bytes(round_, lang, _earlier_or_404(round_))
    return _download(
        content,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"{slug}-results-{lang}.xlsx",
    )


@bp.get("/<slug>/results.json")
def results_json(slug: str) -> Response:
    round_ = _round_or_404(slug)
    document = revisions.results_document(round_)
    record_event("results.export", slug, format="json")
    body = json.dumps(document, ensure_ascii=False, indent=2)
    return _download(body.encode("utf-8"), "application/json", f"{slug}-results.json")


# -- helpers -----------------------------------------------------------------------------


class _Page:
    """What every results page of a round needs: the round, its results, the grouping."""

    def __init__(self, slug: str) -> None:
        self.round = _round_or_404(slug)
        #: The cached results: the document and the view beside it; nothing recomputed.
        self.results: CachedResults = revisions.cached_results(self.round)
        self.definition: Definition = self.results.definition
        self.published: dict[str, Any] = self.results.document
        current = str(get_locale() or "")
        self.lang = (
            current if current in self.definition.languages else self.definition.languages[0]
        )
        groups = self.results.group_parts
        self.labels = tables.Labels(self.definition, self.lang, groups)
        self.grouping = tables.chosen_grouping(groups, request.args.get("by"))
        self.members = tables.members(groups, self.grouping)
        self.grouping_label = (
            self.labels.grouping(self.grouping).lower() if self.grouping != tables.ALL else ""
        )
        self.form = GroupForm(formdata=None, by=self.grouping)
        self.form.by.choices = [
            SelectChoice(g, self.labels.grouping(g)) for g in tables.groupings(groups)
        ]
        self.k = self.round.min_group_size
        self.suppressed_text = f"n<{self.k}"
        submitted = int(self.published["responses"]["submitted"])
        #: Comments are shown for the whole round only, and not at all below k respondents.
        self.too_few_for_comments = submitted < self.k

    def question_or_404(self, key: str) -> tuple[Question, dict[str, Any]]:
        """The question ``key`` and its published results by group (scored or not)."""
        try:
            question = self.definition.question(key)
        except KeyError:
            abort(404)
        reports = tables.by_key(self.published["questions"]) | tables.by_key(
            self.results.other_questions
        )
        return question, reports.get(key, {}).get("results", {})

    def render(self, template: str, **context: Any) -> str:
        return render_template(
            template,
            round=self.round,
            definition=self.definition,
            published=self.published,
            labels=self.labels,
            lang=self.lang,
            grouping=self.grouping,
            members=self.members,
            group_form=self.form,
            k=self.k,
            suppressed_text=self.suppressed_text,
            **context,
        )


def _parts(
    definition: Definition, question: Question, cell: dict[str, Any] | None
) -> list[tuple[str, int, float, str]] | None:
    """The distribution of a published cell; None when suppressed or without counts."""
    if not cell or cell.get("suppressed") or "counts" not in cell:
        return None
    return tables.distribution(definition, question, cell["counts"])


def _round_or_404(slug: str) -> Round:
    try:
        return get_round(slug)
    except NotFound:
        abort(404)


def _earlier_or_404(round_: Round) -> Round | None:
    """The earlier round of the ``earlier`` argument, if any: one of the same instrument."""
    slug = request.args.get("earlier")
    if not slug:
        return None
    found = next((r for r in earlier_rounds(round_) if r.slug == slug), None)
    if found is None:
        abort(404)
    return found


def _download(content: bytes, mimetype: str, filename: str) -> Response:
    return Response(
        content,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# The progress pages, the tables' CSV downloads, and the comments page with its themes
# register their routes on this blueprint (and its access rule).
from selfassess.consult import comments as _comments  # noqa: E402, F401
from selfassess.consult import progress as _progress  # noqa: E402, F401
from selfassess.consult import table_csv  # noqa: E402, F401
