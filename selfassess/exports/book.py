"""The workbook under construction: formats, words and the helpers every sheet uses.

Each sheet is written by its own module in :mod:`selfassess.exports.sheets`, from the
results dict of scoring.md; nothing here computes a number.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_range

from selfassess.exports.labels import strings
from selfassess.exports.layout import LINE_HEIGHT, RowOrder, line_count
from selfassess.instrument.model import Definition, Question, Text, text
from selfassess.scoring.groups import all_group_parts
from selfassess.scoring.participation import Participation, ProfileRate

WORKBOOK_OPTIONS: dict[str, Any] = {
    # Measured (benchmarks/bench_export.py): the fastest mode for the Data sheet, and
    # flat memory; each sheet is written in row order (see layout.RowOrder). It keeps
    # rows in temporary files until close, so it cannot be combined with in_memory.
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    # Arial renders Cyrillic everywhere and LibreOffice has a metric twin of it.
    "default_format_properties": {"font_name": "Arial", "font_size": 10},
}

#: Excel's own 3-colour scale, on fixed bounds so colours compare across sheets.
COLOUR_SCALE: dict[str, Any] = {
    "type": "3_color_scale",
    "min_type": "num",
    "min_value": 0,
    "min_color": "#F8696B",
    "mid_type": "num",
    "mid_value": 50,
    "mid_color": "#FFEB84",
    "max_type": "num",
    "max_value": 100,
    "max_color": "#63BE7B",
}

HEADER: dict[str, Any] = {
    "bold": True,
    "bg_color": "#DDEBF7",
    "bottom": 1,
    "text_wrap": True,
    "valign": "top",
}

#: How much wider a title's letters are than the 10-point text column widths count.
TITLE_SIZE = 1.4

STYLES: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 14},
    "title_wrap": {"bold": True, "font_size": 14, "text_wrap": True, "valign": "top"},
    "subtitle": {"font_size": 11, "font_color": "#404040"},
    "note": {"italic": True, "font_color": "#595959"},
    "note_wrap": {"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"},
    "label": {"bold": True, "valign": "top"},
    "heading": {"bold": True, "font_size": 11, "font_color": "#1F4E79"},
    "header": HEADER,
    "header_num": {**HEADER, "align": "center"},
    "group_header": {
        "bold": True,
        "bg_color": "#BDD7EE",
        "text_wrap": True,
        "align": "center",
        "valign": "vcenter",
        "border": 1,
    },
    "text": {"valign": "top"},
    "block": {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#F2F2F2", "top": 1},
    "wrap": {"text_wrap": True, "valign": "top"},
    "score": {"num_format": "0.00", "valign": "top"},
    "n": {"num_format": "0", "valign": "top"},
    "count": {"num_format": "0", "align": "left", "valign": "top"},
    "gap": {"num_format": "+0.00;-0.00;0.00", "valign": "top"},
    "suppressed": {
        "italic": True,
        "font_color": "#7F7F7F",
        "bg_color": "#EDEDED",
        "align": "right",
        "valign": "top",
    },
    "none": {"font_color": "#7F7F7F", "align": "right", "valign": "top"},
}

Cell = Mapping[str, Any]


class Book:
    """One workbook under construction: formats, labels and the shared helpers."""

    def __init__(
        self,
        definition: Definition,
        results: Mapping[str, Any],
        lang: str,
        generated_at: datetime,
        software_version: str,
        round_title: str | None,
    ) -> None:
        self.d = definition
        #: Group name -> its (field, code) parts, so labels never parse names apart.
        self.parts = all_group_parts(definition)
        self.r = results
        self.lang = lang
        self.L = strings(lang)
        self.k = int(results["min_group_size"])
        self.marker = f"n<{self.k}"
        #: Set by :func:`build_workbook`.
        self.intervals: dict[tuple[str, str], tuple[float, float]] = {}
        self.protected: set[str] = set()
        self.participation: tuple[Participation, ...] = ()
        self.profile_participation: tuple[ProfileRate, ...] = ()
        self.groups: list[str] = list(results["groups"])
        roles = [f"role={key}" for key in definition.role_keys]
        #: ``all`` and each role: the groups of the chart and of the Questions sheet.
        self.main_groups = [g for g in ["all", *roles] if g in self.groups]
        self.version = software_version
        self.round_title = round_title
        if generated_at.tzinfo is not None:
            generated_at = generated_at.astimezone(UTC)
        self.date = generated_at.strftime("%Y-%m-%d %H:%M") + (
            " UTC" if generated_at.tzinfo is not None else ""
        )
        self.out = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.out, WORKBOOK_OPTIONS)
        self.f: dict[str, Format] = {name: self.wb.add_format(p) for name, p in STYLES.items()}
        self._indent: dict[int, Format] = {}
        self.wb.set_properties(
            {
                "title": f"{self.L['title']}: {results['round']}",
                "subject": self.t(definition.title),
                "author": "selfassess",
                "comments": f"selfassess {software_version}",
                "created": generated_at.replace(tzinfo=None),
            }
        )

    # -- helpers ----------------------------------------------------------------------

    def t(self, value: Text | None) -> str:
        """An instrument text in the workbook's language."""
        return text(value, self.lang, fallback=self.d.languages[0])

    def sheet_name(self, name: str) -> str:
        """The name of sheet ``name`` (its English name) in the workbook's language; the
        English names of scoring.md in English."""
        if self.lang == "en":
            return name
        local = self.L.get(f"sheet.{name}", name)
        return re.sub(r"[\[\]:*?/\\]", " ", local).strip()[:31] or name

    def sheet(
        self,
        name: str,
        title: str,
        note: str | None = None,
        fit: bool = True,
        within: tuple[int, float] | None = None,
    ) -> RowOrder:
        """A new sheet with a title row (and a note row), A4 landscape, fit to width;
        ``name`` is the English name, the sheet gets :meth:`sheet_name`. ``within``: the
        last column and the width (in characters) of the columns repeated on every printed
        page, which the title and the note wrap inside: past them, every page but the
        first would cut them at their edge."""
        ws = RowOrder(self.wb.add_worksheet(self.sheet_name(name)))
        if within is None:
            ws.write_string(0, 0, title, self.f["title"])
            ws.set_row(0, 22)
            if note:
                ws.write_string(1, 0, note, self.f["note"])
        else:
            last, width = within
            ws.merge_range(0, 0, 0, last, title, self.f["title_wrap"])
            # A 14-point title is about 1.4 times as wide as the 10-point text widths count.
            ws.set_row(0, 22 * line_count(title, width / TITLE_SIZE, bold=True))
            if note:
                ws.merge_range(1, 0, 1, last, note, self.f["note_wrap"])
                ws.set_row(1, LINE_HEIGHT * line_count(note, width) + 3)
        self.print_setup(ws)
        if fit:
            ws.fit_to_pages(1, 0)
        return ws

    def print_setup(self, ws: RowOrder | Any) -> None:
        """A4 landscape, a footer with the round, the sheet and the page number."""
        ws.set_landscape()
        ws.set_paper(9)
        # "&" starts a header/footer code in Excel: a round name keeps its own as "&&".
        round_name = str(self.r.get("round", "")).replace("&", "&&")
        page = self.L["page"].replace("&", "&&")
        ws.set_footer(f"&L{round_name} · &A&R{page} &P / &N", {"scale_with_doc": False})

    def wrapped(
        self, ws: RowOrder, row: int, col: int, value: str, width: float, fmt: Format | None = None
    ) -> None:
        ws.wrapped(row, col, value, width, fmt or self.f["wrap"])

    def indent(self, depth: int) -> Format:
        if depth not in self._indent:
            props: dict[str, Any] = {"indent": depth, "valign": "top", "text_wrap": True}
            if depth == 0:
                props["bold"] = True
            self._indent[depth] = self.wb.add_format(props)
        return self._indent[depth]

    def group_label(self, group: str) -> str:
        """``role=mp,sex=female`` as ``Member of Parliament · Female``."""
        if group == "all":
            return self.L["all"]
        parts = self.parts.get(group)
        if parts is None:
            return group
        return " · ".join(self.value_label(field, code) for field, code in parts)

    def field_label(self, field: str) -> str:
        """A profile field's label in the workbook's language."""
        try:
            return self.t(self.d.profile_field(field).label)
        except KeyError:
            return field

    def value_label(self, field: str, code: str) -> str:
        """A role's or a profile option's label in the workbook's language."""
        try:
            if field == "role":
                return self.t(self.d.role(code).label)
            option = self.d.profile_field(field).option(code)
        except KeyError:
            return code
        return self.t(option.label) if option else code

    def stat(self, ws: RowOrder, row: int, col: int, cell: Cell | None, field: str) -> None:
        """One published number of a results cell, ``n<k`` when suppressed."""
        if cell is None:
            ws.write_string(row, col, "–", self.f["none"])
        elif cell.get("suppressed"):
            ws.write_string(row, col, self.marker, self.f["suppressed"])
        elif cell.get(field) is None:
            ws.write_string(row, col, "–", self.f["none"])
        else:
            ws.write_number(row, col, cell[field], self.f["n" if field == "n" else "score"])

    def colour(self, ws: RowOrder, first: int, last: int, cols: Sequence[int]) -> None:
        """The 3-colour scale on score columns ``cols`` between rows ``first``..``last``."""
        if last < first or not cols:
            return
        ranges = [xl_range(first, c, last, c) for c in cols]
        ws.conditional_format(ranges[0], {**COLOUR_SCALE, "multi_range": " ".join(ranges)})

    def group_headers(
        self,
        ws: RowOrder,
        row: int,
        col: int,
        groups: Sequence[str],
        sub: Sequence[tuple[str, float]],
    ) -> None:
        """A merged group label over one sub-header per statistic (name, column width)."""
        span = sum(width for _, width in sub)
        for i, group in enumerate(groups):
            first = col + i * len(sub)
            if len(sub) > 1:
                ws.merge_range(row, first, row, first + len(sub) - 1, "", self.f["group_header"])
            self.wrapped(ws, row, first, self.group_label(group), span, self.f["group_header"])
            for j, (name, width) in enumerate(sub):
                ws.set_column(first + j, first + j, width)
                ws.write_string(row + 1, first + j, self.L[name], self.f["header_num"])

    def headers(
        self,
        ws: RowOrder,
        row: int,
        col: int,
        names: Sequence[str],
        widths: Sequence[float],
        style: str = "header",
    ) -> None:
        """A header row; sets the column widths and grows the row to fit."""
        for i, (name, width) in enumerate(zip(names, widths, strict=True)):
            ws.set_column(col + i, col + i, width)
            self.wrapped(ws, row, col + i, name, width, self.f[style])

    def dim_title(self, key: str) -> str:
        try:
            return self.t(self.d.dimension(key).title)
        except KeyError:
            return key

    def gap(self, ws: RowOrder, row: int, col: int, value: float | None) -> None:
        """A published gap of the results; ``–`` when null (a side hidden or no score)."""
        if value is None:
            ws.write_string(row, col, "–", self.f["none"])
        else:
            ws.write_number(row, col, value, self.f["gap"])

    def interval(
        self, ws: RowOrder, row: int, col: int, cell: Cell | None, at: tuple[str, str]
    ) -> None:
        """The published 95% interval as ``low–high``; nothing of a suppressed cell."""
        bounds = self.intervals.get(at)
        if cell is not None and cell.get("suppressed"):
            ws.write_string(row, col, self.marker, self.f["suppressed"])
        elif bounds is None:
            ws.write_string(row, col, "–", self.f["none"])
        else:
            ws.write_string(row, col, f"{bounds[0]:.2f}–{bounds[1]:.2f}", self.f["none"])

    def question(self, key: str) -> Question | None:
        try:
            return self.d.question(key)
        except KeyError:
            return None

    def role_label(self, key: str) -> str:
        try:
            return self.t(self.d.role(key).label)
        except KeyError:
            return key
