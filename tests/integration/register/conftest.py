"""A loaded instrument and bodies for the register tests, and files to import."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

BODIES_CSV = (
    "key,name::en,name::mn\n"
    "gender-caucus,Gender Equality Caucus,Жендэрийн тэгш байдлын бүлэг\n"
    "hr-administration,Human Resources Department,Хүний нөөцийн газар\n"
    "legal-committee,Standing Committee on Legal Affairs,Хууль зүйн байнгын хороо\n"
)
RECOMMENDATIONS_CSV = (
    "ref,text::en,text::mn,source,links,responsible,sdg,status,due\n"
    "SA-2025-07,Adopt a sexual harassment policy,Бэлгийн дарамтын бодлого батлах,"
    "baseline-2025,minimal:rep-women minimal:rep-women-harassment,gender-caucus hr-administration,"
    "5.5 5.c,in_progress,2026-06-30\n"
    "UPR3-107.45,Review laws for discrimination,,UPR 3rd cycle 2020,minimal:oversight,"
    "legal-committee,16.7,accepted,\n"
)
ACTIONS_CSV = (
    "recommendation,action,text::en,text::mn,responsible,start,due,status\n"
    "SA-2025-07,1,Draft the policy,Бодлогын төсөл,hr-administration,2025-09-01,2026-03-31,done\n"
    "SA-2025-07,2,Train staff,Ажилтнуудыг сургах,hr-administration,,2026-01-31,in_progress\n"
    "UPR3-107.45,1,Map discriminatory provisions,,legal-committee,2025-10-01,2030-01-01,"
    "not_started\n"
)


@pytest.fixture
def register_ready(app: Any, load_instrument: Any, runner: Any, tmp_path: Path) -> Any:
    """The minimal instrument loaded and three bodies imported."""
    load_instrument()
    path = tmp_path / "bodies.csv"
    path.write_text(BODIES_CSV, encoding="utf-8")
    result = runner.invoke(args=["bodies", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "3 bodies"
    return runner


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    def make(name: str, content: str) -> Path:
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        return path

    return make


def workbook(sheets: dict[str, list[list[str]]]) -> bytes:
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_numbers": False})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write_string(r, c, value)
    book.close()
    return output.getvalue()


def csv_rows(content: str) -> list[list[str]]:
    import csv

    return list(csv.reader(io.StringIO(content)))
