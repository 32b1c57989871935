"""A reopened response keeps counting with its last submitted answers (scoring.md), and
every page tells the respondent what counts."""

from __future__ import annotations

import json

from selfassess.extensions import db
from selfassess.models import CountedAnswer
from selfassess.services import rounds
from tests.integration.respond.conftest import answers_of


def results(runner, slug: str = "test-round"):  # type: ignore[no-untyped-def]
    outcome = runner.invoke(args=["results", slug, "--format", "json"])
    assert outcome.exit_code == 0, outcome.output
    return json.loads(outcome.output)


def leadership(document) -> dict:  # type: ignore[no-untyped-def]
    question = next(q for q in document["questions"] if q["key"] == "rep-women-leadership")
    return question["results"]["all"]


def submit_many(make_round, respondent, values: list[str]):  # type: ignore[no-untyped-def]
    round_ = make_round(min_group_size=1)
    people = []
    for value in values:
        person = respondent(round_, "staff", {"sex": "female"})
        person.save_page(1, {"q-rep-women-leadership": value})
        person.save_page(2, {"q-ovs-committee": "yes"})
        assert person.submit().status_code == 302
        people.append(person)
    return round_, people


def test_reopening_keeps_the_submitted_answers_in_the_results(make_round, respondent, runner):
    _, (first, _second) = submit_many(make_round, respondent, ["5", "3"])
    before = results(runner)
    assert before["responses"] == {"submitted": 2, "draft": 0}
    assert leadership(before)["score"] == 80.0

    assert first.post("reopen", {}).status_code == 302
    first.save_page(1, {"q-rep-women-leadership": "0"})
    first.post("profile", {"p-sex": "male"})
    during = results(runner)
    # Still two submitted responses, with the first one's submitted answer (5), not 0.
    assert during["responses"] == {"submitted": 2, "draft": 0}
    assert leadership(during)["score"] == 80.0
    assert during["groups"] == before["groups"]
    assert answers_of(first.response())["rep-women-leadership"] == ("0", None)

    assert first.submit().status_code == 302
    after = results(runner)
    assert after["responses"] == {"submitted": 2, "draft": 0}
    assert leadership(after)["score"] == 30.0  # (0 + 60) / 2
    assert db.session.query(CountedAnswer).count() == 0


def test_a_reopened_response_counts_after_the_round_closes(make_round, respondent, runner):
    _, (first, _second) = submit_many(make_round, respondent, ["5", "3"])
    first.post("reopen", {})
    first.save_page(1, {"q-rep-women-leadership": "1"})
    rounds.close_round("test-round")
    document = results(runner)
    assert document["responses"]["submitted"] == 2
    assert leadership(document)["score"] == 80.0
    page = first.client.get(first.url("review"))
    assert page.status_code == 403
    text = page.get_data(as_text=True)
    assert "reopened" in text and "not submitted again" in text
    assert "The answers you submitted on" in text


def test_every_respondent_page_says_that_earlier_answers_count(make_round, respondent):
    _, (person,) = submit_many(make_round, respondent, ["4"])
    done = person.client.get(person.url("done")).get_data(as_text=True)
    assert "keep counting" in done
    reopened = person.post("reopen", {})
    assert reopened.location.endswith("/review")
    for path in ("review", "page/1", "page/2"):
        page = person.client.get(person.url(path)).get_data(as_text=True)
        assert "Your earlier answers count until you submit again." in page, path
    person.client.get("/language/mn")
    page = person.client.get(person.url("review")).get_data(as_text=True)
    assert "Your earlier answers count until you submit again." not in page


def test_a_draft_never_submitted_is_told_it_does_not_count_when_closed(make_round, respondent):
    round_ = make_round()
    person = respondent(round_)
    person.save_page(1, {"q-rep-women-leadership": "2"})
    rounds.close_round(round_.slug)
    text = person.client.get(person.url("review")).get_data(as_text=True)
    assert "was not submitted" in text
