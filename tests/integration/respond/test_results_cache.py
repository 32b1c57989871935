"""The shared results cache (issue 16): every change to what a round counts bumps its
revision and invalidates the cached document, and two app instances on one database
serve the same numbers for the same revision."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask

from selfassess.extensions import db
from selfassess.models import ResultsCache, Round
from selfassess.services import consensus, imports, paper, revisions, rounds
from selfassess.services.consensus import GradeInput
from selfassess.services.responses import Change
from tests.conftest import DATA, make_app

PANEL = DATA / "instruments" / "panel.yaml"
LEADERSHIP = "rep-women-leadership"


def served(runner, slug: str = "test-round") -> dict:  # type: ignore[type-arg]
    outcome = runner.invoke(args=["results", slug, "--format", "json"])
    assert outcome.exit_code == 0, outcome.output
    return json.loads(outcome.output)


def leadership(document: dict) -> dict:  # type: ignore[type-arg]
    question = next(q for q in document["questions"] if q["key"] == LEADERSHIP)
    return question["results"]["all"]


def cached(round_id: int) -> ResultsCache | None:
    db.session.expire_all()
    return db.session.get(ResultsCache, round_id)


def answered(make_round, respondent, values: list[str]):  # type: ignore[no-untyped-def]
    round_ = make_round(min_group_size=1)
    people = []
    for value in values:
        person = respondent(round_, "staff", {"sex": "female"})
        person.save_page(1, {f"q-{LEADERSHIP}": value})
        person.save_page(2, {"q-ovs-committee": "yes"})
        assert person.submit().status_code == 302
        people.append(person)
    return round_, people


def test_the_document_is_cached_at_the_current_revision(make_round, respondent, runner):
    round_, _ = answered(make_round, respondent, ["5"])
    first = served(runner)
    entry = cached(round_.id)
    assert entry is not None and entry.revision == revisions.current(round_.id)
    assert json.loads(entry.document)["questions"] == first["questions"]
    # Served again from the row: a doctored cache shows that nothing was recomputed.
    doctored = json.loads(entry.document)
    doctored["method"] = "from the cache"
    entry.document = json.dumps(doctored)
    db.session.commit()
    assert served(runner)["method"] == "from the cache"


def test_submit_and_reopen_invalidate(make_round, respondent, runner):
    round_, (first, _) = answered(make_round, respondent, ["5", "3"])
    assert leadership(served(runner))["score"] == 80.0
    revision = revisions.current(round_.id)

    assert first.post("reopen", {}).status_code == 302
    assert revisions.current(round_.id) == revision + 1
    first.save_page(1, {f"q-{LEADERSHIP}": "0"})
    assert leadership(served(runner))["score"] == 80.0  # still the submitted answers

    assert first.submit().status_code == 302
    assert revisions.current(round_.id) == revision + 2
    assert leadership(served(runner))["score"] == 30.0
    assert cached(round_.id).revision == revision + 2  # type: ignore[union-attr]


def test_drafts_are_read_live(make_round, respondent, runner):
    round_, _ = answered(make_round, respondent, ["5"])
    assert served(runner)["responses"] == {"submitted": 1, "draft": 0}
    revision = revisions.current(round_.id)
    person = respondent(round_, "staff", {"sex": "female"})
    person.save_page(1, {f"q-{LEADERSHIP}": "1"})
    assert revisions.current(round_.id) == revision  # a draft counts for nothing
    assert served(runner)["responses"] == {"submitted": 1, "draft": 1}


def test_settings_import_and_paper_invalidate(make_round, respondent, runner, tmp_path: Path):
    round_, _ = answered(make_round, respondent, ["5"])
    assert leadership(served(runner))["score"] == 100.0

    rounds.update_settings("test-round", min_group_size=2)
    assert leadership(served(runner)).get("suppressed") is True or (
        leadership(served(runner))["score"] is None
    )

    rounds.update_settings("test-round", min_group_size=1)
    revision = revisions.current(round_.id)
    data = f"respondent,role,sex,{LEADERSHIP}\nr1,staff,female,0\n".encode()
    imports.import_file(round_, data, "forms.csv")
    assert revisions.current(round_.id) == revision + 1
    assert leadership(served(runner))["score"] == 50.0

    definition = round_.version.load()
    paper.record_form(
        round_, definition, number=7, role="staff", profile={"sex": "male"},
        changes=[Change(LEADERSHIP, "0")],
    )  # fmt: skip
    db.session.commit()
    assert revisions.current(round_.id) == revision + 2
    assert served(runner)["responses"]["submitted"] == 3


def test_an_agreed_grade_invalidates(make_round, runner):
    round_ = make_round(path=PANEL, min_group_size=1)
    before = served(runner)
    revision = revisions.current(round_.id)
    consensus.record_grade(
        round_, "rep-rules-reviewed", GradeInput(grade="4"), based_on=None, actor=None
    )
    db.session.commit()
    assert revisions.current(round_.id) == revision + 1
    after = served(runner)
    assert after["consensus"] != before["consensus"]


def test_two_app_instances_serve_the_same_numbers(
    app: Flask, database_url: str, make_round, respondent
):  # type: ignore[no-untyped-def]
    round_, (first, _) = answered(make_round, respondent, ["5", "3"])
    slug, round_id = round_.slug, round_.id
    db.session.commit()
    others = [make_app(database_url), make_app(database_url)]

    def document_of(other: Flask) -> tuple[int, dict]:  # type: ignore[type-arg]
        with other.app_context():
            theirs = db.session.get(Round, round_id)
            assert theirs is not None
            revision = revisions.current(round_id)
            return revision, revisions.results_document(theirs)

    a, b = (document_of(other) for other in others)
    assert a == b and leadership(a[1])["score"] == 80.0

    assert first.post("reopen", {}).status_code == 302
    first.save_page(1, {f"q-{LEADERSHIP}": "0"})
    assert first.submit().status_code == 302
    a, b = (document_of(other) for other in reversed(others))
    assert a == b and a[0] > 0 and leadership(a[1])["score"] == 30.0
    assert db.session.get(Round, round_id).slug == slug  # type: ignore[union-attr]
    for other in others:
        with other.app_context():
            db.engine.dispose()
