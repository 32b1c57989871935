"""The Questions sheet: one row per scale question, n and score by role, the distribution."""

from __future__ import annotations

from collections.abc import Sequence

from selfassess.exports.book import Book, Cell
from selfassess.exports.data_labels import labelled
from selfassess.exports.layout import key_width
from selfassess.instrument.answers import format_point
from selfassess.instrument.model import Question


def write_questions(book: Book) -> None:
    L, f = book.L, book.f
    ws = book.sheet(
        "Questions",
        f"{L['questions_title']} — {book.t(book.d.title)}",
        L["scores_note"].format(k=book.k),
    )
    items = list(book.r.get("questions", []))
    answers = _answer_columns(book, items)
    head = 3
    fixed = [L["key"], L["dimension"], L["question"], L["scale"]]
    for i in range(len(fixed)):
        ws.write_blank(head, i, f["group_header"])
    widths = [
        key_width(item["key"] for item in items),
        key_width(item.get("dimension") or "" for item in items),
        56,
        key_width(q.scale or "" for q in book.d.iter_questions()),
    ]
    book.headers(ws, head + 1, 0, fixed, widths)
    col0 = len(fixed)
    book.group_headers(ws, head, col0, book.main_groups, [("n", 6), ("score", 8)])
    dist0 = col0 + 2 * len(book.main_groups)
    if answers:
        last = dist0 + len(answers) - 1
        if last > dist0:
            ws.merge_range(head, dist0, head, last, "", f["group_header"])
        book.wrapped(ws, head, dist0, L["distribution"], 7 * len(answers), f["group_header"])
        names = [_answer_name(book, a) for a in answers]
        book.headers(ws, head + 1, dist0, names, [7] * len(answers), "header_num")

    row = head + 1
    for item in items:
        row += 1
        question = book.question(item["key"])
        cells = item.get("results", {})
        ws.write_string(row, 0, item["key"], f["text"])
        ws.write_string(row, 1, item.get("dimension") or "", f["text"])
        book.wrapped(ws, row, 2, book.t(question.text) if question else "", 56)
        ws.write_string(row, 3, (question.scale or "") if question else "", f["text"])
        for i, group in enumerate(book.main_groups):
            book.stat(ws, row, col0 + 2 * i, cells.get(group), "n")
            book.stat(ws, row, col0 + 2 * i + 1, cells.get(group), "score")
        mine = _answers_of(book, question)
        all_cell = cells.get("all") or {}
        counts = all_cell.get("counts") or {}
        for j, answer in enumerate(answers):
            if mine is not None and answer not in mine and answer not in counts:
                continue
            if all_cell.get("suppressed"):
                ws.write_string(row, dist0 + j, book.marker, f["suppressed"])
            else:
                ws.write_number(row, dist0 + j, int(counts.get(answer, 0)), f["n"])
    ws.autofilter(head + 1, 0, row, dist0 + len(answers) - 1)
    ws.freeze_panes(head + 2, 1)
    ws.repeat_rows(head, head + 1)
    book.colour(ws, head + 2, row, [col0 + 2 * i + 1 for i in range(len(book.main_groups))])
    ws.flush()


def _answer_name(book: Book, answer: str) -> str:
    """A distribution column's header: a point value, or a missing code by its label in a
    workbook that shows labels (data_labels), or ``blank`` in words."""
    if answer == "blank":
        return book.L["blank"]
    if labelled(book.lang):
        for scale in book.d.scales:
            label = next((book.t(m.label) for m in scale.missing if m.code == answer), None)
            if label:
                return label
    return answer


def _answers_of(book: Book, question: Question | None) -> set[str] | None:
    """The distribution keys of a scale question; None when unknown."""
    if question is None or question.scale is None:
        return None
    try:
        scale = book.d.scale(question.scale)
    except KeyError:
        return None
    return {format_point(p.value) for p in scale.points} | set(scale.missing_codes) | {"blank"}


def _answer_columns(book: Book, items: Sequence[Cell]) -> list[str]:
    """Distribution columns: point values ascending, missing codes, then ``blank``."""
    values: dict[str, float] = {}
    codes: dict[str, None] = {}
    for item in items:
        question = book.question(item["key"])
        if question is not None and question.scale is not None:
            try:
                scale = book.d.scale(question.scale)
            except KeyError:
                scale = None
            if scale is not None:
                values.update({format_point(p.value): float(p.value) for p in scale.points})
                codes.update(dict.fromkeys(scale.missing_codes))
        for key in (item.get("results", {}).get("all") or {}).get("counts") or {}:
            try:
                values.setdefault(key, float(key))
            except ValueError:
                if key != "blank":
                    codes.setdefault(key)
    if not items:
        return []
    return [*sorted(values, key=values.__getitem__), *codes, "blank"]
