"""The register and the plan of action as a workbook (recommendations.md), into bytes.

Pure: the register's JSON list in, ``.xlsx`` bytes out. The sheets ``recommendations``
and ``actions`` hold the import's columns first, so the file imports back unchanged;
the columns after them (names of bodies and linked items in the chosen language, the
overdue mark, counts) are for reading and the import ignores them. Every cell is
written as a string: typed text never becomes a formula, a number or a date.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import xlsxwriter

from selfassess.exports.labels import words

WORKBOOK_OPTIONS: dict[str, Any] = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "default_format_properties": {"font_name": "Arial", "font_size": 10},
}


def build_register_workbook(
    register: Sequence[Mapping[str, Any]],
    *,
    languages: Sequence[str],
    lang: str,
    body_names: Mapping[str, str],
    item_names: Mapping[str, str],
) -> bytes:
    """``register`` is :func:`list_recommendations`'s list; ``languages`` the text
    columns to write; names of bodies and ``INSTRUMENT:ITEM`` links in ``lang``."""
    # Reading aids after the import's columns (the import ignores them).
    extra = words("register", lang)
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, WORKBOOK_OPTIONS)
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF4", "text_wrap": True})
    late = book.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE"})
    texts = [f"text::{code}" for code in languages]

    def names(keys: Sequence[str], known: Mapping[str, str]) -> str:
        return "; ".join(known.get(key, key) for key in keys)

    recommendations = [
        "ref", *texts, "source", "links", "responsible", "sdg", "status", "due",
        extra["overdue"], extra["bodies"], extra["items"],
    ]  # fmt: skip
    rows = [
        [
            item["ref"],
            *(item["text"].get(code, "") for code in languages),
            item["source"],
            " ".join(item["links"]),
            " ".join(item["responsible"]),
            " ".join(item["sdg"]),
            item["status"],
            item["due"] or "",
            extra["yes"] if item["overdue"] else "",
            names(item["responsible"], body_names),
            names(item["links"], item_names),
        ]
        for item in register
    ]
    flags = [bool(item["overdue"]) for item in register]
    _sheet(book, "recommendations", recommendations, rows, flags, bold, late)

    actions = [
        "recommendation", "action", *texts, "responsible", "start", "due", "status",
        extra["overdue"], extra["bodies"], extra["updates"],
    ]  # fmt: skip
    rows, flags = [], []
    for item in register:
        for action in item["actions"]:
            body = action["responsible"]
            rows.append(
                [
                    item["ref"],
                    action["ref"],
                    *(action["text"].get(code, "") for code in languages),
                    body or "",
                    action["start"] or "",
                    action["due"] or "",
                    action["status"],
                    extra["yes"] if action["overdue"] else "",
                    body_names.get(body, body) if body else "",
                    str(action["updates"]),
                ]
            )
            flags.append(bool(action["overdue"]))
    _sheet(book, "actions", actions, rows, flags, bold, late)
    book.close()
    return output.getvalue()


def _sheet(
    book: xlsxwriter.Workbook,
    name: str,
    header: list[str],
    rows: list[list[str]],
    overdue: list[bool],
    bold: Any,
    late: Any,
) -> None:
    sheet = book.add_worksheet(name)
    for column, title in enumerate(header):
        sheet.write_string(0, column, title, bold)
        width = max([len(title), *(len(row[column]) for row in rows)], default=8)
        sheet.set_column(column, column, min(max(width, 8), 60))
    for number, (row, flag) in enumerate(zip(rows, overdue, strict=True), start=1):
        for column, value in enumerate(row):
            sheet.write_string(number, column, value, late if flag else None)
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, max(len(rows), 1), len(header) - 1)
