"""The bundled questionnaire, answered through the web by each role."""

from __future__ import annotations

import re

import pytest

from selfassess.models import ResponseState
from selfassess.respond.pages import pages_for
from tests.conftest import BUNDLED


@pytest.mark.parametrize("role", ["mp", "staff"])
def test_every_page_of_the_bundled_questionnaire_answers(make_round, respondent, role):
    round_ = make_round("bundled", BUNDLED)
    definition = round_.version.load()
    person = respondent(round_, role, {"sex": "female"})
    pages = pages_for(definition, role)
    assert [p.dimension.key for p in pages] == [d.key for d in definition.dimensions]
    for page in pages:
        html = person.client.get(person.url(f"page/{page.number}")).get_data(as_text=True)
        assert f"Page {page.number} of {len(pages)}" in html
        shown = set(re.findall(r'data-question="([^"]+)"', html))
        assert shown == {q.key for q in page.questions}
        assert all(role in definition.question(key).roles for key in shown)
    answers = {"answers": []}
    for question in definition.iter_questions():
        if not question.applies_to(role):
            continue
        value = {
            "scale": "dk",
            "choice": question.options[0].code if question.options else "",
            "multi": [o.code for o in question.options[:2]],
            "number": "12",
            "text": "Хүний эрхийн хороо",
        }[question.type]
        answers["answers"].append({"question": question.key, "value": value})
    reply = person.autosave(answers)
    assert reply.status_code == 200, reply.get_data(as_text=True)
    assert len(reply.get_json()["saved"]) == len(answers["answers"])
    assert person.submit().status_code == 302
    assert person.response().state is ResponseState.SUBMITTED
