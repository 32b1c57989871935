"""The panel's agreed grades in spreadsheets (consensus.md); pure, no Flask, no database.

- :func:`build_worksheet`: the session worksheet of ``selfassess consensus export``, for
  sessions held without network; its first sheet imports back unchanged.
- :func:`write_consensus_sheet`: the ``Consensus`` sheet of the consultant's workbook,
  the agreed grade and evidence beside the questionnaire's distribution.

Typed texts are always string cells: the workbooks never turn strings into formulas.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from selfassess.exports.labels import words
from selfassess.exports.layout import LINE_HEIGHT, line_count
from selfassess.instrument.answers import format_point
from selfassess.instrument.model import Definition, Question, text
from selfassess.scoring.consensus import grade_values, panel_questions

OPTIONS: dict[str, Any] = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "default_format_properties": {"font_name": "Arial", "font_size": 10},
}

#: The session worksheet's columns, before one reference score column per group.
WORKSHEET_COLUMNS = ("question", "dimension", "text", "scale", "grade", "evidence", "notes")


def _write_text(sheet: Worksheet, row: int, col: int, value: str, fmt: Any = None) -> None:
    """A typed text as a string cell, never a formula; an empty one as a blank cell."""
    if value:
        sheet.write_string(row, col, value, fmt)
    else:
        sheet.write_blank(row, col, None, fmt)


def _labels(lang: str) -> dict[str, str]:
    """The sheets' own words (``labels.IN_CONTEXT``); the worksheet's column names are
    keys, never translated."""
    return words("consensus", lang)


def scale_summary(definition: Definition, question: Question, lang: str) -> str:
    """``0 Non-existent, 1 ...; dk Don't know``: what a grade may be, for the reader."""
    scale = definition.scale_of(question)
    first = definition.languages[0]
    points = ", ".join(
        f"{format_point(p.value)} {text(p.label, lang, first)}" for p in scale.points
    )
    codes = ", ".join(f"{m.code} {text(m.label, lang, first)}" for m in scale.missing)
    return f"{points}; {codes}" if codes else points


def _score_cells(
    published: Mapping[str, Any], groups: Sequence[str]
) -> dict[str, list[str | float]]:
    """Question key -> the questionnaire score per group ('' when suppressed or none)."""
    cells: dict[str, list[str | float]] = {}
    for item in published.get("questions", []):
        row: list[str | float] = []
        for group in groups:
            cell = item["results"].get(group) or {}
            score = None if cell.get("suppressed") else cell.get("score")
            row.append("" if score is None else float(score))
        cells[item["key"]] = row
    return cells


def reference_groups(definition: Definition) -> list[str]:
    """``all`` and each role: the worksheet's reference columns (blank without data)."""
    return ["all", *(f"role={r}" for r in definition.role_keys)]


def build_worksheet(
    definition: Definition,
    grades: Mapping[str, Mapping[str, Any]],
    published: Mapping[str, Any],
    lang: str = "en",
) -> bytes:
    """The session worksheet: one row per panel question in file order.

    ``grades``: question key -> ``{"grade", "evidence", "notes"}`` (current versions,
    removed grades included so their texts survive the round trip); ``published``: the
    results JSON (scoring.md), whose suppressed cells stay blank here.
    """
    L = _labels(lang)
    out = io.BytesIO()
    groups = reference_groups(definition)
    scores = _score_cells(published, groups)
    with xlsxwriter.Workbook(out, OPTIONS) as book:
        bold = book.add_format({"bold": True, "bg_color": "#E7EEF7", "text_wrap": True})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        top = book.add_format({"valign": "top"})
        entry = book.add_format({"text_wrap": True, "valign": "top", "bg_color": "#FFF8DC"})
        number = book.add_format({"num_format": "0.0", "valign": "top"})
        sheet = book.add_worksheet(L["sheet"])
        # Column names are keys, the same in every language (the import reads them, and
        # the reference scores are named by their group as in the results JSON).
        header = [*WORKSHEET_COLUMNS, *groups]
        widths = [22, 24, 50, 40, 8, 50, 40, *([14] * len(groups))]
        for col, (name, width) in enumerate(zip(header, widths, strict=True)):
            sheet.write_string(0, col, name, bold)
            sheet.set_column(col, col, width)
        sheet.freeze_panes(1, 1)
        first = definition.languages[0]
        for row, question in enumerate(panel_questions(definition), start=1):
            current = grades.get(question.key) or {}
            dimension = definition.dimension(question.dimension)
            values = [
                (question.key, top),
                (text(dimension.title, lang, first), wrap),
                (text(question.text, lang, first), wrap),
                (scale_summary(definition, question, lang), wrap),
                (current.get("grade") or "", entry),
                (current.get("evidence") or "", entry),
                (current.get("notes") or "", entry),
            ]
            for col, (value, fmt) in enumerate(values):
                _write_text(sheet, row, col, value, fmt)
            for offset, score in enumerate(scores.get(question.key, [""] * len(groups))):
                col = len(values) + offset
                if isinstance(score, float):
                    sheet.write_number(row, col, score, number)
                else:
                    sheet.write_blank(row, col, None, top)
            sheet.data_validation(
                row,
                4,
                row,
                4,
                {
                    "validate": "list",
                    "source": list(grade_values(definition, question)),
                    "ignore_blank": True,
                },
            )
        help_sheet = book.add_worksheet(L["help"])
        help_sheet.set_column(0, 0, 100)
        help_sheet.write_string(0, 0, L["title"], bold)
        help_sheet.write_string(1, 0, L["instructions"], wrap)
    return out.getvalue()


def _height(texts: Iterable[tuple[str, float]], bold: bool = False) -> float:
    """The height of a row whose ``(text, column width)`` cells wrap."""
    lines = max((line_count(value, width, bold) for value, width in texts), default=1)
    return LINE_HEIGHT * lines + 3


def _code_names(
    definition: Definition, question: Question, lang: str, blank: str
) -> dict[str, str]:
    """Missing codes by their labels in ``lang`` and ``blank`` in words; points stay numbers."""
    names = {"blank": blank}
    if question.scale is not None:
        first = definition.languages[0]
        names |= {m.code: text(m.label, lang, first) for m in definition.scale_of(question).missing}
    return names


def write_consensus_sheet(
    book: Workbook,
    definition: Definition,
    published: Mapping[str, Any],
    grades: Mapping[str, Mapping[str, Any]],
    lang: str = "en",
) -> Worksheet | None:
    """Add the ``Consensus`` sheet: per panel question, the agreed grade, its score and
    evidence, then the questionnaire's score, n and distribution (all respondents);
    suppressed cells read ``n<k``. Rows are written top to bottom (constant_memory).
    Only once the panel has graded something: before, there is nothing to set side by side."""
    block = published.get("consensus")
    if not block or not block["graded"]:
        return None  # no panel, or it has not graded yet: the workbook stays as it was
    L = _labels(lang)
    k = int(published.get("min_group_size", 5))
    bold = book.add_format({"bold": True, "bg_color": "#E7EEF7", "text_wrap": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    grey = book.add_format({"font_color": "#808080", "valign": "top"})
    count = book.add_format({"num_format": "0", "valign": "top"})
    number = book.add_format({"num_format": "0.0", "valign": "top"})
    sheet = book.add_worksheet(L["results_sheet"])
    first = definition.languages[0]
    questions = {item["key"]: item for item in published.get("questions", [])}
    header = [
        L["question"],
        L["text"],
        L["agreed"],
        L["agreed_score"],
        L["evidence"],
        L["notes"],
        L["score"],
        L["n"],
        L["distribution"],
    ]
    widths = [20, 40, 10, 10, 36, 26, 10, 6, 30]
    for col, (name, width) in enumerate(zip(header, widths, strict=True)):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, name, bold)
    sheet.set_row(0, _height(zip(header, widths, strict=True), bold=True))
    for row, question in enumerate(panel_questions(definition), start=1):
        agreed = block["questions"].get(question.key, {})
        current = grades.get(question.key) or {}
        cell = (questions.get(question.key) or {}).get("results", {}).get("all")
        shown = ""
        if cell and not cell.get("suppressed"):
            names = _code_names(definition, question, lang, L["blank"])
            counts = cell.get("counts", {})
            shown = ", ".join(f"{names.get(code, code)}: {n}" for code, n in counts.items())
        question_text = text(question.text, lang, first)
        evidence, notes = current.get("evidence") or "", current.get("notes") or ""
        # Written row by row (constant_memory): a spreadsheet does not grow the rows of
        # wrapped texts by itself, so each row gets the height of its longest text.
        texts = [(question_text, 40), (evidence, 36), (notes, 26), (shown, 30)]
        sheet.set_row(row, _height(texts))
        sheet.write_string(row, 0, question.key, wrap)
        sheet.write_string(row, 1, question_text, wrap)
        _write_text(sheet, row, 2, agreed.get("grade") or "", wrap)
        if agreed.get("score") is not None:
            sheet.write_number(row, 3, float(agreed["score"]), number)
        _write_text(sheet, row, 4, evidence, wrap)
        _write_text(sheet, row, 5, notes, wrap)
        if not cell:
            continue
        if cell.get("suppressed"):
            sheet.write_string(row, 6, L["suppressed"].format(k=k), grey)
            continue
        if cell.get("score") is not None:
            sheet.write_number(row, 6, float(cell["score"]), number)
        sheet.write_number(row, 7, int(cell.get("n", 0)), count)
        sheet.write_string(row, 8, shown, wrap)
    return sheet
