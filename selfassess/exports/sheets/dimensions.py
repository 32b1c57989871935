"""The Dimensions sheet: one row per dimension, score, n and 95% interval per group, then each declared gap."""

from __future__ import annotations

from selfassess.exports.book import Book
from selfassess.exports.layout import key_width

#: Up to this many groups the Dimensions sheet prints fitted to the page width.
PRINT_FIT_GROUPS = 8
#: Printed across pages, the column width (in characters, beside the two repeated key
#: columns) that one A4 landscape page holds at PRINT_SCALE (measured in LibreOffice).
PAGE_WIDTH = 96
PRINT_SCALE = 80
#: The dimension titles' column, repeated on every printed page.
TITLE_WIDTH = 36


def write_dimensions(book: Book) -> None:
    L, f = book.L, book.f
    # Printed, many groups would shrink to nothing: print across pages instead.
    fit = len(book.groups) <= PRINT_FIT_GROUPS
    key_col = key_width(dim["key"] for dim in book.r.get("dimensions", []))
    ws = book.sheet(
        "Dimensions",
        f"{L['dimensions_title']} — {book.t(book.d.title)}",
        L["scores_note"].format(k=book.k),
        fit=fit,
        within=None if fit else (1, key_col + TITLE_WIDTH),
    )
    if not fit:
        ws.repeat_columns(0, 1)
    head = 3
    ws.write_blank(head, 0, f["group_header"])
    ws.write_blank(head, 1, f["group_header"])
    book.headers(ws, head + 1, 0, [L["key"], L["dimension"]], [key_col, TITLE_WIDTH])
    # Score and n per group (scoring.md), then each declared gap, then the intervals.
    sub = [("score", 8), ("n", 6)]
    book.group_headers(ws, head, 2, book.groups, sub)
    gap_col = 2 + len(sub) * len(book.groups)
    gaps = list(book.r.get("gaps", []))
    for i, gap in enumerate(gaps):
        sides = [book.group_label(f"{gap['field']}={gap[side]}") for side in ("a", "b")]
        book.wrapped(ws, head, gap_col + i, " − ".join(sides), 16, f["group_header"])
        book.headers(ws, head + 1, gap_col + i, [L["gap"]], [16], "header_num")
    ci_col = gap_col + len(gaps)
    book.group_headers(ws, head, ci_col, book.groups, [("ci", 13)])

    depth: dict[str, int] = {}
    row = head + 1
    for dim in book.r.get("dimensions", []):
        row += 1
        parent = dim.get("parent")
        level = depth[dim["key"]] = depth.get(parent, -1) + 1 if parent else 0
        cells = dim.get("results", {})
        ws.write_string(row, 0, dim["key"], f["text"])
        title = book.dim_title(dim["key"])
        book.wrapped(ws, row, 1, title, TITLE_WIDTH - 2 * level, book.indent(level))
        for i, group in enumerate(book.groups):
            col = 2 + len(sub) * i
            book.stat(ws, row, col, cells.get(group), "score")
            book.stat(ws, row, col + 1, cells.get(group), "n")
            book.interval(ws, row, ci_col + i, cells.get(group), (dim["key"], group))
        for i, gap in enumerate(gaps):
            book.gap(ws, row, gap_col + i, gap.get("dimensions", {}).get(dim["key"]))
    if not fit:
        # A page break before each comparison (all and roles; each field; role × field)
        # and wherever a page is full, never inside a group: its header stays whole.
        blocks = _blocks(book, 2, [w for _, w in sub])
        blocks.append([(gap_col + i, 16.0) for i in range(len(gaps))])
        blocks += _blocks(book, ci_col, [13])
        ws.set_v_pagebreaks(_breaks(blocks))
        ws.set_print_scale(PRINT_SCALE)
    ws.autofilter(head + 1, 0, row, ci_col + len(book.groups) - 1)
    ws.freeze_panes(head + 2, 2)
    ws.repeat_rows(head, head + 1)
    book.colour(ws, head + 2, row, [2 + len(sub) * i for i in range(len(book.groups))])
    ws.flush()


Block = list[tuple[int, float]]


def _blocks(book: Book, first: int, widths: list[float]) -> list[Block]:
    """The groups laid out from ``first`` (``widths`` per group) as one block per
    comparison (all and the roles; each field; role × each field): each block a list of
    (first column, width) per group."""
    blocks: list[Block] = []
    before = None
    for i, group in enumerate(book.groups):
        # "all" opens the block of the roles.
        comparison = tuple(f for f, _ in book.parts.get(group, ())) if group != "all" else ("role",)
        if comparison != before:
            blocks.append([])
        blocks[-1].append((first + i * len(widths), sum(widths)))
        before = comparison
    return blocks


def _breaks(blocks: list[Block]) -> list[int]:
    """The columns to break the page before: a comparison starts a new page unless it
    fits in what is left of the current one; one wider than a page breaks where the page
    is full, between groups, never inside one (its header stays whole)."""
    breaks, used = [], 0.0
    for block in blocks:
        if not block:
            continue
        total = sum(width for _, width in block)
        if used and used + total > PAGE_WIDTH:
            breaks.append(block[0][0])
            used = 0.0
        for col, width in block:
            if used and used + width > PAGE_WIDTH:
                breaks.append(col)
                used = 0.0
            used += width
    return breaks
