"""The report's main sections: cover, method, participation and findings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from docx.enum.text import WD_BREAK

from selfassess.exports.report import Context, charts, word
from selfassess.instrument.answers import format_point
from selfassess.instrument.model import Dimension

Cell = Mapping[str, Any]


def cover(document: Any, c: Context) -> None:
    _ = c._
    inputs = c.inputs
    document.add_paragraph(c.t(c.definition.title), style="Title")
    document.add_paragraph(word.clean(inputs.round_title), style="Subtitle")
    word.paragraph(document, _("Draft assessment report, for the consultant to edit."), italic=True)
    rows = [
        (_("Round"), inputs.results.get("round", "")),
        (_("Questionnaire"), f"{c.definition.key} v{c.definition.version}"),
        (_("Generated"), inputs.generated_at.strftime("%Y-%m-%d %H:%M UTC")),
    ]
    word.table(document, [_("Item"), _("Value")], rows, numeric_from=2, widths=(5, 10))
    document.add_heading(_("Contents"), level=1)
    word.table_of_contents(document, _("Update this field to build the table of contents."))
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def method(document: Any, c: Context) -> None:
    _ = c._
    inputs = c.inputs
    document.add_heading(_("Method"), level=1)
    when = " – ".join(str(d) for d in (inputs.opened, inputs.closed) if d is not None)
    rows = [
        (
            _("Questionnaire"),
            f"{c.t(c.definition.title)} ({c.definition.key} v{c.definition.version})",
        ),
        (_("Minimum group size (k)"), str(inputs.k)),
        (_("Dates"), when or word.DASH),
        (_("Software"), inputs.software_version),
    ]
    word.table(document, [_("Item"), _("Value")], rows, numeric_from=2, widths=(5, 10))
    for sentence in (
        _(
            "Members and staff answered a confidential questionnaire. Each answer on a scale "
            "is turned into a score from 0 to 100; a dimension's score is the weighted mean "
            "of its questions (a respondent who answered fewer than half of them has none), "
            "and the overall index the weighted mean of the top-level dimensions."
        ),
        _(
            "A group's score is the mean of its members' scores. A %(level)s interval is the "
            "score plus or minus 1.96 standard errors, kept within 0 to 100; a change between "
            "rounds has the interval of a difference of two independent means.",
            level="95%",
        ),
        _(
            "To protect respondents, a result of fewer than %(k)s people is not published: "
            "it is shown as a dash (–), and so is any result from which it could be worked "
            "out.",
            k=inputs.k,
        ),
    ):
        word.paragraph(document, sentence)


def participation(document: Any, c: Context) -> None:
    _ = c._
    document.add_heading(_("Participation"), level=1)
    rows = []
    for row in c.inputs.participation:
        rate = (
            f"{100 * row.submitted / row.invited:.1f} %"
            if row.submitted is not None and row.invited
            else word.DASH
        )
        # Invitations may not record a profile: no count rather than a false zero.
        invited = str(row.invited) if row.invited else word.DASH
        rows.append((c.group_label(row.group), invited, _count(row.submitted), rate))
    if not rows:
        word.paragraph(document, _("No invitations were recorded for this round."), italic=True)
        return
    header = [_("Group"), _("Invited"), _("Submitted"), _("Response rate")]
    word.table(document, header, rows, widths=(8, 2.5, 2.5, 3))
    _dash_note(document, c)


def _count(value: int | None) -> str:
    return word.DASH if value is None else str(value)


def _dash_note(document: Any, c: Context) -> None:
    word.paragraph(
        document,
        c._(
            "– not published: fewer than %(k)s people, or computable from such a result.",
            k=c.inputs.k,
        ),
        italic=True,
        size=8,
    )


def shown_groups(c: Context) -> list[str]:
    """All, each role, then the groups of the declared gaps, as the results hold them."""
    present = list(c.inputs.results.get("groups", []))
    wanted = ["all", *(f"role={r}" for r in c.definition.role_keys)]
    for gap in c.definition.gaps:
        wanted.extend(gap.groups)
    return [g for g in dict.fromkeys(wanted) if g in present]


def _score_rows(c: Context, results: Mapping[str, Cell], intervals: bool) -> list[list[str]]:
    rows = []
    for group in shown_groups(c):
        cell = results.get(group, {})
        if cell.get("suppressed"):
            row = [c.group_label(group), word.DASH, word.DASH, word.DASH]
        else:
            row = [
                c.group_label(group),
                _count(cell.get("n")),
                word.number(cell.get("score")),
                word.interval(cell.get("ci95")),
            ]
        rows.append(row if intervals else row[:3])
    return rows


def _scores_table(document: Any, c: Context, results: Mapping[str, Cell]) -> None:
    """Scores by group; the interval column only when the results carry intervals."""
    _ = c._
    intervals = any("ci95" in cell for cell in results.values())
    header = [_("Group"), _("n"), _("Score")]
    widths: tuple[float, ...] = (10, 3, 3)
    if intervals:
        header.append(_("%(level)s interval", level="95%"))
        widths = (8, 2, 2.5, 3.5)
    word.table(document, header, _score_rows(c, results, intervals), widths=widths)


def _gap_rows(c: Context, dimension: str | None) -> list[tuple[str, str]]:
    rows = []
    for gap in c.inputs.results.get("gaps", []) or []:
        value = (
            gap.get("overall") if dimension is None else gap.get("dimensions", {}).get(dimension)
        )
        a, b = f"{gap['field']}={gap['a']}", f"{gap['field']}={gap['b']}"
        label = c._("%(a)s minus %(b)s", a=c.group_label(a), b=c.group_label(b))
        rows.append((label, word.number(value)))
    return rows


def _gaps(document: Any, c: Context, dimension: str | None) -> None:
    rows = _gap_rows(c, dimension)
    if rows:
        # A paragraph between two tables, or Word joins them into one.
        label = document.add_paragraph()
        label.paragraph_format.keep_with_next = True
        label.add_run(c._("Gaps")).bold = True
        word.table(document, [c._("Gap"), c._("Points")], rows, widths=(13, 3))


def findings(document: Any, c: Context) -> None:
    _ = c._
    results = c.inputs.results
    document.add_heading(_("Findings"), level=1)
    document.add_heading(_("Overall index"), level=2)
    _scores_table(document, c, results.get("overall", {}))
    _gaps(document, c, None)
    consensus = c.inputs.consensus or {}
    if consensus.get("graded"):
        word.paragraph(
            document,
            _(
                "Agreed grade of the panel (overall): %(score)s",
                score=word.number(consensus.get("overall")),
            ),
        )
    _dash_note(document, c)
    by_key = {d["key"]: d["results"] for d in results.get("dimensions", [])}
    top = [d for d in c.definition.dimensions if d.key in by_key]
    roles = [g for g in shown_groups(c) if g == "all" or g.startswith("role=")]
    if top and roles:
        series = [
            charts.Series(c.group_label(g), tuple(score_of(by_key[d.key].get(g)) for d in top))
            for g in roles
        ]
        png = charts.bar_chart([c.t(d.title) for d in top], series, _("Dimension scores by role"))
        word.image(document, png, _("Scores 0-100; a dash marks a result that is not published."))
    for dim in c.definition.iter_dimensions():
        if dim.key in by_key:
            _dimension(document, c, dim, by_key[dim.key])


def score_of(cell: Cell | None) -> float | None:
    """A published cell's score for a chart; None when suppressed or empty."""
    if not cell or cell.get("suppressed") or cell.get("score") is None:
        return None
    return float(cell["score"])


def _dimension(document: Any, c: Context, dim: Dimension, results: Mapping[str, Cell]) -> None:
    _ = c._
    document.add_heading(c.t(dim.title), level=2 if dim.parent is None else 3)
    if dim.description:
        word.paragraph(document, c.t(dim.description), italic=True)
    _scores_table(document, c, results)
    _gaps(document, c, dim.key)
    roles = [g for g in shown_groups(c) if g == "all" or g.startswith("role=")]
    if len(dim.dimensions) > 1 and roles:
        children = list(dim.dimensions)
        by_key = {d["key"]: d["results"] for d in c.inputs.results.get("dimensions", [])}
        series = [
            charts.Series(
                c.group_label(g), tuple(score_of(by_key.get(d.key, {}).get(g)) for d in children)
            )
            for g in roles
        ]
        png = charts.bar_chart([c.t(d.title) for d in children], series, c.t(dim.title))
        word.image(document, png, _("Scores 0-100; a dash marks a result that is not published."))
    _agreed(document, c, dim)
    _change(document, c, dim.key)


def _agreed(document: Any, c: Context, dim: Dimension) -> None:
    """The panel's agreed grade of the dimension and, per graded question, its evidence."""
    _ = c._
    consensus = c.inputs.consensus or {}
    if not consensus.get("graded"):
        return
    score = consensus.get("dimensions", {}).get(dim.key)
    word.paragraph(document, _("Agreed grade of the panel: %(score)s", score=word.number(score)))
    rows = []
    for question in dim.questions:
        grade = c.inputs.grades.get(question.key)
        if not question.panel or not grade or grade.get("grade") in (None, ""):
            continue
        rows.append(
            (
                c.t(question.text),
                _grade_label(c, question, str(grade["grade"])),
                grade.get("evidence") or "",
            )
        )
    if rows:
        word.table(
            document,
            [_("Question"), _("Grade"), _("Evidence")],
            rows,
            numeric_from=3,
            widths=(7, 3, 6),
        )


def _grade_label(c: Context, question: Any, grade: str) -> str:
    scale = c.definition.scale_of(question)
    for point in scale.points:
        if format_point(point.value) == grade:
            return f"{grade} {c.t(point.label)}"
    for option in scale.missing:
        if option.code == grade:
            return c.t(option.label)
    return grade


def _change(document: Any, c: Context, key: str) -> None:
    """The dimension's change since the earlier round, from the comparison document."""
    comparison = c.inputs.comparison
    if not comparison:
        return
    entry = next((d for d in comparison.get("dimensions", []) if d["key"] == key), None)
    if entry is None:
        return
    _ = c._
    if not entry.get("questions"):
        word.paragraph(
            document, _("No question answered by respondents is common to both rounds here.")
        )
        return
    label = document.add_paragraph()
    label.paragraph_format.keep_with_next = True  # never a label alone at a page's foot
    label.add_run(_("Change since %(round)s", round=comparison.get("a", ""))).bold = True
    change_table(document, c, entry["results"])
    agreed = entry.get("consensus")
    if agreed:
        word.paragraph(
            document,
            _(
                "Agreed grade of the panel: %(a)s then %(b)s (change %(change)s).",
                a=word.number(agreed.get("a")),
                b=word.number(agreed.get("b")),
                change=word.signed(agreed.get("change")),
            ),
        )
    if not entry.get("comparable"):
        word.paragraph(
            document,
            _(
                "Its questions changed between the versions: scores use the %(n)s common questions only.",
                n=entry.get("questions", 0),
            ),
            italic=True,
            size=8,
        )


def change_table(document: Any, c: Context, results: Mapping[str, Cell]) -> None:
    _ = c._
    comparison = c.inputs.comparison or {}
    rows: list[Sequence[str]] = []
    for group in shown_groups(c):
        cell = results.get(group)
        if cell is None:
            continue
        rows.append(
            (
                c.group_label(group),
                word.number(score_of(cell["a"])),
                word.number(score_of(cell["b"])),
                word.signed(cell.get("change")),
                word.interval(cell.get("ci95")),
            )
        )
    header = [
        _("Group"),
        comparison.get("a", ""),
        comparison.get("b", ""),
        _("Change"),
        _("%(level)s interval", level="95%"),
    ]
    word.table(document, header, rows, widths=(5.5, 2.5, 2.5, 2.5, 3))
