"""The workbook's ``Comparison`` sheet: a round against an earlier one (compare.md).

Written from the comparison document as it is (never recomputed), like the other
sheets from the results document. One row for the overall index, then one per dimension
(depth-first); per group, both scores, the change and its 95% interval. A side that is
not published reads as a grey dash, and so does any change it would reveal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from selfassess.exports.labels import words

if TYPE_CHECKING:
    from selfassess.exports.book import Book
    from selfassess.exports.layout import RowOrder

SHEET = "Comparison"


#: The width of the first column, the dimensions' titles.
TITLE_WIDTH = 36.0


def write_comparison(book: Book, comparison: Mapping[str, Any]) -> None:
    """Add the ``Comparison`` sheet to ``book`` (the workbook under construction)."""
    L = words("comparison", book.lang)
    note = L["note"].format(
        a=comparison["a"],
        b=comparison["b"],
        va=comparison["versions"][0],
        vb=comparison["versions"][1],
    )
    ws = book.sheet(SHEET, L["title"], note)
    groups = [g for g in book.main_groups if g in comparison["groups"]]
    fixed = [
        (L["dimension"], TITLE_WIDTH),
        (L["key"], 22.0),
        (L["comparable"], 12.0),
        (L["questions"], 11.0),
    ]
    per_group = [comparison["a"], comparison["b"], L["change"], L["low"], L["high"]]
    row = 3
    for col, (name, width) in enumerate(fixed):
        ws.set_column(col, col, width)
        book.wrapped(ws, row + 1, col, name, width, book.f["header"])
    for i, group in enumerate(groups):
        first = len(fixed) + i * len(per_group)
        ws.merge_range(row, first, row, first + len(per_group) - 1, "", book.f["group_header"])
        book.wrapped(ws, row, first, book.group_label(group), 40, book.f["group_header"])
        for j, name in enumerate(per_group):
            ws.set_column(first + j, first + j, 10)
            book.wrapped(ws, row + 1, first + j, name, 10, book.f["header_num"])
    row += 2
    ws.freeze_panes(row, 2)
    _line(book, ws, row, L["overall"], "overall", None, comparison["overall"], groups, L)
    depth = {d.key: _depth(book, d.key) for d in book.d.iter_dimensions()}
    titles = {d.key: book.t(d.title) for d in book.d.iter_dimensions()}
    for offset, entry in enumerate(comparison["dimensions"], start=1):
        key = entry["key"]
        level = depth.get(key, 0)
        # Wrapped, its row as tall as the lines (an indent level takes about 2 letters).
        title = titles.get(key, key)
        ws.wrapped(row + offset, 0, title, TITLE_WIDTH - 2 * level, book.indent(level))
        _line(book, ws, row + offset, None, key, entry, entry["results"], groups, L)
    ws.flush()


def _depth(book: Book, key: str) -> int:
    depth, dim = 0, book.d.dimension(key)
    while dim.parent is not None:
        depth, dim = depth + 1, book.d.dimension(dim.parent)
    return depth


def _line(
    book: Book,
    ws: RowOrder,
    row: int,
    title: str | None,
    key: str,
    entry: Mapping[str, Any] | None,
    results: Mapping[str, Any],
    groups: list[str],
    L: Mapping[str, str],
) -> None:
    if title is not None:
        ws.wrapped(row, 0, title, TITLE_WIDTH, book.indent(0))
    ws.write_string(row, 1, key, book.f["text"])
    if entry is not None:
        ws.write_string(row, 2, L["yes"] if entry["comparable"] else L["no"], book.f["text"])
        ws.write_number(row, 3, entry["questions"], book.f["n"])
    for i, group in enumerate(groups):
        cell = results.get(group, {})
        first = 4 + i * 5
        interval = cell.get("ci95") or [None, None]
        values = [
            _score(cell.get("a")),
            _score(cell.get("b")),
            cell.get("change"),
            interval[0],
            interval[1],
        ]
        for j, value in enumerate(values):
            if value is None:
                ws.write_string(row, first + j, "–", book.f["none"])
            else:
                ws.write_number(row, first + j, value, book.f["gap" if j >= 2 else "score"])


def _score(side: Mapping[str, Any] | None) -> float | None:
    if not side or side.get("suppressed"):
        return None
    score = side.get("score")
    return None if score is None else float(score)
