"""The Codebook sheet: every key of the instrument, its texts in every language, values and codes."""

from __future__ import annotations

from collections.abc import Iterator

from selfassess.exports.book import Book
from selfassess.exports.data_labels import labelled
from selfassess.exports.labels import strings
from selfassess.instrument.answers import format_point
from selfassess.instrument.model import Number, Text
from selfassess.languages import LANGUAGES

#: The Codebook's columns (label key, width) around the texts; its attributes (what a
#: key belongs to, scale, roles, weight, reverse, limits) read as one Details text, so a
#: printed page holds every column at a readable size.
LEFT: tuple[tuple[str, float], ...] = (("kind", 13), ("key", 24), ("type", 11))
DETAILS_WIDTH = 30
#: Width of each language's text column (help texts follow the text in its cell).
TEXT_WIDTH = 44


def write_codebook(book: Book) -> None:
    L, f = book.L, book.f
    langs = book.d.languages
    ws = book.sheet("Codebook", f"{L['codebook_title']} — {book.t(book.d.title)}")
    head = 3
    layout: list[tuple[str, str, float]] = [
        *((name, L[name], width) for name, width in LEFT),
        *((f"text:{lang}", f"{L['text']} ({lang})", TEXT_WIDTH) for lang in langs),
        ("details", L["details"], DETAILS_WIDTH),
    ]
    book.headers(ws, head, 0, [n for _, n, _ in layout], [w for _, _, w in layout])
    row = head
    for fields, texts, helps in _codebook_rows(book):
        row += 1
        for lang in langs:
            body = (texts or {}).get(lang, "")
            hint = (helps or {}).get(lang, "")
            fields[f"text:{lang}"] = f"{body}\n({L['help']}: {hint})" if hint else body
        for c, (name, _, width) in enumerate(layout):
            value = fields.get(name, "")
            if name.startswith("text:") or name == "details":
                book.wrapped(ws, row, c, str(value), width)
            else:
                ws.write_string(row, c, str(value), f["text"])
    ws.autofilter(head, 0, row, len(layout) - 1)
    ws.freeze_panes(head + 1, 2)
    ws.repeat_rows(head)
    ws.flush()


def _codebook_rows(
    book: Book,
) -> Iterator[tuple[dict[str, str], Text | None, Text | None]]:
    """Every key of the instrument: kind, key, type and details, its texts and help."""
    L, d = book.L, book.d
    yes_no = {True: L["yes"], False: L["no"]}

    def kinds(name: str) -> str:
        return L.get(f"qtype.{name}", name)

    def row(kind: str, key: str, of_type: str = "", **fields: str | Number) -> dict[str, str]:
        """A row: kind, key, type, and the other attributes as ``Label: value; ...``."""
        notes = [
            str(value) if name == "details" else f"{L[name]}: {value}"
            for name, value in fields.items()
            if value != ""
        ]
        return {"kind": L[f"cb.{kind}"], "key": key, "type": of_type, "details": "; ".join(notes)}

    details = f"v{d.version}; " + ", ".join(d.languages)
    yield row("instrument", d.key, details=details), d.title, d.description
    for key in ("respondent", "role"):
        texts = {
            lang: (strings(lang) if lang in LANGUAGES else L)[f"col.{key}"] for lang in d.languages
        }
        # In a labelled workbook the Data sheet's header is a word of the language.
        header = L["data.respondent"] if key == "respondent" else L["role"]
        details = L["data.header"].format(name=header) if labelled(book.lang) else ""
        yield row("column", key, details=details), texts, None
    for role in d.roles:
        yield row("role", role.key), role.label, None
    for pf in d.profile:
        required = L["required"] if pf.required else ""
        roles = " ".join(pf.roles)
        yield (
            row("profile", pf.key, kinds(pf.type), roles=roles, details=required),
            pf.label,
            pf.help,
        )
        for option in pf.options:
            yield (
                row("option", option.code, belongs_to=pf.key),
                option.label,
                None,
            )
    for scale in d.scales:
        yield row("scale", scale.key), None, None
        for point in scale.points:
            key = format_point(point.value)
            yield row("point", key, belongs_to=scale.key), point.label, None
        for m in scale.missing:
            yield row("missing", m.code, belongs_to=scale.key), m.label, None
    for dim in d.iter_dimensions():
        fields = row("dimension", dim.key, belongs_to=dim.parent or "", weight=dim.weight)
        yield fields, dim.title, dim.description
    for q in d.iter_questions():
        flags = [L["required"]] if q.required else []
        flags += [L["with_comment"]] if q.comment else []
        flags += [f"min {q.min}"] if q.min is not None else []
        flags += [f"max {q.max}"] if q.max is not None else []
        scored: dict[str, str | Number] = {}
        if q.type == "scale":
            scored = {"scale": q.scale or "", "weight": q.weight, "reverse": yes_no[q.reverse]}
        fields = row(
            "question",
            q.key,
            kinds(q.type),
            belongs_to=q.dimension,
            **scored,
            roles=" ".join(q.roles),
            details="; ".join(flags),
        )
        yield fields, q.text, q.help
        for option in q.options:
            yield (
                row("option", option.code, belongs_to=q.key),
                option.label,
                None,
            )
