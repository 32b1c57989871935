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
    states = list(db.session.scalars(db.select(Response.state)))
    assert states.count(ResponseState.SUBMITTED) == 300 and states.count(ResponseState.DRAFT) == 12
    assert {a.email for a in db.session.scalars(db.select(Account))} == {
        "admin@demo.local",
        "consultant@demo.local",
    }

    published = round_results(round_).as_dict
    assert published["overall"]["faction=cwgp"] == {"suppressed": True}  # 3 respondents
    culture = next(d for d in published["dimensions"] if d["key"] == "culture")["results"]
    assert culture["role=mp"]["score"] - culture["role=staff"]["score"] > 10
    harassment = next(q for q in published["questions"] if q["key"] == "cult-complaints")["results"]
    assert harassment["sex=female"]["score"] < harassment["sex=male"]["score"]

    again = runner.invoke(args=["demo", "--if-empty"])
    assert again.exit_code == 0
    assert "already has data" in again.output
