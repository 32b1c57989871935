"""A question's answers by group as table rows, from the published cells only.

Each cell is the results document's (scoring.md): a group whose cell the suppression
core hid (below k, or hidden as the complement of one) reads ``n<k`` with no count, no
share and no score, so no number here can be recomputed into a hidden one. Shared by the
question's page download and anything else that lays the distribution out as rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_babel import gettext as _

from selfassess.consult import tables
from selfassess.instrument.model import Definition, Question
from selfassess.services.invitations import spreadsheet_safe

#: Statistics of a number question, in the page's order.
NUMBER_STATS = ("mean", "median", "min", "max")

Cell = Mapping[str, Any] | None


def _num(value: Any, places: int = 2) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return f"{float(value):.{places}f}"


def distribution_rows(
    definition: Definition,
    labels: tables.Labels,
    question: Question,
    cells: Sequence[tuple[str, Cell]],
    k: int,
) -> list[list[str]]:
    """Header and one row per ``(group label, published cell)``; text cells formula-safe.

    Scale, choice, multi: n, the score (scale), then per answer code its count and, but
    for multi, its share of those asked in percent. Number: n and its statistics. Text: n.
    """
    header = [_("Group"), "n"]
    codes: list[str] = []
    if question.type in ("scale", "choice", "multi"):
        codes = tables.code_order(definition, question)
        header += [_("Score")] if question.type == "scale" else []
        for code in codes:
            name = labels.code(question, code)
            header.append(f"{name}: {_('Count')}")
            if question.type != "multi":
                header.append(f"{name}: %")
    elif question.type == "number":
        header += [_("Mean"), _("Median"), _("Lowest"), _("Highest")]
    rows = [[spreadsheet_safe(h) for h in header]]
    width = len(header)
    for label, cell in cells:
        row = [spreadsheet_safe(label)]
        if cell is None:
            row.append("0")
        elif cell.get("suppressed"):
            row.append(f"n<{k}")
        else:
            row.append(_num(cell.get("n", 0)))
            if question.type == "scale":
                row.append(_num(cell.get("score")))
            if codes and "counts" in cell:
                for _code, count, share, _colour in tables.distribution(
                    definition, question, cell["counts"]
                ):
                    row.append(str(count))
                    if question.type != "multi":
                        row.append(f"{100 * share:.1f}")
            elif question.type == "number":
                row += [_num(cell.get(name)) for name in NUMBER_STATS]
        rows.append(row + [""] * (width - len(row)))
    return rows
