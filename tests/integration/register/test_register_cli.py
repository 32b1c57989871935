"""``selfassess bodies import`` and ``selfassess recommendations import|list|export``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from selfassess.extensions import db
from selfassess.models import Body, Recommendation, RegisterChange
from selfassess.services.register import list_recommendations
from tests.integration.register.conftest import (
    ACTIONS_CSV,
    RECOMMENDATIONS_CSV,
    csv_rows,
    workbook,
)


def _import(runner: Any, path: Path) -> Any:
    return runner.invoke(args=["recommendations", "import", str(path)])


def _loaded(runner: Any, write: Any) -> None:
    first = _import(runner, write("recs.csv", RECOMMENDATIONS_CSV))
    assert first.exit_code == 0, first.output
    assert first.output.strip() == "2 recommendations, 0 actions"
    second = _import(runner, write("actions.csv", ACTIONS_CSV))
    assert second.exit_code == 0, second.output
    assert second.output.strip() == "0 recommendations, 3 actions"


def test_list_gives_the_json_of_the_contract(register_ready: Any, write: Any) -> None:
    runner = register_ready
    _loaded(runner, write)
    result = runner.invoke(args=["recommendations", "list", "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    assert [r["ref"] for r in listed] == ["SA-2025-07", "UPR3-107.45"]
    first = listed[0]
    assert set(first) == {
        "ref", "text", "source", "links", "responsible", "sdg", "status", "due",
        "overdue", "actions",
    }  # fmt: skip
    assert first["text"] == {
        "en": "Adopt a sexual harassment policy",
        "mn": "Бэлгийн дарамтын бодлого батлах",
    }
    assert first["links"] == ["minimal:rep-women", "minimal:rep-women-harassment"]
    assert first["responsible"] == ["gender-caucus", "hr-administration"]
    assert first["sdg"] == ["5.5", "5.c"]
    assert (first["status"], first["due"], first["source"]) == (
        "in_progress",
        "2026-06-30",
        "baseline-2025",
    )
    assert first["actions"][0] == {
        "ref": "1",
        "text": {"en": "Draft the policy", "mn": "Бодлогын төсөл"},
        "responsible": "hr-administration",
        "start": "2025-09-01",
        "due": "2026-03-31",
        "status": "done",
        "overdue": False,
        "updates": 0,
    }
    second = listed[1]
    assert second["text"] == {"en": "Review laws for discrimination"}
    assert second["due"] is None
    assert second["actions"][0]["start"] == "2025-10-01"


def test_overdue_follows_the_rule_for_a_given_day(register_ready: Any, write: Any) -> None:
    _loaded(register_ready, write)
    before = {r["ref"]: r for r in list_recommendations(today=date(2025, 12, 1))}
    assert not before["SA-2025-07"]["overdue"]
    after = {r["ref"]: r for r in list_recommendations(today=date(2026, 2, 1))}
    # action 2 (due 2026-01-31, in progress) is late; action 1 is done, so never late
    assert [a["overdue"] for a in after["SA-2025-07"]["actions"]] == [False, True]
    assert after["SA-2025-07"]["overdue"]
    assert not after["UPR3-107.45"]["overdue"]
    assert [r["ref"] for r in list_recommendations(overdue=True, today=date(2026, 2, 1))] == [
        "SA-2025-07"
    ]
    assert [r["ref"] for r in list_recommendations(status="accepted")] == ["UPR3-107.45"]


def test_list_filters_by_status_and_overdue(register_ready: Any, write: Any) -> None:
    _loaded(register_ready, write)
    runner = register_ready
    accepted = runner.invoke(
        args=["recommendations", "list", "--format", "json", "--status", "accepted"]
    )
    assert [r["ref"] for r in json.loads(accepted.output)] == ["UPR3-107.45"]
    overdue = runner.invoke(args=["recommendations", "list", "--format", "json", "--overdue"])
    expected = [r["ref"] for r in list_recommendations(overdue=True)]
    assert [r["ref"] for r in json.loads(overdue.output)] == expected
    text = runner.invoke(args=["recommendations", "list"])
    assert text.exit_code == 0 and "SA-2025-07" in text.output


def test_every_refusal_is_located_and_nothing_changes(register_ready: Any, write: Any) -> None:
    _loaded(register_ready, write)
    bad = write(
        "bad.csv",
        "ref,text::en,source,links,responsible,sdg,status,due\n"
        "SA-NEW,New text,,minimal:nowhere,,,,\n"  # unknown link key
        "SA-2025-07,Changed,,other:rep-women,ghost-committee,,done,\n"  # unknown body, status
        "bad ref!,Text,,,,,,\n"  # bad ref
        "SA-X,Text,,,,,,31/12/2026\n"  # bad date
        "SA-X,Again,,,,,,\n",  # ref twice
    )
    result = _import(register_ready, bad)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    where = [line.split(": ", 1)[0] for line in lines]
    assert f"{bad}:2:links" in where
    assert f"{bad}:3:links" in where  # an instrument that is not loaded
    assert f"{bad}:3:responsible" in where
    assert f"{bad}:3:status" in where
    assert f"{bad}:4:ref" in where
    assert f"{bad}:5:due" in where
    assert f"{bad}:6:ref" in where
    assert all(line.startswith(f"{bad}:") for line in lines)
    assert (
        db.session.scalar(
            select(Recommendation.status).where(Recommendation.ref == "SA-2025-07")
        ).value
        == "in_progress"
    )
    assert db.session.scalar(select(func.count(Recommendation.id))) == 2


def test_action_refusals_are_located(register_ready: Any, write: Any) -> None:
    _loaded(register_ready, write)
    bad = write(
        "bad-actions.csv",
        "recommendation,action,text::en,responsible,start,due,status\n"
        "SA-NONE,1,Text,hr-administration,,,\n"  # unknown recommendation
        "SA-2025-07,3,Text,hr-administration gender-caucus,,,\n"  # two bodies
        "SA-2025-07,4,Text,,2026-13-01,,finished\n"  # bad date, bad status
        "SA-2025-07,5,Text,,,,\n"
        "SA-2025-07,5,Again,,,,\n"  # ref twice
        "SA-2025-07,-x,Text,,,,\n",  # bad ref
    )
    result = _import(register_ready, bad)
    assert result.exit_code == 1
    where = {line.split(": ", 1)[0] for line in result.output.strip().splitlines()}
    assert where == {
        f"{bad}:2:recommendation",
        f"{bad}:3:responsible",
        f"{bad}:4:start",
        f"{bad}:4:status",
        f"{bad}:6:action",
        f"{bad}:7:action",
    }
    assert len(list_recommendations()[0]["actions"]) == 2


def test_a_workbook_locates_errors_on_its_second_sheet(register_ready: Any, tmp_path: Path) -> None:
    recs = csv_rows(RECOMMENDATIONS_CSV)
    actions = csv_rows(ACTIONS_CSV)
    actions[2][7] = "late"  # row 3 of the actions sheet, column status
    recs[1][8] = "soon"  # row 2 of the first sheet, column due
    path = tmp_path / "register.xlsx"
    path.write_bytes(workbook({"recommendations": recs, "actions": actions}))
    result = _import(register_ready, path)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert any(line.startswith(f"{path}:2:due: ") for line in lines), lines
    assert any(line.startswith(f"{path}:actions!3:status: ") for line in lines), lines
    assert db.session.scalar(select(func.count(Recommendation.id))) == 0

    actions[2][7] = "in_progress"
    recs[1][8] = "2026-06-30"
    path.write_bytes(workbook({"recommendations": recs, "actions": actions}))
    result = _import(register_ready, path)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "2 recommendations, 3 actions"


def test_the_export_imports_back_unchanged(register_ready: Any, write: Any, tmp_path: Path) -> None:
    _loaded(register_ready, write)
    before = list_recommendations()
    changes = db.session.scalar(select(func.count(RegisterChange.id)))
    for lang in ("en", "mn"):
        out = tmp_path / f"register-{lang}.xlsx"
        result = register_ready.invoke(
            args=["recommendations", "export", "-o", str(out), "--lang", lang]
        )
        assert result.exit_code == 0, result.output
        again = _import(register_ready, out)
        assert again.exit_code == 0, again.output
        assert again.output.strip() == "2 recommendations, 3 actions"
        assert list_recommendations() == before
        assert db.session.scalar(select(func.count(RegisterChange.id))) == changes


def test_an_import_updates_and_keeps_the_history(register_ready: Any, write: Any) -> None:
    _loaded(register_ready, write)
    changed = RECOMMENDATIONS_CSV.replace("in_progress,2026-06-30", "implemented,2026-05-01")
    assert _import(register_ready, write("changed.csv", changed)).exit_code == 0
    item = list_recommendations()[0]
    assert (item["status"], item["due"]) == ("implemented", "2026-05-01")
    rec = db.session.scalar(select(Recommendation).where(Recommendation.ref == "SA-2025-07"))
    rows = db.session.scalars(
        select(RegisterChange).where(
            RegisterChange.recommendation_id == rec.id, RegisterChange.field == "status"
        )
    ).all()
    assert [(r.before, r.after, r.actor) for r in rows][-1] == (
        "in_progress",
        "implemented",
        "command line",
    )


def test_bodies_import_renames_and_refuses_bad_keys(register_ready: Any, write: Any) -> None:
    renamed = write("rename.csv", "key,name::mn\ngender-caucus,Жендэрийн бүлэг\n")
    assert (
        register_ready.invoke(args=["bodies", "import", str(renamed)]).output.strip() == "1 bodies"
    )
    body = db.session.scalar(select(Body).where(Body.key == "gender-caucus"))
    assert body.name == {"en": "Gender Equality Caucus", "mn": "Жендэрийн бүлэг"}
    bad = write("bad-bodies.csv", "key,name::en\nBad Key,Name\nok,\n")
    result = register_ready.invoke(args=["bodies", "import", str(bad)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"{bad}:2:key: 'Bad Key' is not a key (a-z, 0-9, _ and -)",
        f"{bad}:3:name::en: a body needs a name",
    ]


def test_unreadable_files_are_refused_in_one_line(register_ready: Any, tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not a workbook")
    result = _import(register_ready, path)
    assert result.exit_code == 1
    assert result.output.startswith(f"{path}: ")
    missing = register_ready.invoke(args=["recommendations", "import", str(tmp_path / "none.csv")])
    assert missing.exit_code == 1 and "Traceback" not in missing.output


def test_a_new_entry_is_one_created_line_and_later_changes_are_listed(
    register_ready: Any, write: Any
) -> None:
    _loaded(register_ready, write)
    rec = db.session.scalar(select(Recommendation).where(Recommendation.ref == "UPR3-107.45"))
    fields = db.session.scalars(
        select(RegisterChange.field).where(RegisterChange.recommendation_id == rec.id)
    ).all()
    assert sorted(fields) == ["created", "created"]  # the recommendation and its action


def test_the_mongolian_export_names_bodies_and_items_in_cyrillic(
    register_ready: Any, write: Any, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    _loaded(register_ready, write)
    out = tmp_path / "mn.xlsx"
    assert (
        register_ready.invoke(
            args=["recommendations", "export", "-o", str(out), "--lang", "mn"]
        ).exit_code
        == 0
    )
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["recommendations", "actions"]
    rows = list(book["recommendations"].iter_rows(values_only=True))
    assert rows[0][:4] == ("ref", "text::en", "text::mn", "source")
    first = dict(zip(rows[0], rows[1], strict=False))
    assert first["text::mn"] == "Бэлгийн дарамтын бодлого батлах"
    assert first["хариуцагч (нэр)"] == "Жендэрийн тэгш байдлын бүлэг; Хүний нөөцийн газар"
    book.close()


def test_reminders_for_the_outbox_go_to_the_focal_points_of_the_bodies(
    register_ready: Any, write: Any, make_account: Any
) -> None:
    from selfassess.services import plan

    _loaded(register_ready, write)
    hr = make_account("focal_point", email="hr@example.org")
    legal = make_account("focal_point", email="legal@example.org")
    plan.set_focal_bodies(hr, ["hr-administration"])
    plan.set_focal_bodies(legal, ["legal-committee"])
    db.session.commit()
    messages = plan.reminder_messages(today=date(2026, 1, 20), days=14)
    # Action 2 of SA-2025-07 (hr-administration) is due 2026-01-31: due soon, not late.
    assert [(m["to"], m["actions"]) for m in messages] == [
        ("hr@example.org", [("SA-2025-07", "2")])
    ]
    late = plan.reminder_messages(today=date(2026, 2, 2))
    assert "OVERDUE" in late[0]["body"] and late[0]["to"] == "hr@example.org"
    assert [r.action.ref for r in plan.reminders(today=date(2026, 2, 2))] == ["2"]


def test_a_column_the_file_lacks_leaves_that_field_alone(register_ready: Any, write: Any) -> None:
    _loaded(register_ready, write)
    partial = write("status.csv", "ref,status\nSA-2025-07,implemented\n")
    result = _import(register_ready, partial)
    assert result.exit_code == 0, result.output
    item = list_recommendations()[0]
    assert item["status"] == "implemented"
    assert item["links"] == ["minimal:rep-women", "minimal:rep-women-harassment"]
    assert item["due"] == "2026-06-30" and item["text"]["mn"] == "Бэлгийн дарамтын бодлого батлах"
    cleared = write("clear.csv", "ref,due,sdg\nSA-2025-07,,\n")  # empty cells empty the fields
    assert _import(register_ready, cleared).exit_code == 0
    item = list_recommendations()[0]
    assert (item["due"], item["sdg"], item["status"]) == (None, [], "implemented")


def test_bad_options_are_one_error_line_and_exit_1(register_ready: Any, tmp_path: Path) -> None:
    bogus = register_ready.invoke(args=["recommendations", "list", "--status", "bogus"])
    assert bogus.exit_code == 1 and bogus.output.startswith("error: 'bogus' is not a status")
    wrong = register_ready.invoke(args=["recommendations", "export", "-o", str(tmp_path / "r.csv")])
    assert wrong.exit_code == 1 and "must end in .xlsx" in wrong.output


def test_the_reminders_command_lists_late_actions(register_ready: Any, write: Any) -> None:
    late = ACTIONS_CSV.replace("2026-01-31", "2000-01-31")
    assert _import(register_ready, write("r.csv", RECOMMENDATIONS_CSV)).exit_code == 0
    assert _import(register_ready, write("a.csv", late)).exit_code == 0
    result = register_ready.invoke(args=["recommendations", "reminders"])
    assert result.exit_code == 0, result.output
    assert "SA-2025-07/2\t2000-01-31\tOVERDUE\thr-administration" in result.output
