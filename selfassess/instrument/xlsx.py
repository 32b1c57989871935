"""The workbook form (XLSForm-style): reading it into the located tree, and writing it.

One sheet per part of the definition, one row per item, texts in ``name::LANG`` columns.
Rows are read in file order; problems name the sheet and row (``questions!7``) or the cell
(``questions!C7``). Sheets with other names are left alone (notes, instructions), unless
the name looks like a misspelt sheet of the format. An uploaded file is untrusted: the zip's declared sizes are checked
before anything is decompressed, documents with DTDs are refused, and only a bounded number
of rows and columns is read.
"""

from __future__ import annotations

import difflib
import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from selfassess.instrument.archive import UnsafeArchive, honest_workbook
from selfassess.instrument.errors import Issues, describe_location
from selfassess.instrument.model import FORMAT, Definition, Dimension, Option, Text
from selfassess.instrument.tree import Node

#: Rows read per sheet (a questionnaire has a few hundred at most).
MAX_ROWS = 5000
#: Columns read per sheet.
MAX_COLUMNS = 100
#: Files in the zip, and their total uncompressed size.
MAX_ZIP_ENTRIES = 500
#: Cells in all sheets, empty ones included (a small file of empty cells parses for minutes).
MAX_CELLS = 1_000_000
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
#: Sheets nested deeper than this cannot be a tree of dimensions.
MAX_PARENT_CHAIN = 20


@dataclass(frozen=True)
class SheetSpec:
    """The columns a sheet may have: plain ones and ``name::LANG`` text ones."""

    columns: tuple[str, ...]
    texts: tuple[str, ...]
    required: bool = False


SHEETS: dict[str, SheetSpec] = {
    "settings": SheetSpec(
        ("format", "key", "version", "languages", "draft_languages"),
        ("title", "description"),
        required=True,
    ),
    "roles": SheetSpec(("key",), ("label",), required=True),
    "scales": SheetSpec(("scale", "value", "code"), ("label",)),
    "dimensions": SheetSpec(("key", "parent", "weight"), ("title", "description"), required=True),
    "questions": SheetSpec(
        (
            *("key", "dimension", "type", "scale", "roles", "weight", "reverse"),
            *("required", "comment", "min", "max"),
        ),
        ("text", "help"),
        required=True,
    ),
    "options": SheetSpec(("question", "code"), ("label",)),
    "profile": SheetSpec(("key", "type", "roles", "required"), ("label", "help")),
    "profile_options": SheetSpec(("field", "code"), ("label",)),
}

_LIST_COLUMNS = frozenset({"languages", "draft_languages", "roles"})
_NUMBER_COLUMNS = frozenset({"version", "weight", "value", "min", "max"})
_BOOLEAN_COLUMNS = frozenset({"reverse", "required", "comment"})
#: How a consultant may write true and false in a cell (Excel's own TRUE/FALSE included).
_BOOLEANS = {"true": True, "yes": True, "y": True, "1": True, "false": False, "no": False}
_BOOLEANS |= {"n": False, "0": False}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


# -- reading --------------------------------------------------------------------------------


@dataclass
class _Row:
    """One data row: its location and its cells as nodes, by column (texts grouped)."""

    at: str
    cells: dict[str, Node]

    def get(self, name: str) -> Node | None:
        return self.cells.get(name)

    def node(self, *leave_out: str) -> Node:
        cells = {k: v for k, v in self.cells.items() if k not in leave_out}
        return Node(cells, self.at)


def read_workbook(data: bytes, issues: Issues) -> tuple[Node | None, list[Node]]:
    """The tree of a workbook and its questions without a dimension, or None if unreadable."""
    honest = _safe_zip(data, issues)
    if honest is None:
        return None, []
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, styles): irrelevant.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(honest), read_only=True, data_only=True)
    except Exception as exc:  # any failure of a parser of untrusted input
        issues.add("1", f"not a readable Excel workbook (.xlsx): {_short(exc)}")
        return None, []
    try:
        sheets = _read_sheets(workbook, issues)
    finally:
        workbook.close()
    return _Assembler(sheets, issues).tree()


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


def _safe_zip(data: bytes, issues: Issues) -> bytes | None:
    """Checks the zip's declared sizes and contents before anything parses it; returns a
    copy whose parts hold what they declare (``honest_workbook``), or None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                issues.add("1", f"the workbook has more than {MAX_ZIP_ENTRIES} parts")
                return None
            if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_BYTES:
                limit = MAX_UNCOMPRESSED_BYTES // (1024 * 1024)
                issues.add("1", f"the workbook unpacks to more than {limit} MiB")
                return None
            names = {entry.filename for entry in entries}
            if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
                issues.add("1", "not an Excel workbook (.xlsx): the workbook part is missing")
                return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, ValueError) as exc:
        issues.add("1", f"not an Excel workbook (.xlsx): {_short(exc)}")
        return None
    try:
        # Read in small chunks: at most the sizes summed above, even from a lying header.
        return honest_workbook(data, max_cells=MAX_CELLS)
    except UnsafeArchive as exc:
        issues.add("1", str(exc))
        return None


def _read_sheets(workbook: Any, issues: Issues) -> dict[str, list[_Row]]:
    """Rows of the known sheets, by sheet name; header problems reported."""
    sheets: dict[str, list[_Row]] = {}
    names = {str(title).strip().lower() for title in workbook.sheetnames}
    for title in workbook.sheetnames:
        name = str(title).strip().lower()
        if name not in SHEETS:
            # Other sheets (notes, a blank "Sheet") are the author's; a near miss is a typo.
            absent = [known for known in SHEETS if known not in names]
            close = difflib.get_close_matches(name, absent, n=1, cutoff=0.75)
            if close:
                issues.add(f"{title}!1", f"unknown sheet '{title}': did you mean '{close[0]}'?")
            continue
        if name in sheets:
            issues.add(f"{title}!1", f"a second '{name}' sheet")
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                values = _cell_values(workbook[title])
        except Exception as exc:  # any failure of a parser of untrusted input
            issues.add(f"{name}!1", f"the sheet cannot be read: {_short(exc)}")
            values = []
        sheets[name] = _rows(values, name, issues)
    for name, spec in SHEETS.items():
        if spec.required and name not in sheets:
            issues.add(f"{name}!1", f"the workbook has no '{name}' sheet")
            issues.silence(f"{name}!1")
    return sheets


def _cell_values(sheet: Any) -> list[tuple[Any, ...]]:
    """The sheet's values, at most one row and column beyond the limits."""
    return list(sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS + 1, values_only=True))


def _rows(values: list[tuple[Any, ...]], name: str, issues: Issues) -> list[_Row]:
    if not values:
        return []
    columns = _header(values[0], name, issues)
    result = []
    for number, row_values in enumerate(values[1:], start=2):
        if number > MAX_ROWS:
            if any(_clean(v) is not None for v in row_values):
                issues.add(f"{name}!{number}", f"the sheet has more than {MAX_ROWS} rows")
            break
        row = _row(row_values, number, columns, name, issues)
        if row is not None:
            result.append(row)
    return result


def _header(
    values: tuple[Any, ...], sheet: str, issues: Issues
) -> dict[int, tuple[str, str | None]]:
    """Column index -> (column name, language or None) for the known headers."""
    spec = SHEETS[sheet]
    columns: dict[int, tuple[str, str | None]] = {}
    seen: dict[tuple[str, str | None], str] = {}
    for index, raw in enumerate(values):
        cell = f"{sheet}!{get_column_letter(index + 1)}1"
        if index >= MAX_COLUMNS:
            if _clean(raw) is not None:
                issues.add(cell, f"the sheet has more than {MAX_COLUMNS} columns")
            break
        value = _clean(raw)
        if value is None:
            continue
        head, sep, lang = str(value).partition("::")
        head, lang = head.strip().lower(), lang.strip()
        known = head in spec.texts and bool(lang) if sep else head in spec.columns
        if not known:
            issues.add(cell, _unknown_column(str(value), head, spec))
            continue
        column = (head, lang if sep else None)
        if column in seen:
            issues.add(cell, f"column '{value}' appears twice (first at {seen[column]})")
            continue
        seen[column] = cell
        columns[index] = column
    return columns


def _unknown_column(value: str, head: str, spec: SheetSpec) -> str:
    allowed = [*spec.columns, *(f"{t}::LANG" for t in spec.texts)]
    if head in spec.texts:
        return f"column '{value}' needs a language, like '{head}::en'"
    return f"unknown column '{value}' (allowed: {', '.join(allowed)})"


def _row(
    values: tuple[Any, ...],
    number: int,
    columns: dict[int, tuple[str, str | None]],
    sheet: str,
    issues: Issues,
) -> _Row | None:
    at = f"{sheet}!{number}"
    cells: dict[str, Node] = {}
    texts: dict[str, dict[str, Node]] = {}
    filled = False
    for index, raw in enumerate(values[:MAX_COLUMNS]):
        value = _clean(raw)
        if value is None:
            continue
        filled = True
        cell = f"{sheet}!{get_column_letter(index + 1)}{number}"
        if index not in columns:
            issues.add(cell, "a value in a column without a (known) header")
            continue
        name, lang = columns[index]
        if lang is not None:
            texts.setdefault(name, {})[lang] = Node(_as_text(value), cell)
        else:
            cells[name] = _cell(name, value, cell)
    if not filled:
        return None
    for name, by_lang in texts.items():
        cells[name] = Node(by_lang, at)
    return _Row(at, cells)


def _clean(value: Any) -> Any:
    """The cell's value, strings stripped, empty as None."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _as_text(value: Any) -> Any:
    """Numbers and booleans as Excel shows them; other values as they are."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return _number_text(value)
    return value


def _number_text(value: int | float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _cell(name: str, value: Any, at: str) -> Node:
    """A cell as the value its column means (lists split, numbers and booleans read)."""
    if name in _LIST_COLUMNS:
        parts = re.split(r"[\s,;]+", value) if isinstance(value, str) else [_as_text(value)]
        return Node([Node(p, at) for p in parts if p != ""], at)
    if name in _NUMBER_COLUMNS:
        if isinstance(value, str) and _NUMBER.fullmatch(value):
            number = float(value)
            return Node(int(number) if number.is_integer() else number, at)
        if isinstance(value, float) and value.is_integer():
            return Node(int(value), at)
        return Node(value, at)
    if name in _BOOLEAN_COLUMNS:
        word = _as_text(value)
        if isinstance(word, str) and word.lower() in _BOOLEANS:
            return Node(_BOOLEANS[word.lower()], at)
        return Node(value, at)
    return Node(_as_text(value), at)


class _Assembler:
    """Builds the nested tree of the YAML format from the rows of the sheets."""

    def __init__(self, sheets: dict[str, list[_Row]], issues: Issues) -> None:
        self.sheets = sheets
        self.issues = issues
        self.all_questions: list[Node] = []

    def rows(self, name: str) -> list[_Row]:
        return self.sheets.get(name, [])

    def tree(self) -> tuple[Node | None, list[Node]]:
        settings = self.rows("settings")
        if "settings" not in self.sheets:
            return None, []
        if not settings:
            self.issues.add("settings!2", "the settings sheet needs one row of values")
            return None, []
        for extra in settings[1:]:
            self.issues.add(extra.at, "the settings sheet has one row of values; this is a second")
        top = settings[0]
        cells = dict(top.cells)
        cells.setdefault("format", Node(FORMAT, top.at))
        cells["roles"] = self.roles()
        if "scales" in self.sheets:
            cells["scales"] = self.scales()
        profile = self.profile()
        if profile is not None:
            cells["profile"] = profile
        dimensions, orphans = self.dimensions()
        cells["dimensions"] = dimensions
        return Node(cells, top.at), orphans

    def required(self, row: _Row, name: str) -> str | None:
        node = row.get(name)
        if node is None:
            self.issues.add(row.at, f"the '{name}' column is empty")
            return None
        return str(node.value)

    def roles(self) -> Node:
        roles: dict[str, Node] = {}
        for row in self.rows("roles"):
            key = self.required(row, "key")
            if key is None:
                continue
            if key in roles:
                first = describe_location(roles[key].key_at)
                self.issues.add(row.at, f"duplicate role '{key}' (first at {first})")
                continue
            label = row.get("label") or Node({}, row.at)
            roles[key] = Node(label.value, row.at, row.cells["key"].at)
        return Node(roles, "roles!1")

    def scales(self) -> Node:
        scales: dict[str, dict[str, Node]] = {}
        first_row: dict[str, _Row] = {}
        for row in self.rows("scales"):
            key = self.required(row, "scale")
            if key is None:
                continue
            value, code = row.get("value"), row.get("code")
            if (value is None) == (code is None):
                self.issues.add(
                    row.at,
                    "give either a value (a point of the scale) or a code (a missing answer)"
                    + (", not both" if value is not None else ""),
                )
                continue
            if key not in scales:
                first_row[key] = row
                scales[key] = {"points": Node([], row.at)}
            part = "points" if value is not None else "missing"
            scales[key].setdefault(part, Node([], row.at)).value.append(row.node("scale"))
        return Node(
            {
                key: Node(parts, first_row[key].at, first_row[key].cells["scale"].at)
                for key, parts in scales.items()
            },
            "scales!1",
        )

    def grouped(self, sheet: str, column: str, known: dict[str, Node], what: str) -> None:
        """Attaches each row of ``sheet`` as an option to the item its ``column`` names."""
        for row in self.rows(sheet):
            owner = self.required(row, column)
            if owner is None:
                continue
            target = known.get(owner)
            if target is None:
                self.issues.add(
                    row.cells[column].at, f"unknown {what} '{owner}' (not in the {what} sheet)"
                )
                continue
            target.value.setdefault("options", Node([], row.at)).value.append(row.node(column))

    def profile(self) -> Node | None:
        if "profile" not in self.sheets:
            return None
        fields = [row.node() for row in self.rows("profile")]
        by_key = self.keyed(fields)
        self.grouped("profile_options", "field", by_key, "profile field")
        return Node(fields, "profile!1")

    @staticmethod
    def keyed(nodes: list[Node]) -> dict[str, Node]:
        """Nodes by their ``key`` value, first one winning (duplicates are reported later)."""
        result: dict[str, Node] = {}
        for node in nodes:
            key = node.value.get("key")
            if key is not None and isinstance(key.value, str):
                result.setdefault(key.value, node)
        return result

    def dimensions(self) -> tuple[Node, list[Node]]:
        rows = self.rows("dimensions")
        nodes = [row.node("parent") for row in rows]
        by_key = self.keyed(nodes)
        parents = {
            str(row.cells["key"].value): str(row.cells["parent"].value)
            for row in rows
            if "key" in row.cells and "parent" in row.cells
        }
        children: dict[str | None, list[Node]] = {}
        for row, node in zip(rows, nodes, strict=True):
            parent = row.get("parent")
            if parent is None:
                children.setdefault(None, []).append(node)
            elif str(parent.value) not in by_key:
                self.issues.add(parent.at, f"unknown parent dimension '{parent.value}'")
            elif not self.reaches_top(row, parents):
                self.issues.add(
                    parent.at,
                    "following the parents of this dimension goes round in a circle "
                    f"(or deeper than {MAX_PARENT_CHAIN} levels)",
                )
            else:
                children.setdefault(str(parent.value), []).append(node)
        orphans = self.questions(by_key)
        self.grouped("options", "question", self.keyed(self.all_questions), "question")
        return self.attach(children, None, "dimensions!1", depth=0), orphans

    @staticmethod
    def reaches_top(row: _Row, parents: dict[str, str]) -> bool:
        key = row.get("key")
        current = None if key is None else str(key.value)
        for _ in range(MAX_PARENT_CHAIN + 1):
            if current not in parents:
                return True
            current = parents[current]
        return False

    def attach(
        self, children: dict[str | None, list[Node]], parent: str | None, at: str, depth: int
    ) -> Node:
        nodes = children.get(parent, [])
        if depth <= MAX_PARENT_CHAIN:
            for node in nodes:
                key = node.value.get("key")
                if key is not None and isinstance(key.value, str) and key.value in children:
                    node.value["dimensions"] = self.attach(children, key.value, node.at, depth + 1)
        return Node(nodes, at)

    def questions(self, dimensions: dict[str, Node]) -> list[Node]:
        """Attaches every question to its dimension; returns those without one."""
        orphans: list[Node] = []
        for row in self.rows("questions"):
            node = row.node("dimension")
            self.all_questions.append(node)
            owner = row.get("dimension")
            if owner is None:
                self.issues.add(row.at, "the 'dimension' column is empty")
                orphans.append(node)
                continue
            target = dimensions.get(str(owner.value))
            if target is None:
                self.issues.add(owner.at, f"unknown dimension '{owner.value}'")
                orphans.append(node)
                continue
            target.value.setdefault("questions", Node([], row.at)).value.append(node)
        return orphans


# -- writing --------------------------------------------------------------------------------


def to_workbook(defn: Definition) -> bytes:
    """The definition as an XLSForm-style workbook (the form :func:`read_workbook` reads)."""
    import xlsxwriter

    buffer = io.BytesIO()
    options = {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    with xlsxwriter.Workbook(buffer, options) as workbook:
        bold = workbook.add_format({"bold": True})
        for name, (header, rows) in _sheets(defn).items():
            sheet = workbook.add_worksheet(name)
            sheet.freeze_panes(1, 0)
            for col, title in enumerate(header):
                sheet.write_string(0, col, title, bold)
                sheet.set_column(col, col, 40 if "::" in title else 14)
            for number, row in enumerate(rows, start=1):
                for col, value in enumerate(row):
                    _WRITERS[type(value)](sheet, number, col, value)
    return buffer.getvalue()


Cell = str | int | float | bool | None
_WRITERS: dict[type, Callable[[Any, int, int, Any], Any]] = {
    str: lambda sheet, r, c, v: sheet.write_string(r, c, v),
    int: lambda sheet, r, c, v: sheet.write_number(r, c, v),
    float: lambda sheet, r, c, v: sheet.write_number(r, c, v),
    bool: lambda sheet, r, c, v: sheet.write_boolean(r, c, v),
    type(None): lambda sheet, r, c, v: None,
}


def _walk(
    dimensions: tuple[Dimension, ...], parent: str | None
) -> Iterator[tuple[Dimension, str | None]]:
    """Every dimension with its parent's key, parents first (taken from the tree itself)."""
    for dimension in dimensions:
        yield dimension, parent
        yield from _walk(dimension.dimensions, dimension.key)


def _sheets(defn: Definition) -> dict[str, tuple[list[str], list[list[Cell]]]]:
    langs = defn.languages

    def heads(*names: str) -> list[str]:
        return [f"{name}::{lang}" for name in names for lang in langs]

    def texts(*values: Text | None) -> list[Cell]:
        return [(value or {}).get(lang) for value in values for lang in langs]

    def option_rows(owner: str, options: tuple[Option, ...]) -> Iterator[list[Cell]]:
        for option in options:
            yield [owner, option.code, *texts(option.label)]

    settings = [
        defn.key,
        defn.version,
        " ".join(langs),
        " ".join(defn.draft_languages) or None,
        *texts(defn.title, defn.description),
    ]
    scales = [
        row
        for scale in defn.scales
        for row in (
            *([scale.key, p.value, None, *texts(p.label)] for p in scale.points),
            *([scale.key, None, m.code, *texts(m.label)] for m in scale.missing),
        )
    ]
    tree = list(_walk(defn.dimensions, None))
    dimensions = [[d.key, parent, d.weight, *texts(d.title, d.description)] for d, parent in tree]
    questions = [
        [
            q.key,
            d.key,
            q.type,
            q.scale,
            " ".join(q.roles),
            *((q.weight, q.reverse) if q.type == "scale" else (None, None)),
            q.required,
            q.comment,
            q.min,
            q.max,
            *texts(q.text, q.help),
        ]
        for d, _ in tree
        for q in d.questions
    ]
    profile = [
        [f.key, f.type, " ".join(f.roles), f.required, *texts(f.label, f.help)]
        for f in defn.profile
    ]
    return {
        "settings": (
            ["key", "version", "languages", "draft_languages", *heads("title", "description")],
            [settings],
        ),
        "roles": (["key", *heads("label")], [[r.key, *texts(r.label)] for r in defn.roles]),
        "scales": (["scale", "value", "code", *heads("label")], scales),
        "dimensions": (["key", "parent", "weight", *heads("title", "description")], dimensions),
        "questions": (
            [
                *("key", "dimension", "type", "scale", "roles", "weight", "reverse"),
                *("required", "comment", "min", "max"),
                *heads("text", "help"),
            ],
            questions,
        ),
        "options": (
            ["question", "code", *heads("label")],
            [row for q in defn.iter_questions() for row in option_rows(q.key, q.options)],
        ),
        "profile": (["key", "type", "roles", "required", *heads("label", "help")], profile),
        "profile_options": (
            ["field", "code", *heads("label")],
            [row for f in defn.profile for row in option_rows(f.key, f.options)],
        ),
    }
