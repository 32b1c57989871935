"""``selfassess demo``: an open round with simulated responses, accounts and links."""

from __future__ import annotations

from typing import Any

from selfassess.extensions import db
from selfassess.models import Account, Response, ResponseState, RoundState
from selfassess.services.results import round_results
from selfassess.services.rounds import get_round


def test_the_demo_fills_an_empty_database_once(runner: Any) -> None:
    result = runner.invoke(
        args=["demo", "--if-empty", "--password-stdin"], input="demo-password-42\n"
    )
    assert result.exit_code == 0, result.output
    assert (
        "created the open round demo-2026 with 300 submitted responses and 12 drafts"
        in result.output
    )
    assert "admin@demo.local   password: demo-password-42" in result.output
    assert result.output.count("/r/") == 3 and "access code" in result.output

    round_ = get_round("demo-2026")
    assert round_.state is RoundState.OPEN
    states = list(db.session.scalars(db.select(Response.state).filter_by(round_id=round_.id)))
    assert states.count(ResponseState.SUBMITTED) == 300 and states.count(ResponseState.DRAFT) == 12
    assert {a.email for a in db.session.scalars(db.select(Account))} == {
        "admin@demo.local",
        "consultant@demo.local",
        "facilitator@demo.local",  # the panel's (demo_consensus)
        "focal@demo.local",
    }

    published = round_results(round_).as_dict
    assert published["overall"]["faction=cwgp"] == {"suppressed": True}  # 3 respondents
    culture = next(d for d in published["dimensions"] if d["key"] == "culture")["results"]
    assert culture["role=mp"]["score"] - culture["role=staff"]["score"] > 10
    harassment = next(q for q in published["questions"] if q["key"] == "cult-complaints")["results"]
    assert harassment["sex=female"]["score"] < harassment["sex=male"]["score"]

    # The earlier round of the same questionnaire, closed, to compare with (compare.md).
    baseline = get_round("baseline-2023")
    assert baseline.state is RoundState.CLOSED and baseline.created_at < round_.created_at
    change = runner.invoke(args=["compare", "baseline-2023", "demo-2026"])
    assert change.exit_code == 0, change.output
    assert '"change"' in change.output

    again = runner.invoke(args=["demo", "--if-empty"])
    assert again.exit_code == 0
    assert "already has data" in again.output


def test_the_demo_has_a_held_panel_session_with_agreed_grades(runner: Any) -> None:
    from selfassess.models import PanelSession
    from selfassess.services.consensus import current_grades
    from selfassess.services.panel import may_record

    result = runner.invoke(args=["demo", "--password-stdin"], input="demo-password-42\n")
    assert "facilitator@demo.local   password: demo-password-42" in result.output
    round_ = get_round("demo-2026")
    held = [s for s in db.session.scalars(db.select(PanelSession)) if s.status.value == "held"]
    assert len(held) == 1 and held[0].attendance_total > 0
    grades = current_grades(round_)
    block = round_results(round_).as_dict["consensus"]
    assert block["graded"] == len(grades) > block["questions_total"] / 2  # most criteria
    assert all(g["evidence"] for g in grades.values())
    facilitator = db.session.scalar(db.select(Account).filter_by(email="facilitator@demo.local"))
    assert may_record(facilitator, round_)


def test_the_demo_shows_round_titles_per_language_and_paper_forms(runner: Any) -> None:
    result = runner.invoke(args=["demo", "--password-stdin"], input="demo-password-42\n")
    assert result.exit_code == 0, result.output
    round_ = get_round("demo-2026")
    assert round_.title_in("mn") == "Жишээ 2026: хүний эрх ба жендэр"
    published = round_results(round_).as_dict
    assert published["responses"] == {"submitted": 300, "draft": 12, "paper": 8}
