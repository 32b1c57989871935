"""The report's charts as PNG images (matplotlib, Agg canvas, no pyplot state).

They look like the dashboard's SVG charts (selfassess/consult/charts.py): the same
series colours, a 0-100 axis with grid lines at every 25, horizontal bars labelled with
their score, and nothing drawn for a suppressed cell.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

#: The dashboard's series colours (consult/charts.py), each 3:1 against white.
SERIES_COLOURS = ("#0b4f8a", "#c25e00", "#2e7d4f", "#8a2b5f", "#5a5f66", "#6a4fb0")
INK = "#1b2330"
GRID = "#d5dbe3"
MUTED = "#4a5566"
#: DejaVu Sans ships with matplotlib and covers Cyrillic.
FONT = "DejaVu Sans"
#: Sharp in print at the 15.5 cm the report gives a chart, and quick to draw.
DPI = 150


@dataclass(frozen=True)
class Series:
    """One group's bars: a score per category, None where suppressed or empty."""

    label: str
    scores: tuple[float | None, ...]


def _figure(height: float) -> Figure:
    figure = Figure(figsize=(6.3, height), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", facecolor="white")
    return buffer.getvalue()


def _style_axis(axis: object, categories: Sequence[str]) -> None:
    from matplotlib.axes import Axes

    assert isinstance(axis, Axes)
    axis.set_xlim(0, 100)
    axis.set_xticks([0, 25, 50, 75, 100])
    axis.grid(axis="x", color=GRID, linewidth=0.8)
    axis.set_axisbelow(True)
    axis.set_yticks(range(len(categories)))
    axis.set_yticklabels([_wrap(c) for c in categories], fontsize=8, color=INK, fontfamily=FONT)
    axis.invert_yaxis()
    axis.tick_params(axis="x", labelsize=8, colors=MUTED)
    axis.tick_params(axis="y", length=0)
    for side in ("top", "right", "left"):
        axis.spines[side].set_visible(False)
    axis.spines["bottom"].set_color(GRID)


def _wrap(label: str, width: int = 34) -> str:
    """A long category label on at most two lines."""
    if len(label) <= width:
        return label
    cut = label.rfind(" ", 0, width)
    cut = cut if cut > 0 else width
    rest = label[cut:].strip()
    return label[:cut] + "\n" + (rest if len(rest) <= width else rest[: width - 1] + "…")


def bar_chart(categories: Sequence[str], series: Sequence[Series], title: str) -> bytes:
    """Grouped horizontal bars, one group of bars per category; a PNG."""
    height = 0.9 + len(categories) * (0.14 * len(series) + 0.12)
    figure = _figure(height)
    axis = figure.add_subplot()
    band = 0.8 / max(len(series), 1)
    for i, one in enumerate(series):
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        for j, score in enumerate(one.scores):
            y = j - 0.4 + band * (i + 0.5)
            if score is None:
                axis.text(1, y, "–", va="center", fontsize=7, color=MUTED, fontfamily=FONT)
                continue
            axis.barh(y, score, height=band * 0.9, color=colour)
            axis.text(score + 1, y, f"{score:.1f}", va="center", fontsize=7, color=INK)
    _style_axis(axis, categories)
    axis.set_title(title, fontsize=10, color=INK, loc="left", fontfamily=FONT)
    axis.legend(
        handles=[
            Patch(color=SERIES_COLOURS[i % len(SERIES_COLOURS)], label=s.label)
            for i, s in enumerate(series)
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncol=max(1, min(len(series), 4)),
        frameon=False,
        prop={"family": FONT, "size": 8},
    )
    return _png(figure)


def dumbbell_chart(
    categories: Sequence[str],
    before: Sequence[float | None],
    after: Sequence[float | None],
    labels: tuple[str, str],
    title: str,
) -> bytes:
    """Two scores per category joined by a line (earlier grey, later blue); a PNG."""
    figure = _figure(0.9 + len(categories) * 0.42)
    axis = figure.add_subplot()
    for j, (a, b) in enumerate(zip(before, after, strict=True)):
        if a is not None and b is not None:
            axis.plot([a, b], [j, j], color=GRID, linewidth=3, zorder=1)
        if a is not None:
            axis.scatter([a], [j], s=40, color=MUTED, zorder=2)
        if b is not None:
            axis.scatter([b], [j], s=40, color=SERIES_COLOURS[0], zorder=3)
        if a is None or b is None:
            axis.text(1, j, "–", va="center", fontsize=7, color=MUTED)
    _style_axis(axis, categories)
    axis.set_title(title, fontsize=10, color=INK, loc="left", fontfamily=FONT)
    handles = [
        axis.scatter([], [], s=40, color=MUTED, label=labels[0]),
        axis.scatter([], [], s=40, color=SERIES_COLOURS[0], label=labels[1]),
    ]
    axis.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncol=2,
        frameon=False,
        prop={"family": FONT, "size": 8},
    )
    return _png(figure)
