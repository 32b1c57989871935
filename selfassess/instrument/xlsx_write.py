"""Writing a definition as the workbook form (the form :mod:`selfassess.instrument.xlsx` reads)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

from selfassess.instrument.model import ASSESSORS, Definition, Dimension, Option, Text


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
            " ".join(q.assessed_by) if q.assessed_by != ASSESSORS else None,
            *texts(q.text, q.help),
        ]
        for d, _ in tree
        for q in d.questions
    ]
    profile = [
        [f.key, f.type, " ".join(f.roles), f.required, *texts(f.label, f.help)]
        for f in defn.profile
    ]
    sheets: dict[str, tuple[list[str], list[list[Cell]]]] = {
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
                *("required", "comment", "min", "max", "assessed_by"),
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
    if defn.gaps:  # an optional sheet, like the key: written when there is something in it
        sheets["gaps"] = (["field", "a", "b"], [[g.field, g.a, g.b] for g in defn.gaps])
    return sheets
