"""The Summary sheet: round, instrument, responses by role, overall index by group, and the chart."""

from __future__ import annotations

import pandas as pd

from selfassess.exports.book import Book
from selfassess.exports.data import ROW_LEVEL
from selfassess.exports.layout import RowOrder


def write_summary(book: Book, data: pd.DataFrame) -> None:
    L, f = book.L, book.f
    ws = book.sheet("Summary", L["title"])
    ws.write_string(1, 0, book.t(book.d.title), f["subtitle"])
    round_text = book.r["round"] + (f" — {book.round_title}" if book.round_title else "")
    q = book.r.get("questionnaire", {})
    instrument = (
        f"{book.t(book.d.title)} ({q.get('key', book.d.key)} v{q.get('version', book.d.version)})"
    )
    responses = book.r.get("responses", {})
    info: list[tuple[str, str | int]] = [
        (L["round"], round_text),
        (L["instrument"], instrument),
        (L["generated"], book.date),
        (L["software"], f"selfassess {book.version}"),
        (L["k"], book.k),
        (L["submitted"], int(responses.get("submitted", len(data)))),
        (L["drafts"], int(responses.get("draft", 0))),
        (L["printing"], L["print_note"].format(columns=_data_columns(book))),
    ]
    row = 3
    for label, value in info:
        ws.write_string(row, 0, label, f["label"])
        if isinstance(value, int):
            ws.write_number(row, 1, value, f["count"])
        else:
            ws.merge_range(row, 1, row, 5, "", f["wrap"])
            book.wrapped(ws, row, 1, value, 74)
        row += 1

    row += 1
    ws.write_string(row, 0, L["by_role"], f["heading"])
    row += 1
    names = [L["role"], L["count"], L["invited"], L["rate"]]
    book.headers(ws, row, 0, names, [34, 30, 11, 11])
    roles = data["role"].value_counts() if "role" in data.columns else pd.Series(dtype="int64")
    rates = {p.role: p for p in book.participation}
    for role in book.d.roles:
        row += 1
        ws.write_string(row, 0, book.t(role.label), f["text"])
        ws.write_number(row, 1, int(roles.get(role.key, 0)), f["n"])
        known = rates.get(role.key)
        if known is None:
            ws.write_string(row, 2, "–", f["none"])
        else:
            ws.write_number(row, 2, known.invited, f["n"])
        if known is None or known.rate is None:
            ws.write_string(row, 3, "–", f["none"])
        else:
            ws.write_number(row, 3, known.rate, f["score"])
    for rate in book.profile_participation:
        # By profile value, where invitations carry it; suppressed like any cell.
        row += 1
        label = f"{book.field_label(rate.field)}: {book.value_label(rate.field, rate.value)}"
        ws.write_string(row, 0, label, f["text"])
        ws.write_number(row, 2, rate.invited, f["n"])
        if rate.submitted is None:
            ws.write_string(row, 1, book.marker, f["suppressed"])
            ws.write_string(row, 3, book.marker, f["suppressed"])
            continue
        ws.write_number(row, 1, rate.submitted, f["n"])
        if rate.rate is None:
            ws.write_string(row, 3, "–", f["none"])
        else:
            ws.write_number(row, 3, rate.rate, f["score"])

    row += 2
    ws.write_string(row, 0, L["overall_by_group"], f["heading"])
    row += 1
    header = row
    book.headers(ws, row, 0, [L["group"], L["group_key"]], [34, 30])
    names = [L["n"], L["score"], L["sd"], L["median"], L["ci"]]
    book.headers(ws, row, 2, names, [11] * 4 + [14], "header_num")
    overall = book.r.get("overall", {})
    for group in book.groups:
        row += 1
        cell = overall.get(group)
        book.wrapped(ws, row, 0, book.group_label(group), 34)
        ws.write_string(row, 1, group, f["text"])
        for col, field in enumerate(("n", "score", "sd", "median"), start=2):
            book.stat(ws, row, col, cell, field)
        book.interval(ws, row, 6, cell, ("overall", group))
    ws.autofilter(header, 0, row, 6)
    book.colour(ws, header + 1, row, [3])
    breaks = [row + 2]
    at_row = _chart(book, ws, row + 2, book.main_groups, book.L["chart_title"], 8)
    col0 = 9 + len(book.main_groups)
    for gap in book.r.get("gaps", []):
        sides = [f"{gap['field']}={gap[side]}" for side in ("a", "b")]
        if not set(sides) <= set(book.groups):
            continue
        title = book.L["chart_gap"].format(sides=" − ".join(map(book.group_label, sides)))
        breaks.append(at_row)
        at_row = _chart(book, ws, at_row, sides, title, col0)
        col0 += 3
    ws.set_h_pagebreaks(breaks)
    ws.flush()


def _data_columns(book: Book) -> int:
    """How many columns the Data sheet has (as :func:`data_columns` lays them out)."""
    fields = [pf for pf in book.d.profile if pf.type == "choice"]
    questions = [q for q in book.d.iter_questions() if q.type in ROW_LEVEL and q.surveyed]
    return 2 + len(fields) + len(questions)


def _chart(book: Book, ws: RowOrder, at_row: int, groups: list[str], title: str, col0: int) -> int:
    """A clustered bar chart of the top-level dimensions for ``groups``, at ``at_row``.

    Its data sit in hidden columns of the Summary sheet from ``col0``, with suppressed
    scores left empty: a chart would draw the ``n<k`` text as a zero-length bar.
    Returns the row below the chart.
    """
    tops = [d for d in book.r.get("dimensions", []) if d.get("parent") is None]
    if not tops or not groups:
        return at_row
    first = 2
    ws.write_string(0, col0, book.L["chart_data"], book.f["note"])
    for j, group in enumerate(groups, start=1):
        ws.write_string(first - 1, col0 + j, book.group_label(group), book.f["header"])
    for i, dim in enumerate(tops):
        ws.write_string(first + i, col0, book.dim_title(dim["key"]), book.f["text"])
        for j, group in enumerate(groups, start=1):
            cell = dim.get("results", {}).get(group)
            if cell and not cell.get("suppressed") and cell.get("score") is not None:
                ws.write_number(first + i, col0 + j, cell["score"], book.f["score"])
    last = first + len(tops) - 1
    ws.set_column(col0, col0 + len(groups), 12, None, {"hidden": True})

    chart = book.wb.add_chart({"type": "bar"})
    assert chart is not None
    palette = ["#1F4E79", "#C55A11", "#548235", "#7030A0", "#BF9000", "#2E75B6"]
    for j in range(1, len(groups) + 1):
        chart.add_series(
            {
                "name": [book.sheet_name("Summary"), first - 1, col0 + j],
                "categories": [book.sheet_name("Summary"), first, col0, last, col0],
                "values": [book.sheet_name("Summary"), first, col0 + j, last, col0 + j],
                "fill": {"color": palette[(j - 1) % len(palette)]},
                "gap": 80,
            }
        )
    chart.set_title({"name": title, "name_font": {"size": 12}})
    chart.set_x_axis({"min": 0, "max": 100, "major_unit": 20, "num_font": {"size": 9}})
    # File order top-down; "crossing" keeps the value axis at the bottom.
    chart.set_y_axis({"reverse": True, "crossing": "max", "num_font": {"size": 9}})
    chart.set_legend({"position": "bottom"})
    chart.show_hidden_data()
    chart.show_blanks_as("gap")
    height = max(320, 110 + len(tops) * (len(groups) * 16 + 18))
    chart.set_size({"width": 760, "height": height})
    ws.insert_chart(at_row, 0, chart, {"object_position": 3})
    # Rows are 20 px high by default: the next chart starts below this one.
    return at_row + -(-height // 20) + 1
