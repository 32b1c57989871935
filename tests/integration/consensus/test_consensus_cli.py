"""consensus.md on the command line: the JSON block, import, export and their round trip."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from selfassess.extensions import db
from selfassess.models import AuditEvent, GradeVersion

# minimal.yaml's panel questions (every scale question, by default), in file order.
PANEL = ["rep-women-leadership", "rep-women-harassment", "ovs-budget"]


def write_csv(path: Path, rows: list[list[str]], *, bom: bool = False) -> Path:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8"))
    return path


def results(runner, slug: str = "panel-round") -> dict:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["results", slug, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def grade_count() -> int:
    return int(db.session.scalar(select(func.count(GradeVersion.id))) or 0)


def test_json_block_before_and_after_an_import(runner, make_round, tmp_path: Path) -> None:
    make_round("panel-round", state="closed")  # a closed round still accepts grades
    before = results(runner)["consensus"]
    assert before == {
        "graded": 0,
        "questions_total": 3,
        "overall": None,
        "dimensions": {
            "representation": None,
            "rep-women": None,
            "rep-minorities": None,
            "oversight": None,
        },
        "questions": {key: {"grade": None, "score": None} for key in PANEL},
    }
    file = write_csv(
        tmp_path / "grades.csv",
        [
            ["question", "grade", "evidence", "notes", "anything else"],
            ["rep-women-leadership", "3", "Дарга нарын 2 нь эмэгтэй", "", "ignored"],
            ["rep-women-harassment", "2", '=HYPERLINK("x")', "one member disagreed", ""],
            ["ovs-budget", "na", "", "", ""],
        ],
        bom=True,
    )
    result = runner.invoke(args=["consensus", "import", "panel-round", str(file)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "3 grades recorded"
    block = results(runner)["consensus"]
    # leadership 3/5 = 60; harassment (2-1)/4 = 25 reversed 75; rep-women 67.5;
    # representation = rep-women (rep-minorities has no panel question); oversight: na only.
    assert block["graded"] == 3
    assert block["questions"] == {
        "rep-women-leadership": {"grade": "3", "score": 60.0},
        "rep-women-harassment": {"grade": "2", "score": 75.0},
        "ovs-budget": {"grade": "na", "score": None},
    }
    assert block["dimensions"] == {
        "representation": 67.5,
        "rep-women": 67.5,
        "rep-minorities": None,
        "oversight": None,
    }
    assert block["overall"] == 67.5
    # The same file again changes nothing and records nothing.
    again = runner.invoke(args=["consensus", "import", "panel-round", str(file)])
    assert again.output.strip() == "0 grades recorded"
    assert grade_count() == 3
    events = db.session.scalars(select(AuditEvent).filter_by(action="consensus.import")).all()
    assert [e.details["count"] for e in events] == [3, 0]


def test_an_empty_grade_removes_and_others_keep_theirs(runner, make_round, tmp_path) -> None:  # type: ignore[no-untyped-def]
    make_round("panel-round")
    first = write_csv(
        tmp_path / "a.csv",
        [["question", "grade"], ["rep-women-leadership", "4"], ["ovs-budget", "5"]],
    )
    assert runner.invoke(args=["consensus", "import", "panel-round", str(first)]).exit_code == 0
    second = write_csv(tmp_path / "b.csv", [["question", "grade"], ["ovs-budget", ""]])
    result = runner.invoke(args=["consensus", "import", "panel-round", str(second)])
    assert result.output.strip() == "1 grades recorded"
    questions = results(runner)["consensus"]["questions"]
    assert questions["rep-women-leadership"]["grade"] == "4"
    assert questions["ovs-budget"] == {"grade": None, "score": None}
    # history: the removal is a new version; nothing was overwritten
    versions = db.session.scalars(
        select(GradeVersion.grade).filter_by(question="ovs-budget").order_by(GradeVersion.version)
    ).all()
    assert versions == ["5", None]


def test_refused_imports_report_every_error_located_and_change_nothing(
    runner, make_round, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    make_round("panel-round")
    file = write_csv(
        tmp_path / "bad.csv",
        [
            ["question", "grade", "evidence"],
            ["rep-women-leadership", "3", "fine"],
            ["rep-women-leadership", "4", "twice"],
            ["no-such-question", "1", ""],
            ["ovs-committee", "yes", ""],
            ["ovs-budget", "7", ""],
            ["rep-women-harassment", "0", ""],
        ],
    )
    result = runner.invoke(args=["consensus", "import", "panel-round", str(file)])
    assert result.exit_code == 1
    name = str(file)
    lines = result.output.strip().splitlines()
    assert lines == [
        f"{name}:3:question: question rep-women-leadership twice (first on row 2)",
        f"{name}:4:question: unknown question 'no-such-question'",
        f"{name}:5:question: question ovs-committee is not graded by the panel",
        f"{name}:6:grade: '7' is not a point value nor a missing code of scale grade6 "
        "(0, 1, 2, 3, 4, 5, dk, na)",
        f"{name}:7:grade: '0' is not a point value nor a missing code of scale agree5 "
        "(1, 2, 3, 4, 5, dk)",
    ]
    assert grade_count() == 0
    missing = write_csv(tmp_path / "m.csv", [["question", "evidence"], ["ovs-budget", "x"]])
    result = runner.invoke(args=["consensus", "import", "panel-round", str(missing)])
    assert result.exit_code == 1
    assert result.output.strip() == f"{missing}:1:grade: the column 'grade' is missing"
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    result = runner.invoke(args=["consensus", "import", "panel-round", str(broken)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"{broken}: ")
    unknown = runner.invoke(args=["consensus", "import", "no-round", str(file)])
    assert unknown.exit_code == 1 and "no round" in unknown.output


def test_export_fill_offline_import_round_trip(runner, make_round, tmp_path: Path) -> None:
    make_round("panel-round")
    seed = write_csv(
        tmp_path / "seed.csv",
        [
            ["question", "grade", "evidence", "notes"],
            ["rep-women-leadership", "3", "  Монгол текст\r\nхоёр мөр ", "=1+1"],
            ["ovs-budget", "", "removed, but the evidence stays", ""],
        ],
    )
    assert runner.invoke(args=["consensus", "import", "panel-round", str(seed)]).exit_code == 0
    out = tmp_path / "sheet.xlsx"
    result = runner.invoke(
        args=["consensus", "export", "panel-round", "-o", str(out), "--lang", "mn"]
    )
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "question",
        "dimension",
        "text",
        "scale",
        "grade",
        "evidence",
        "notes",
        "all",
        "role=mp",
        "role=staff",
    )  # no response yet: the reference columns are blank
    assert [r[0] for r in rows[1:]] == PANEL
    assert rows[1][1:3] == ("УИХ дахь эмэгтэйчүүд", "Эмэгтэйчүүд удирдах албан тушаал хашдаг.")
    assert rows[1][4:7] == ("3", "Монгол текст\nхоёр мөр", "=1+1")  # a string, not a formula
    # Exported as it is, it imports back unchanged.
    back = runner.invoke(args=["consensus", "import", "panel-round", str(out)])
    assert back.exit_code == 0, back.output
    assert back.output.strip() == "0 grades recorded"
    # Filled in offline (an XLSX edited in a spreadsheet), it records what changed.
    book = load_workbook(out)
    ws = book.worksheets[0]
    ws["E3"] = 4  # a number cell, as a spreadsheet stores a typed 4
    ws["F3"] = "Эмэгтэй гишүүдийн судалгаа"
    book.save(out)
    changed = runner.invoke(args=["consensus", "import", "panel-round", str(out)])
    assert changed.output.strip() == "1 grades recorded"
    assert results(runner)["consensus"]["questions"]["rep-women-harassment"]["grade"] == "4"


def test_export_refuses_other_suffixes_and_xlsx_import_works(runner, make_round, tmp_path) -> None:  # type: ignore[no-untyped-def]
    make_round("panel-round")
    assert runner.invoke(args=["consensus", "export", "panel-round", "-o", "x.csv"]).exit_code == 1
    book = Workbook()
    book.active.append(["grade", "question"])
    book.active.append([5, "ovs-budget"])
    path = tmp_path / "g.xlsx"
    book.save(path)
    result = runner.invoke(args=["consensus", "import", "panel-round", str(path)])
    assert result.output.strip() == "1 grades recorded"


def test_workbook_gets_a_consensus_sheet_once_graded(runner, make_round, tmp_path) -> None:  # type: ignore[no-untyped-def]
    make_round("panel-round")
    file = write_csv(
        tmp_path / "g.csv", [["question", "grade", "evidence"], ["ovs-budget", "5", "=cmd"]]
    )
    runner.invoke(args=["consensus", "import", "panel-round", str(file)])
    out = tmp_path / "book.xlsx"
    assert runner.invoke(args=["export", "panel-round", "-o", str(out)]).exit_code == 0
    book = load_workbook(out)
    assert book.sheetnames[-1] == "Consensus"
    rows = list(book["Consensus"].iter_rows(values_only=True))
    budget = next(r for r in rows if r[0] == "ovs-budget")
    assert budget[2:5] == ("5", 100, "=cmd")


def test_a_save_racing_another_on_the_same_version_is_a_conflict(app, make_round) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from selfassess.models import GradeSource
    from selfassess.services.consensus import GradeConflict, GradeInput, _store, current_version

    round_ = make_round("panel-round")
    db.session.add(
        GradeVersion(round_id=round_.id, question="ovs-budget", version=1, grade="2",
                     recorded_by="other@example.org", source=GradeSource.WEB)
    )  # fmt: skip
    db.session.commit()
    # This save read "no grade yet" just before the other one was stored.
    with pytest.raises(GradeConflict) as caught:
        _store(round_, "ovs-budget", GradeInput("4"), None, None, None, GradeSource.WEB)
    assert caught.value.current is not None and caught.value.current.grade == "2"
    assert current_version(round_, "ovs-budget").grade == "2"  # theirs stands, nothing lost
