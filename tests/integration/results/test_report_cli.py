"""`selfassess report SLUG -o FILE.docx [--lang en|mn] [--compare EARLIER]` (interfaces.md)."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document

from tests.integration.results.test_compare_cli import two_rounds  # noqa: F401 (a fixture)

STAFF = "Secretariat staff"


def headings(path: Path) -> list[tuple[str, str]]:
    document = Document(str(path))
    return [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]


def test_report_in_english_with_its_sections_and_no_suppressed_number(two_rounds, tmp_path) -> None:  # noqa: F811
    out = tmp_path / "after.docx"
    result = two_rounds.invoke(args=["report", "after", "-o", str(out), "--compare", "before"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote {out}"
    found = headings(out)
    level_one = [text for style, text in found if style == "Heading 1"]
    for title in ("Method", "Participation", "Findings", "Change since the earlier round",
                  "Recommendations", "Annex: codebook in short"):  # fmt: skip
        assert title in level_one
    assert ("Heading 2", "Representation") in found and (
        "Heading 3",
        "Women in parliament",
    ) in found
    document = Document(str(out))
    # The after round has k = 3 and two staff respondents: every staff number is withheld.
    staff_rows = [
        [cell.text for cell in row.cells]
        for table in document.tables
        for row in table.rows
        if row.cells[0].text == STAFF
    ]
    assert staff_rows
    for cells in staff_rows:
        # Change tables (5 columns) show the before round's published staff score (k = 2).
        assert set(cells[1:] if len(cells) == 4 else cells[2:]) == {"–"}, cells
    assert len(document.inline_shapes) >= 2  # the scores chart and the change chart
    assert "Contents" in [text for _, text in found]


def test_report_in_mongolian_is_in_cyrillic(two_rounds, tmp_path) -> None:  # noqa: F811
    out = tmp_path / "after-mn.docx"
    result = two_rounds.invoke(args=["report", "after", "-o", str(out), "--lang", "mn"])
    assert result.exit_code == 0, result.output
    text = " ".join(t for _, t in headings(out))
    assert re.search("[А-Яа-яӨөҮү]{4,}", text)
    assert "Method" not in text and "Findings" not in text
    styles = Document(str(out)).styles
    assert styles["Normal"].font.name == "DejaVu Sans"


def test_report_refusals_exit_1_with_one_line(two_rounds, tmp_path) -> None:  # noqa: F811
    cases = [
        ["report", "nowhere", "-o", str(tmp_path / "x.docx")],
        ["report", "after", "-o", str(tmp_path / "x.pdf")],
        ["report", "after", "-o", str(tmp_path / "x.docx"), "--compare", "nowhere"],
    ]
    for args in cases:
        result = two_rounds.invoke(args=args)
        assert result.exit_code == 1, result.output
        assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not (tmp_path / "x.docx").exists()
