"""Charts drawn by the app itself: SVG markup built in Python, no script, no style attribute.

Every chart is an image with a title (``role="img"`` and ``<title>``); its numbers are
always published beside it as a table by the template. Bars carry presentation
attributes (``fill``, ``width``...), which the Content-Security-Policy allows, unlike
``style=``. Each chart is drawn twice, for a wide and a narrow screen, so that its text
stays readable on a phone; CSS shows one of the two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

#: Series colours: each has at least 3:1 contrast with white (non-text contrast).
SERIES_COLOURS = ("#0b4f8a", "#c25e00", "#2e7d4f", "#8a2b5f", "#5a5f66", "#6a4fb0")
#: Point colours of a distribution, light to dark; then the missing codes and blank.
POINT_COLOURS = ("#d6e4f2", "#a9c7e6", "#79a6d2", "#4a84bd", "#2366a3", "#0b4f8a", "#06335a")
MISSING_COLOURS = ("#8c96a3", "#c4cad2", "#a79bbd", "#b8a18a")
BLANK_COLOUR = "#ffffff"
INK = "#1b2330"
GRID = "#d5dbe3"
MUTED = "#4a5566"
#: Widths (SVG units) of the two drawings; font sizes stay the same in both.
WIDE, NARROW = 680, 340
FONT = 13


@dataclass(frozen=True)
class Value:
    """One bar: a score (0-100), or nothing when the cell is suppressed or empty."""

    score: float | None
    n: int
    suppressed: bool = False
    #: The 95% interval (low, high) drawn as a whisker; None when there is none.
    interval: tuple[float, float] | None = None


@dataclass(frozen=True)
class Segment:
    """One part of a stacked bar: a share (0-1) of one answer code."""

    label: str
    share: float
    colour: str


def colour_of_series(index: int) -> str:
    return SERIES_COLOURS[index % len(SERIES_COLOURS)]


def distribution_colours(points: int, missing: int) -> list[str]:
    """Colours of ``points`` scale points (light to dark), ``missing`` codes, then blank."""
    step = (len(POINT_COLOURS) - 1) / max(points - 1, 1)
    chosen = [POINT_COLOURS[round(i * step)] for i in range(points)]
    chosen += [MISSING_COLOURS[i % len(MISSING_COLOURS)] for i in range(missing)]
    return [*chosen, BLANK_COLOUR]


def _text(x: float, y: float, content: str, *, anchor: str = "start", bold: bool = False) -> Markup:
    return Markup(
        '<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{ink}" text-anchor="{anchor}"'
        ' font-weight="{weight}">{content}</text>'
    ).format(
        x=x, y=y, size=FONT, ink=INK, anchor=anchor, weight=600 if bold else 400, content=content
    )


def _svg(
    chart_id: str, width: int, height: float, title: str, body: list[Markup], variant: str
) -> Markup:
    return Markup(
        '<svg class="chart-{variant}" role="img" aria-labelledby="{id}" viewBox="0 0 {w} {h:.0f}"'
        ' width="{w}" height="{h:.0f}" xmlns="http://www.w3.org/2000/svg" font-family="inherit">'
        '<title id="{id}">{title}</title>{body}</svg>'
    ).format(
        variant=variant,
        id=f"{chart_id}-{variant}-title",
        w=width,
        h=height,
        title=title,
        body=Markup("").join(body),
    )


def _axis(left: float, right: float, top: float, bottom: float) -> list[Markup]:
    """Vertical grid lines at 0, 25, 50, 75, 100 with their labels under the chart."""
    parts = []
    for tick in (0, 25, 50, 75, 100):
        x = left + (right - left) * tick / 100
        parts.append(
            Markup(
                '<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="{grid}"'
                ' stroke-width="1"/>'
            ).format(x=x, top=top, bottom=bottom, grid=GRID)
        )
        anchor = "start" if tick == 0 else "end" if tick == 100 else "middle"
        parts.append(_text(x, bottom + FONT + 4, str(tick), anchor=anchor))
    return parts


def bar_chart(
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[str],
    values: Sequence[Sequence[Value]],
    *,
    suppressed_text: str,
) -> Markup:
    """Horizontal bars on a 0-100 scale: per category a label, then one bar per series.

    ``values[c][s]`` is the bar of category ``c`` and series ``s``. A suppressed bar
    is not drawn: ``suppressed_text`` (e.g. ``n<5``) stands in its place.
    """
    return Markup("").join(
        (
            _bars(chart_id, title, categories, series, values, suppressed_text, width, variant)
            for width, variant in ((WIDE, "wide"), (NARROW, "narrow"))
        )
    )


def _bars(
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[str],
    values: Sequence[Sequence[Value]],
    suppressed_text: str,
    width: int,
    variant: str,
) -> Markup:
    bar, gap, label_height, group_gap = 16, 3, FONT + 8, 10
    left, right = 4.0, width - 52.0
    body: list[Markup] = []
    y = 4.0
    for category, row in zip(categories, values, strict=True):
        body.append(_text(left, y + FONT, _fit(category, width), bold=True))
        y += label_height
        for index, (value, name) in enumerate(zip(row, series, strict=True)):
            # A missing bar says whose it is: its colour is not there to tell.
            missing = f"{name}: {suppressed_text}" if len(series) > 1 else suppressed_text
            body.append(_bar(value, left, right, y, bar, index, missing, len(series)))
            y += bar + gap
        y += group_gap
    grid_top, grid_bottom = 4.0, y - group_gap
    parts = _axis(left, right, grid_top, grid_bottom) + body
    return _svg(chart_id, width, grid_bottom + FONT + 10, title, parts, variant)


def _bar(
    value: Value,
    left: float,
    right: float,
    y: float,
    height: float,
    index: int,
    suppressed_text: str,
    count: int,
) -> Markup:
    if value.suppressed or value.score is None:
        shown = suppressed_text if value.suppressed else "–"
        return _text(left + 4, y + height - 3, shown)
    scale = (right - left) / 100
    length = max(scale * value.score, 1.0)
    colour = colour_of_series(index) if count > 1 else SERIES_COLOURS[0]
    rect = Markup('<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h}" fill="{fill}"/>')
    drawn = rect.format(x=left, y=y, w=length, h=height, fill=colour)
    end = left + length
    if value.interval is not None:
        low, high = (left + scale * min(max(v, 0.0), 100.0) for v in value.interval)
        middle = y + height / 2
        whisker = Markup(
            '<path d="M{a:.1f} {m:.1f}H{b:.1f}M{a:.1f} {t:.1f}V{u:.1f}M{b:.1f} {t:.1f}V{u:.1f}"'
            ' stroke="{ink}" stroke-width="1.5" fill="none"/>'
        )
        drawn += whisker.format(a=low, b=high, m=middle, t=y + 3, u=y + height - 3, ink=INK)
        end = max(end, high)
    return drawn + _text(end + 4, y + height - 3, f"{value.score:.1f}")


def stacked_bars(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, Sequence[Segment] | None]],
    *,
    suppressed_text: str,
) -> Markup:
    """One 100 % bar per row (a group), split into the shares of each answer code.

    A row whose segments are None is suppressed: ``suppressed_text`` stands in its place.
    """
    return Markup("").join(
        (
            _stacks(chart_id, title, rows, suppressed_text, width, variant)
            for width, variant in ((WIDE, "wide"), (NARROW, "narrow"))
        )
    )


def _stacks(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, Sequence[Segment] | None]],
    suppressed_text: str,
    width: int,
    variant: str,
) -> Markup:
    bar, label_height, row_gap = 20, FONT + 8, 10
    left, right = 4.0, width - 4.0
    body: list[Markup] = []
    y = 4.0
    for label, segments in rows:
        body.append(_text(left, y + FONT, _fit(label, width), bold=True))
        y += label_height
        if segments is None:
            body.append(_text(left + 4, y + bar - 5, suppressed_text))
        else:
            body.extend(_segments(segments, left, right, y, bar))
        y += bar + row_gap
    return _svg(chart_id, width, y, title, body, variant)


def _segments(
    segments: Sequence[Segment], left: float, right: float, y: float, height: int
) -> list[Markup]:
    rect = Markup(
        '<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h}" fill="{fill}"'
        ' stroke="{stroke}" stroke-width="1">{tip}</rect>'
    )
    parts = [
        rect.format(x=left, y=y, w=right - left, h=height, fill=BLANK_COLOUR, stroke=MUTED, tip="")
    ]
    x = left
    for segment in segments:
        length = (right - left) * segment.share
        if length <= 0:
            continue
        tip = Markup("<title>{}: {:.0%}</title>").format(segment.label, segment.share)
        parts.append(
            rect.format(
                x=x, y=y, w=length, h=height, fill=segment.colour, stroke=BLANK_COLOUR, tip=tip
            )
        )
        x += length
    return parts


def _fit(label: str, width: int) -> str:
    """A label cut to what fits on one line of a drawing ``width`` wide."""
    limit = int(width / (FONT * 0.55))
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def swatch(colour: str) -> Markup:
    """A small square of ``colour`` for a legend (decorative: the label says it)."""
    return Markup(
        '<svg class="swatch-svg" width="14" height="14" aria-hidden="true" focusable="false">'
        '<rect width="14" height="14" fill="{fill}" stroke="{ink}" stroke-width="1"/></svg>'
    ).format(fill=colour, ink=INK)
