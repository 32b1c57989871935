"""A dumbbell chart of two rounds: per row an earlier and a later score joined by a line.

Drawn like the dashboard's other charts (selfassess/consult/charts.py: the same axis,
texts, colours and wide/narrow pair); its numbers are published beside it in a table.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from selfassess.consult.charts import (
    FONT,
    GRID,
    MUTED,
    NARROW,
    SERIES_COLOURS,
    WIDE,
    Value,
    _axis,
    _fit,
    _svg,
    _text,
)

#: Earlier round grey, later round the first series colour (both 3:1 against white).
EARLIER, LATER = MUTED, SERIES_COLOURS[0]


def dumbbell_chart(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, Value, Value]],
    *,
    suppressed_text: str,
) -> Markup:
    """One row per (label, earlier, later); a side that is suppressed or empty shows
    ``suppressed_text`` or a dash instead of its dot."""
    return Markup("").join(
        _draw(chart_id, title, rows, suppressed_text, width, variant)
        for width, variant in ((WIDE, "wide"), (NARROW, "narrow"))
    )


def _x(left: float, right: float, score: float) -> float:
    return left + (right - left) * score / 100


def _draw(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, Value, Value]],
    suppressed_text: str,
    width: int,
    variant: str,
) -> Markup:
    row_height, label_height = 22, FONT + 8
    left, right = 8.0, width - 12.0
    body: list[Markup] = []
    y = 4.0
    for label, earlier, later in rows:
        body.append(_text(4, y + FONT, _fit(label, width), bold=True))
        y += label_height
        middle = y + row_height / 2
        shown = [(v, c) for v, c in ((earlier, EARLIER), (later, LATER)) if _drawn(v)]
        if len(shown) == 2:
            x1, x2 = (_x(left, right, float(v.score or 0)) for v, _c in shown)
            body.append(
                Markup(
                    '<line x1="{a:.1f}" y1="{y:.1f}" x2="{b:.1f}" y2="{y:.1f}" stroke="{c}"'
                    ' stroke-width="4"/>'
                ).format(a=x1, b=x2, y=middle, c=GRID)
            )
        for value, colour in shown:
            body.append(
                Markup('<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{c}"/>').format(
                    x=_x(left, right, float(value.score or 0)), y=middle, c=colour
                )
            )
        missing = [v for v in (earlier, later) if not _drawn(v)]
        if missing:
            text = suppressed_text if any(v.suppressed for v in missing) else "–"
            body.append(_text(left, middle + FONT / 2 - 2, text))
        y += row_height + 6
    bottom = y - 6
    return _svg(
        chart_id, width, bottom + FONT + 10, title, _axis(left, right, 4.0, bottom) + body, variant
    )


def _drawn(value: Value) -> bool:
    return not value.suppressed and value.score is not None
