"""Word building blocks of the report: fonts, a table of contents, tables, images.

Every style gets DejaVu Sans for all four script slots (ASCII, high ANSI, East Asian,
complex script), so Mongolian Cyrillic renders wherever the document is opened.
Headings use Word's own ``Heading N`` styles, so Word and LibreOffice build the table
of contents from them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection, Sequence
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FONT = "DejaVu Sans"
#: The printed form of a suppressed or undefined number.
DASH = "–"
INK = RGBColor(0x1B, 0x23, 0x30)
HEAD = RGBColor(0x0B, 0x4F, 0x8A)
#: Characters XML 1.0 cannot hold; a typed text could contain them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(value: object) -> str:
    """A text as Word can store it: control characters dropped (never interpreted)."""
    return _CONTROL.sub("", str(value))


def _set_font(style: Any, size: float | None = None, bold: bool | None = None) -> None:
    style.font.name = FONT
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    properties = style.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def new_document(lang: str) -> Any:
    """An A4 document whose styles all use a Cyrillic font, in language ``lang``."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(2.2))
    sizes = {"Normal": 10, "Title": 24, "Subtitle": 13, "Heading 1": 16, "Heading 2": 13,
             "Heading 3": 11, "Caption": 8.5, "Table Grid": None}  # fmt: skip
    for name, size in sizes.items():
        style = document.styles[name]
        _set_font(style, size)
        if name.startswith("Heading") or name == "Title":
            style.font.color.rgb = HEAD
    # Air between a table and the text after it; table cells take none (see table()).
    document.styles["Normal"].paragraph_format.space_before = Pt(6)
    language = {"en": "en-GB", "mn": "mn-MN"}.get(lang, lang)
    normal = document.styles["Normal"].element.get_or_add_rPr()
    tag = OxmlElement("w:lang")
    for slot in ("w:val", "w:eastAsia", "w:bidi"):
        tag.set(qn(slot), language)
    normal.append(tag)
    document.core_properties.language = language
    return document


def table_of_contents(document: Any, placeholder: str) -> None:
    """A TOC field over heading levels 1-3; Word fills it when fields are updated."""
    paragraph = document.add_paragraph()
    run = paragraph.add_run()
    parts = [("begin", None), (None, ' TOC \\o "1-3" \\h \\z \\u '), ("separate", None)]
    for kind, instruction in parts:
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instruction
        run._r.append(element)
    paragraph.add_run(placeholder).italic = True
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def paragraph(document: Any, text: str, *, italic: bool = False, size: float | None = None) -> Any:
    para = document.add_paragraph()
    run = para.add_run(clean(text))
    run.italic = italic
    if size is not None:
        run.font.size = Pt(size)
    return para


def table(
    document: Any,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    numeric_from: int = 1,
    widths: Sequence[float] | None = None,
    bold_rows: Collection[int] = (),
) -> Any:
    """A grid table: a bold header row, then ``rows`` as text; columns from
    ``numeric_from`` on are right-aligned, rows at ``bold_rows`` (0 = first) bold."""
    grid = document.add_table(rows=1, cols=len(header))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, title in zip(grid.rows[0].cells, header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(clean(title))
        run.bold = True
        run.font.size = Pt(8.5)
        cell.paragraphs[0].paragraph_format.space_before = Pt(0)
        _shade(cell, "E8EEF5")
    _repeat_header(grid.rows[0])
    for number_, values in enumerate(rows):
        cells = grid.add_row().cells
        for i, (cell, value) in enumerate(zip(cells, values, strict=True)):
            para = cell.paragraphs[0]
            para.paragraph_format.space_before = Pt(0)
            run = para.add_run(clean(value))
            run.font.size = Pt(8.5)
            run.bold = number_ in bold_rows or None
            if i >= numeric_from:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if widths:
        # Word reads the cells' widths, LibreOffice the grid's: set both.
        grid.autofit = False
        for column, width in zip(grid.columns, widths, strict=False):
            column.width = Cm(width)
        for row in grid.rows:
            for cell, width in zip(row.cells, widths, strict=False):
                cell.width = Cm(width)
    return grid


def _shade(cell: Any, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row: Any) -> None:
    """The header row repeats on every page a long table runs over."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def image(document: Any, png: bytes, caption: str, width_cm: float = 15.5) -> None:
    document.add_picture(io.BytesIO(png), width=Cm(width_cm))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    document.add_paragraph(clean(caption), style="Caption")


def number(value: object) -> str:
    """A published number as printed: 2 decimals, a dash for none."""
    if value is None or isinstance(value, bool):
        return DASH
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.2f}"
    return clean(value)


def signed(value: object) -> str:
    """A change as printed: its sign always shown, 2 decimals, a dash for none."""
    return f"{value:+.2f}" if isinstance(value, float) else number(value)


def interval(value: object) -> str:
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return f"{number(value[0])} … {number(value[1])}"
    return DASH


def to_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
