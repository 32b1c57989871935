"""The consultant's Excel workbook, built into bytes.

Pure: a definition, the results dict (``selfassess results ROUND --format json``) and two
DataFrames in, ``.xlsx`` bytes out; no Flask, no database. Every number comes from the
results dict, never recomputed, so the dashboard, the JSON and the workbook agree.
Suppressed cells read ``n<k`` in grey. Respondents' texts are always written with
``write_string`` and the workbook refuses to turn strings into formulas, numbers or URLs.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence, Set
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_range

from selfassess.exports.data import data_columns
from selfassess.exports.labels import METHOD_KEYS, STRINGS, strings
from selfassess.exports.layout import RowOrder, key_width
from selfassess.instrument.model import Definition, Number, Question, Text, text

SHEETS: tuple[str, ...] = (
    "Summary",
    "Dimensions",
    "Questions",
    "Comments",
    "Data",
    "Codebook",
    "Method",
)

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

STYLES: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 14},
    "subtitle": {"font_size": 11, "font_color": "#404040"},
    "note": {"italic": True, "font_color": "#595959"},
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

#: The Codebook's attribute columns (label key, width); the texts follow ``key``.
CODEBOOK_COLUMNS: tuple[tuple[str, float], ...] = (
    ("kind", 14),
    ("key", 22),
    ("belongs_to", 18),
    ("type", 8),
    ("scale", 9),
    ("roles", 12),
    ("weight", 7),
    ("reverse", 8),
    ("value", 10),
    ("details", 18),
)

#: Up to this many groups the Dimensions sheet prints fitted to the page width.
PRINT_FIT_GROUPS = 8


def value_key(value: Number) -> str:
    """A point value as the results' ``counts`` keys spell it: ``3``, ``2.5``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def build_workbook(
    definition: Definition,
    results: Mapping[str, Any],
    *,
    data: pd.DataFrame,
    comments: pd.DataFrame,
    lang: str = "en",
    generated_at: datetime,
    software_version: str,
    round_title: str | None = None,
    protected: Set[str] | None = None,
    intervals: Mapping[tuple[str, str], tuple[float, float]] | None = None,
) -> bytes:
    """The workbook of one round as ``.xlsx`` bytes; sheets in :data:`SHEETS` order.

    ``results`` is the results JSON dict (scoring.md); ``data`` has one row per submitted
    response (``response_id``, ``role``, profile keys, question keys; raw strings);
    ``comments`` has ``question``, ``dimension``, ``kind`` (answer|comment), ``text``.
    ``lang`` picks the workbook's own words and the instrument's texts. ``protected``:
    the groups the Data sheet must not single out (``Results.protected``; by default
    every group with a suppressed cell). ``intervals``: the published 95% intervals by
    (dimension key or ``overall``, group) (``Results.intervals()``).
    """
    book = _Book(definition, results, lang, generated_at, software_version, round_title)
    book.intervals = dict(intervals or {})
    book.protected = set(protected) if protected is not None else _suppressed_groups(results)
    # Closing also removes the temporary row files, on an error too.
    with book.wb:
        book.summary(data)
        book.dimensions()
        book.questions()
        book.comments(comments)
        book.data(data)
        book.codebook()
        book.method()
    return book.out.getvalue()


def _suppressed_groups(results: Mapping[str, Any]) -> set[str]:
    """Every group with a suppressed cell in some published item of ``results``."""
    items = [results.get("overall", {})]
    items += [x.get("results", {}) for x in results.get("dimensions", [])]
    items += [x.get("results", {}) for x in results.get("questions", [])]
    return {g for item in items for g, cell in item.items() if cell.get("suppressed")}


class _Book:
    """One workbook under construction: formats, labels and a method per sheet."""

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
        self.r = results
        self.lang = lang
        self.L = strings(lang)
        self.k = int(results["min_group_size"])
        self.marker = f"n<{self.k}"
        #: Set by :func:`build_workbook`.
        self.intervals: dict[tuple[str, str], tuple[float, float]] = {}
        self.protected: set[str] = set()
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

    def sheet(self, name: str, title: str, note: str | None = None, fit: bool = True) -> RowOrder:
        """A new sheet with a title row (and a note row), A4 landscape, fit to width."""
        ws = RowOrder(self.wb.add_worksheet(name))
        ws.write_string(0, 0, title, self.f["title"])
        ws.set_row(0, 22)
        if note:
            ws.write_string(1, 0, note, self.f["note"])
        ws.set_landscape()
        ws.set_paper(9)
        if fit:
            ws.fit_to_pages(1, 0)
        return ws

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
        parts = []
        for part in group.split(","):
            field, _, code = part.partition("=")
            label = code
            try:
                if field == "role":
                    label = self.t(self.d.role(code).label)
                else:
                    option = self.d.profile_field(field).option(code)
                    label = self.t(option.label) if option else code
            except KeyError:
                pass
            parts.append(label)
        return " · ".join(parts)

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

    def summary(self, data: pd.DataFrame) -> None:
        L, f = self.L, self.f
        ws = self.sheet("Summary", L["title"])
        ws.write_string(1, 0, self.t(self.d.title), f["subtitle"])
        round_text = self.r["round"] + (f" — {self.round_title}" if self.round_title else "")
        q = self.r.get("questionnaire", {})
        instrument = (
            f"{self.t(self.d.title)} ({q.get('key', self.d.key)} "
            f"v{q.get('version', self.d.version)})"
        )
        responses = self.r.get("responses", {})
        info: list[tuple[str, str | int]] = [
            (L["round"], round_text),
            (L["instrument"], instrument),
            (L["generated"], self.date),
            (L["software"], f"selfassess {self.version}"),
            (L["k"], self.k),
            (L["submitted"], int(responses.get("submitted", len(data)))),
            (L["drafts"], int(responses.get("draft", 0))),
        ]
        row = 3
        for label, value in info:
            ws.write_string(row, 0, label, f["label"])
            if isinstance(value, int):
                ws.write_number(row, 1, value, f["count"])
            else:
                ws.merge_range(row, 1, row, 5, "", f["wrap"])
                self.wrapped(ws, row, 1, value, 74)
            row += 1

        row += 1
        ws.write_string(row, 0, L["by_role"], f["heading"])
        row += 1
        self.headers(ws, row, 0, [L["role"], L["count"]], [34, 30])
        roles = data["role"].value_counts() if "role" in data.columns else pd.Series(dtype="int64")
        for role in self.d.roles:
            row += 1
            ws.write_string(row, 0, self.t(role.label), f["text"])
            ws.write_number(row, 1, int(roles.get(role.key, 0)), f["n"])

        row += 2
        ws.write_string(row, 0, L["overall_by_group"], f["heading"])
        row += 1
        header = row
        self.headers(ws, row, 0, [L["group"], L["group_key"]], [34, 30])
        names = [L["n"], L["score"], L["sd"], L["median"], L["ci"]]
        self.headers(ws, row, 2, names, [11] * 4 + [14], "header_num")
        overall = self.r.get("overall", {})
        for group in self.groups:
            row += 1
            cell = overall.get(group)
            self.wrapped(ws, row, 0, self.group_label(group), 34)
            ws.write_string(row, 1, group, f["text"])
            for col, field in enumerate(("n", "score", "sd", "median"), start=2):
                self.stat(ws, row, col, cell, field)
            self.interval(ws, row, 6, cell, ("overall", group))
        ws.autofilter(header, 0, row, 6)
        self.colour(ws, header + 1, row, [3])
        self.chart(ws, row + 2)
        ws.flush()

    def chart(self, ws: RowOrder, at_row: int) -> None:
        """A clustered bar chart of the top-level dimensions by role.

        Its data sit in hidden columns of the Summary sheet, with suppressed scores left
        empty: a chart would draw the ``n<k`` text as a zero-length bar.
        """
        tops = [d for d in self.r.get("dimensions", []) if d.get("parent") is None]
        if not tops or not self.main_groups:
            return
        col0, first = 8, 2
        ws.write_string(0, col0, self.L["chart_data"], self.f["note"])
        for j, group in enumerate(self.main_groups, start=1):
            ws.write_string(first - 1, col0 + j, self.group_label(group), self.f["header"])
        for i, dim in enumerate(tops):
            ws.write_string(first + i, col0, self.dim_title(dim["key"]), self.f["text"])
            for j, group in enumerate(self.main_groups, start=1):
                cell = dim.get("results", {}).get(group)
                if cell and not cell.get("suppressed") and cell.get("score") is not None:
                    ws.write_number(first + i, col0 + j, cell["score"], self.f["score"])
        last = first + len(tops) - 1
        ws.set_column(col0, col0 + len(self.main_groups), 12, None, {"hidden": True})

        chart = self.wb.add_chart({"type": "bar"})
        assert chart is not None
        palette = ["#1F4E79", "#C55A11", "#548235", "#7030A0", "#BF9000", "#2E75B6"]
        for j in range(1, len(self.main_groups) + 1):
            chart.add_series(
                {
                    "name": ["Summary", first - 1, col0 + j],
                    "categories": ["Summary", first, col0, last, col0],
                    "values": ["Summary", first, col0 + j, last, col0 + j],
                    "fill": {"color": palette[(j - 1) % len(palette)]},
                    "gap": 80,
                }
            )
        chart.set_title({"name": self.L["chart_title"], "name_font": {"size": 12}})
        chart.set_x_axis({"min": 0, "max": 100, "major_unit": 20, "num_font": {"size": 9}})
        # File order top-down; "crossing" keeps the value axis at the bottom.
        chart.set_y_axis({"reverse": True, "crossing": "max", "num_font": {"size": 9}})
        chart.set_legend({"position": "bottom"})
        chart.show_hidden_data()
        chart.show_blanks_as("gap")
        height = max(320, 110 + len(tops) * (len(self.main_groups) * 16 + 18))
        chart.set_size({"width": 760, "height": height})
        ws.insert_chart(at_row, 0, chart, {"object_position": 3})
        ws.set_h_pagebreaks([at_row])

    def dim_title(self, key: str) -> str:
        try:
            return self.t(self.d.dimension(key).title)
        except KeyError:
            return key

    def dimensions(self) -> None:
        L, f = self.L, self.f
        # Printed, many groups would shrink to nothing: print across pages instead.
        fit = len(self.groups) <= PRINT_FIT_GROUPS
        ws = self.sheet(
            "Dimensions",
            f"{L['dimensions_title']} — {self.t(self.d.title)}",
            L["scores_note"].format(k=self.k),
            fit=fit,
        )
        if not fit:
            ws.repeat_columns(0, 1)
        head = 3
        ws.write_blank(head, 0, f["group_header"])
        ws.write_blank(head, 1, f["group_header"])
        key_col = key_width(dim["key"] for dim in self.r.get("dimensions", []))
        self.headers(ws, head + 1, 0, [L["key"], L["dimension"]], [key_col, 44])
        sub = [("score", 10), ("n", 7), ("ci", 13)]
        self.group_headers(ws, head, 2, self.groups, sub)
        gap_col = 2 + len(sub) * len(self.groups)
        gaps = list(self.r.get("gaps", []))
        for i, gap in enumerate(gaps):
            sides = [self.group_label(f"{gap['field']}={gap[side]}") for side in ("a", "b")]
            self.wrapped(ws, head, gap_col + i, " − ".join(sides), 16, f["group_header"])
            self.headers(ws, head + 1, gap_col + i, [L["gap"]], [16], "header_num")

        depth: dict[str, int] = {}
        row = head + 1
        for dim in self.r.get("dimensions", []):
            row += 1
            parent = dim.get("parent")
            level = depth[dim["key"]] = depth.get(parent, -1) + 1 if parent else 0
            cells = dim.get("results", {})
            ws.write_string(row, 0, dim["key"], f["text"])
            self.wrapped(ws, row, 1, self.dim_title(dim["key"]), 44 - 2 * level, self.indent(level))
            for i, group in enumerate(self.groups):
                col = 2 + len(sub) * i
                self.stat(ws, row, col, cells.get(group), "score")
                self.stat(ws, row, col + 1, cells.get(group), "n")
                self.interval(ws, row, col + 2, cells.get(group), (dim["key"], group))
            for i, gap in enumerate(gaps):
                self.gap(ws, row, gap_col + i, gap.get("dimensions", {}).get(dim["key"]))
        ws.autofilter(head + 1, 0, row, gap_col + len(gaps) - 1)
        ws.freeze_panes(head + 2, 2)
        ws.repeat_rows(head, head + 1)
        self.colour(ws, head + 2, row, [2 + len(sub) * i for i in range(len(self.groups))])
        ws.flush()

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

    def questions(self) -> None:
        L, f = self.L, self.f
        ws = self.sheet(
            "Questions",
            f"{L['questions_title']} — {self.t(self.d.title)}",
            L["scores_note"].format(k=self.k),
        )
        items = list(self.r.get("questions", []))
        answers = self.answer_columns(items)
        head = 3
        fixed = [L["key"], L["dimension"], L["question"], L["scale"]]
        for i in range(len(fixed)):
            ws.write_blank(head, i, f["group_header"])
        widths = [
            key_width(item["key"] for item in items),
            key_width(item.get("dimension") or "" for item in items),
            56,
            key_width(q.scale or "" for q in self.d.iter_questions()),
        ]
        self.headers(ws, head + 1, 0, fixed, widths)
        col0 = len(fixed)
        self.group_headers(ws, head, col0, self.main_groups, [("n", 6), ("score", 8)])
        dist0 = col0 + 2 * len(self.main_groups)
        if answers:
            last = dist0 + len(answers) - 1
            if last > dist0:
                ws.merge_range(head, dist0, head, last, "", f["group_header"])
            self.wrapped(ws, head, dist0, L["distribution"], 7 * len(answers), f["group_header"])
            names = [L["blank"] if a == "blank" else a for a in answers]
            self.headers(ws, head + 1, dist0, names, [7] * len(answers), "header_num")

        row = head + 1
        for item in items:
            row += 1
            question = self.question(item["key"])
            cells = item.get("results", {})
            ws.write_string(row, 0, item["key"], f["text"])
            ws.write_string(row, 1, item.get("dimension") or "", f["text"])
            self.wrapped(ws, row, 2, self.t(question.text) if question else "", 56)
            ws.write_string(row, 3, (question.scale or "") if question else "", f["text"])
            for i, group in enumerate(self.main_groups):
                self.stat(ws, row, col0 + 2 * i, cells.get(group), "n")
                self.stat(ws, row, col0 + 2 * i + 1, cells.get(group), "score")
            mine = self.answers_of(question)
            all_cell = cells.get("all") or {}
            counts = all_cell.get("counts") or {}
            for j, answer in enumerate(answers):
                if mine is not None and answer not in mine and answer not in counts:
                    continue
                if all_cell.get("suppressed"):
                    ws.write_string(row, dist0 + j, self.marker, f["suppressed"])
                else:
                    ws.write_number(row, dist0 + j, int(counts.get(answer, 0)), f["n"])
        ws.autofilter(head + 1, 0, row, dist0 + len(answers) - 1)
        ws.freeze_panes(head + 2, 1)
        ws.repeat_rows(head, head + 1)
        self.colour(ws, head + 2, row, [col0 + 2 * i + 1 for i in range(len(self.main_groups))])
        ws.flush()

    def question(self, key: str) -> Question | None:
        try:
            return self.d.question(key)
        except KeyError:
            return None

    def answers_of(self, question: Question | None) -> set[str] | None:
        """The distribution keys of a scale question; None when unknown."""
        if question is None or question.scale is None:
            return None
        try:
            scale = self.d.scale(question.scale)
        except KeyError:
            return None
        return {value_key(p.value) for p in scale.points} | set(scale.missing_codes) | {"blank"}

    def answer_columns(self, items: Sequence[Cell]) -> list[str]:
        """Distribution columns: point values ascending, missing codes, then ``blank``."""
        values: dict[str, float] = {}
        codes: dict[str, None] = {}
        for item in items:
            question = self.question(item["key"])
            if question is not None and question.scale is not None:
                try:
                    scale = self.d.scale(question.scale)
                except KeyError:
                    scale = None
                if scale is not None:
                    values.update({value_key(p.value): float(p.value) for p in scale.points})
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

    def comments(self, comments: pd.DataFrame) -> None:
        L, f = self.L, self.f
        too_few = int(self.r.get("responses", {}).get("submitted", 0)) < self.k
        note = L["comments_too_few"] if too_few else L["comments_note"]
        ws = self.sheet("Comments", L["comments_title"], note.format(count=len(comments), k=self.k))
        head = 3
        names = [L["question"], L["dimension"], L["question_text"], L["kind"], L["text"]]
        self.headers(ws, head, 0, [*names, L["role_of_writer"]], [22, 18, 40, 11, 80, 22])
        if too_few:
            comments = comments.iloc[:0]
        position = {q.key: i for i, q in enumerate(self.d.iter_questions())}
        columns = ["question", "dimension", "kind", "text", "role"]
        rows = [
            tuple("" if v is None or v != v else str(v) for v in record)
            for record in comments.reindex(columns=columns).itertuples(index=False, name=None)
        ]
        # Question order, then alphabetical: the order of submission would let a reader
        # link one person's comments across questions.
        rows.sort(key=lambda r: (position.get(r[0], len(position)), r[0], r[2], r[3], r[4]))
        texts: dict[str, str] = {}
        row = head
        for question, dimension, kind, body, role in rows:
            row += 1
            if question not in texts:
                q = self.question(question)
                texts[question] = self.t(q.text) if q else ""
            ws.write_string(row, 0, question, f["text"])
            ws.write_string(row, 1, dimension, f["text"])
            # One line (the whole text is in the cell): repeated on every row, wrapping
            # it would make each comment several lines tall.
            self.wrapped(ws, row, 2, texts[question], 40)
            ws.write_string(row, 3, L.get(f"kind.{kind}", kind), f["text"])
            self.wrapped(ws, row, 4, body, 80)
            ws.write_string(row, 5, self.role_label(role), f["text"])
        ws.autofilter(head, 0, max(row, head), 5)
        ws.freeze_panes(head + 1, 0)
        ws.repeat_rows(head)
        ws.flush()

    def role_label(self, key: str) -> str:
        try:
            return self.t(self.d.role(key).label)
        except KeyError:
            return key

    def data(self, data: pd.DataFrame) -> None:
        """Header in row 1 so the sheet reads straight into pandas, R or SPSS."""
        ws = self.wb.add_worksheet("Data")
        columns = data_columns(self.d, data, self.k, self.protected)
        for c, column in enumerate(columns):
            ws.write_string(0, c, column.key, self.f["header"])
            # No column format: it would add a style attribute to each of the many cells.
            ws.set_column(c, c, max(8, min(len(column.key) + 2, 24)))
        # The hot loop of the export: bound methods, no per-cell format lookups.
        write_number, write_string = ws.write_number, ws.write_string
        for r, values in enumerate(zip(*(c.values for c in columns), strict=True), start=1):
            for c, value in enumerate(values):
                if value is None:
                    continue
                if type(value) is float:
                    write_number(r, c, value)
                else:
                    write_string(r, c, value)
        ws.freeze_panes(1, 1)
        ws.autofilter(0, 0, max(len(columns[0].values), 1), len(columns) - 1)
        ws.set_landscape()
        ws.set_paper(9)

    def codebook(self) -> None:
        L, f = self.L, self.f
        langs = self.d.languages
        ws = self.sheet("Codebook", f"{L['codebook_title']} — {self.t(self.d.title)}", fit=False)
        ws.repeat_columns(0, 1)
        head = 3
        # Kind and key, the texts beside them, then the attributes and help texts.
        layout: list[tuple[str, str, float]] = [
            *((name, L[name], width) for name, width in CODEBOOK_COLUMNS[:2]),
            *((f"text:{lang}", f"{L['text']} ({lang})", 40) for lang in langs),
            *((name, L[name], width) for name, width in CODEBOOK_COLUMNS[2:]),
            *((f"help:{lang}", f"{L['help']} ({lang})", 30) for lang in langs),
        ]
        self.headers(ws, head, 0, [n for _, n, _ in layout], [w for _, _, w in layout])
        row = head
        for fields, texts, helps in self.codebook_rows():
            row += 1
            for lang in langs:
                fields[f"text:{lang}"] = (texts or {}).get(lang, "")
                fields[f"help:{lang}"] = (helps or {}).get(lang, "")
            for c, (name, _, width) in enumerate(layout):
                value = fields.get(name, "")
                if name.startswith(("text:", "help:")):
                    self.wrapped(ws, row, c, str(value), width)
                elif isinstance(value, str):
                    ws.write_string(row, c, value, f["text"])
                else:
                    ws.write_number(row, c, value, f["text"])
        ws.autofilter(head, 0, row, len(layout) - 1)
        ws.freeze_panes(head + 1, 2)
        ws.repeat_rows(head)
        ws.flush()

    def codebook_rows(self) -> Iterator[tuple[dict[str, str | Number], Text | None, Text | None]]:
        """Every key of the instrument: its :data:`CODEBOOK_COLUMNS`, texts and help."""
        L, d = self.L, self.d
        yes_no = {True: L["yes"], False: L["no"]}

        def row(kind: str, key: str, **fields: str | Number) -> dict[str, str | Number]:
            return {"kind": L[f"cb.{kind}"], "key": key, **fields}

        details = f"v{d.version}; " + ", ".join(d.languages)
        yield row("instrument", d.key, details=details), d.title, d.description
        for key in ("respondent", "role"):
            texts = {lang: STRINGS.get(lang, L)[f"col.{key}"] for lang in d.languages}
            yield row("column", key), texts, None
        for role in d.roles:
            yield row("role", role.key), role.label, None
        for pf in d.profile:
            required = L["required"] if pf.required else ""
            roles = " ".join(pf.roles)
            yield (
                row("profile", pf.key, type=pf.type, roles=roles, details=required),
                pf.label,
                pf.help,
            )
            for option in pf.options:
                yield (
                    row("option", option.code, belongs_to=pf.key, value=option.code),
                    option.label,
                    None,
                )
        for scale in d.scales:
            yield row("scale", scale.key), None, None
            for point in scale.points:
                key = value_key(point.value)
                yield row("point", key, belongs_to=scale.key, value=point.value), point.label, None
            for m in scale.missing:
                yield row("missing", m.code, belongs_to=scale.key, value=m.code), m.label, None
        for dim in d.iter_dimensions():
            fields = row("dimension", dim.key, belongs_to=dim.parent or "", weight=dim.weight)
            yield fields, dim.title, dim.description
        for q in d.iter_questions():
            flags = [L["required"]] if q.required else []
            flags += [L["with_comment"]] if q.comment else []
            flags += [f"min {q.min}"] if q.min is not None else []
            flags += [f"max {q.max}"] if q.max is not None else []
            fields = row(
                "question",
                q.key,
                belongs_to=q.dimension,
                type=q.type,
                roles=" ".join(q.roles),
                details="; ".join(flags),
            )
            if q.type == "scale":
                fields |= {"scale": q.scale or "", "weight": q.weight, "reverse": yes_no[q.reverse]}
            yield fields, q.text, q.help
            for option in q.options:
                yield (
                    row("option", option.code, belongs_to=q.key, value=option.code),
                    option.label,
                    None,
                )

    def method(self) -> None:
        L, f = self.L, self.f
        ws = self.sheet("Method", L["method_title"])
        ws.set_portrait()
        ws.set_column(0, 0, 30)
        ws.set_column(1, 1, 100)
        values = {"k": self.k, "date": self.date, "version": self.version}
        for row, key in enumerate(METHOD_KEYS, start=2):
            ws.write_string(row, 0, L[f"{key}.h"], f["label"])
            self.wrapped(ws, row, 1, L[key].format(**values), 100)
        ws.flush()
