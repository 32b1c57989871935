"""The report builder (pure): every block from its inputs, suppression kept, Cyrillic."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, date, datetime

from docx import Document

from selfassess.exports.report import Participation, ReportInputs, build_report
from selfassess.instrument.model import Gap
from selfassess.scoring import compute_results
from tests.unit.scoring.scoring_builders import small_round

EVIDENCE = '=HYPERLINK("http://evil.example")\x0b Хороо 2024 оны тайлан'


def translate(message: str, **values: object) -> str:
    return message % values if values else message


def inputs(**changes: object) -> ReportInputs:
    definition, respondents, answers = small_round()
    definition = dataclasses.replace(definition, gaps=(Gap("sex", "female", "male"),))
    results = compute_results(definition, respondents, answers, min_group_size=2)
    document = results.to_dict(round_slug="r1", draft_count=0)
    document["gaps"] = [
        {"field": "sex", "a": "female", "b": "male", "overall": -12.5, "dimensions": {"top": -7.25}}
    ]
    document["overall"]["all"]["ci95"] = [40.0, 60.0]
    base = ReportInputs(
        definition=definition,
        results=document,
        round_title="Round one",
        k=2,
        opened=date(2026, 1, 5),
        closed=date(2026, 2, 1),
        generated_at=datetime(2026, 2, 2, tzinfo=UTC),
        software_version="9.9",
        participation=[Participation("all", 10, 6), Participation("role=staff", 3, None)],
        consensus={"graded": 1, "overall": 60.0, "dimensions": {"top": 60.0, "l1": 60.0}},
        grades={"a": {"grade": "3", "evidence": EVIDENCE, "notes": ""}},
        recommendations=[
            {
                "ref": "SA-1",
                "text": {"en": "Adopt a harassment policy", "mn": "Дарамтын бодлого батлах"},
                "links": ["test:l1"],
                "responsible": ["secretariat"],
                "status": "in_progress",
                "due": "2026-06-30",
                "actions": [
                    {
                        "ref": "1",
                        "text": {"en": "Draft it"},
                        "responsible": "hr",
                        "start": None,
                        "due": "2026-03-01",
                        "status": "done",
                    }
                ],
            }
        ],
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def cells(content: bytes) -> list[list[str]]:
    document = Document(io.BytesIO(content))
    return [[c.text for c in row.cells] for t in document.tables for row in t.rows]


def test_blocks_from_the_inputs() -> None:
    content = build_report(inputs(), "en", translate)
    rows = cells(content)
    flat = [value for row in rows for value in row]
    assert ["Everyone", "6", "6", "100.0 %"] not in rows  # invited 10: 60 %
    assert ["Everyone", "10", "6", "60.0 %"] in rows
    assert any(r[0] == "Everyone" and r[3] == "40.00 … 60.00" for r in rows)
    # The builders' texts are "-": a gap reads "- minus -".
    assert ["- minus -", "-12.50"] in rows and ["- minus -", "-7.25"] in rows
    # Typed text stays text; the control character is dropped, the Cyrillic kept.
    assert '=HYPERLINK("http://evil.example") Хороо 2024 оны тайлан' in flat
    assert "Adopt a harassment policy" in flat and "SA-1 / 1" in flat and "Draft it" in flat
    assert ["SA-1 / 1", "Draft it", "hr", "–", "2026-03-01", "done"] in rows
    assert "in progress" in flat
    document = Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    assert "Agreed grade of the panel: 60.00" in texts


def test_change_since_the_earlier_round_with_the_agreed_grade() -> None:
    cell = {"a": {"n": 5, "score": 50.0}, "b": {"suppressed": True}, "change": None, "ci95": None}
    comparison = {
        "a": "r0",
        "b": "r1",
        "versions": [1, 1],
        "groups": ["all"],
        "overall": {"all": {**cell, "b": {"n": 6, "score": 56.67}, "change": 6.67,
                            "ci95": [1.0, 12.34]}},
        "dimensions": [
            {"key": "l1", "comparable": True, "questions": 2, "results": {"all": cell},
             "consensus": {"a": 40.0, "b": 60.0, "change": 20.0}, "recommendations": {}}
        ],
    }  # fmt: skip
    content = build_report(inputs(comparison=comparison), "en", translate)
    rows = cells(content)
    assert ["Everyone", "50.00", "56.67", "+6.67", "1.00 … 12.34"] in rows
    assert ["Everyone", "50.00", "–", "–", "–"] in rows
    texts = [p.text for p in Document(io.BytesIO(content)).paragraphs]
    assert "Agreed grade of the panel: 40.00 then 60.00 (change +20.00)." in texts
    assert "Change since the earlier round" in texts


def test_suppressed_cells_print_a_dash_never_their_n() -> None:
    data = inputs()
    staff = data.results["overall"]["role=staff"]
    assert staff.get("suppressed")  # one staff respondent, k = 2
    rows = cells(build_report(data, "en", translate))
    # Score tables list all, role=mp, role=staff, sex=female, sex=male: staff is third.
    starts = [i for i, r in enumerate(rows) if r[:3] == ["Group", "n", "Score"]]
    assert len(starts) == 4  # overall and the three dimensions
    for start in starts:
        assert set(rows[start + 3][1:]) == {"–"}
    overall = data.results["overall"]
    assert rows[starts[0] + 3][0] == "-" and overall["role=staff"].get("suppressed")


def test_mongolian_texts_and_font() -> None:
    content = build_report(inputs(), "mn", translate)
    document = Document(io.BytesIO(content))
    assert "Дарамтын бодлого батлах" in [v for r in cells(content) for v in r]
    fonts = document.styles["Heading 1"].element.rPr.rFonts
    assert {fonts.get(f"{{{fonts.nsmap['w']}}}{slot}") for slot in ("ascii", "eastAsia", "cs")} == {
        "DejaVu Sans"
    }
