"""A question only the panel grades (``assessed_by: [panel]``) never reaches a respondent."""

from __future__ import annotations

import numpy as np
import pytest

from selfassess.instrument import load
from selfassess.respond.pages import pages_for
from selfassess.services import responses
from selfassess.services.demo import simulate
from selfassess.services.errors import InvalidInput
from tests.conftest import BUNDLED
from tests.integration.respond.conftest import answers_of
from tests.unit.instrument.instrument_helpers import DATA

PANEL = DATA / "panel.yaml"
PANEL_ONLY = "rep-rules-reviewed"


def test_pages_leave_the_panel_only_question_out(make_round, respondent):
    round_ = make_round("panel", PANEL)
    for role in ("mp", "staff"):
        person = respondent(round_, role)
        html = person.client.get(person.url("page/1")).get_data(as_text=True)
        assert 'data-question="rep-leadership"' in html
        assert PANEL_ONLY not in html
        culture = person.client.get(person.url("page/2")).get_data(as_text=True)
        assert 'data-question="cult-harassment"' in culture  # survey only: shown
        shown = [q.key for p in pages_for(round_.version.load(), role) for q in p.questions]
        assert PANEL_ONLY not in shown and "cult-harassment" in shown


def test_autosave_refuses_an_answer_to_it(make_round, respondent):
    person = respondent(make_round("panel", PANEL), "mp")
    reply = person.autosave({"question": PANEL_ONLY, "value": "4"})
    assert reply.status_code == 400 and "error" in reply.get_json()
    assert answers_of(person.response()) == {}


def test_the_service_refuses_it_whatever_calls_it(make_round, respondent):
    round_ = make_round("panel", PANEL)
    person = respondent(round_, "mp")
    with pytest.raises(InvalidInput, match="rep-rules-reviewed is graded by the panel only"):
        responses.save_answers(
            person.response(), round_.version.load(), [responses.Change(PANEL_ONLY, "4")]
        )
    assert answers_of(person.response()) == {}


def test_a_page_post_carrying_it_stores_nothing_for_it(make_round, respondent):
    person = respondent(make_round("panel", PANEL), "staff")
    reply = person.save_page(1, {"q-rep-leadership": "3", f"q-{PANEL_ONLY}": "5"})
    assert reply.status_code == 302
    assert answers_of(person.response()) == {"rep-leadership": ("3", None)}


def test_submitting_does_not_wait_for_it_even_when_required(make_round, respondent, tmp_path):
    required = tmp_path / "panel.yaml"
    text = PANEL.read_text(encoding="utf-8")
    required.write_text(
        text.replace("assessed_by: [panel]\n", "assessed_by: [panel]\n        required: true\n"),
        encoding="utf-8",
    )
    assert "required: true" in required.read_text(encoding="utf-8")
    person = respondent(make_round("panel", required), "mp")
    person.autosave({"question": "rep-leadership", "value": "2"})
    assert person.submit().status_code == 302


def test_the_demo_simulates_no_answers_to_panel_only_questions():
    definition, _ = load(BUNDLED)
    assert definition is not None
    panel_only = {q.key for q in definition.iter_questions() if not q.surveyed}
    assert panel_only, "the bundled questionnaire has criteria only a panel grades"
    simulated = simulate(definition, np.random.default_rng(7))
    answered = {row["question"] for rows in simulated.answers for row in rows}
    assert answered and not answered & panel_only
