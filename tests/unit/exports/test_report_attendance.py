"""The report's panel annex: sessions with date, place and attendance by role and sex,
counts only (issue 15)."""

from __future__ import annotations

import io
from datetime import date

from docx import Document

from selfassess.exports.report import PanelSessionRecord, build_report
from tests.unit.exports.test_report import cells, inputs, translate

SESSIONS = [
    PanelSessionRecord(
        1, date(2026, 3, 14), "Төрийн ордон, 3-р танхим", True,
        {"staff": {"female": 6, "male": 3}, "mp": {"female": 5, "male": 7}},
    ),
    PanelSessionRecord(2, None, "", False),
]  # fmt: skip


def test_the_annex_lists_sessions_and_counts() -> None:
    content = build_report(inputs(panel_sessions=SESSIONS), "en", translate)
    rows = cells(content)
    header = ["Session", "Date", "Place", "Role", "Women", "Men", "Total"]
    assert header in rows
    at = rows.index(header)
    body = rows[at + 1 : at + 5]
    assert body[0][:3] == ["1", "2026-03-14", "Төрийн ордон, 3-р танхим"]
    # Roles in the questionnaire's order, each with women, men and their sum.
    assert sorted(r[4:] for r in body[:2]) == [["5", "7", "12"], ["6", "3", "9"]]
    assert body[1][:3] == ["", "", ""]  # the session once
    assert body[2][:4] == ["2", "–", "–", "planned"]
    assert body[3][3:] == ["All sessions", "11", "10", "21"]
    headings = [p.text for p in Document(io.BytesIO(content)).paragraphs]
    assert "Panel sessions and attendance" in headings


def test_no_sessions_no_annex() -> None:
    content = build_report(inputs(), "en", translate)
    assert ["Session", "Date", "Place", "Role", "Women", "Men", "Total"] not in cells(content)
