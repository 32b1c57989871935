"""Nothing is cut silently: a text over its limit is refused with a message, and the page
counts characters instead of truncating them (no ``maxlength``)."""

from __future__ import annotations

from tests.integration.respond.conftest import answers_of


def test_a_too_long_comment_is_refused_not_cut(make_round, respondent):
    person = respondent(make_round())
    long = "ө" * 5_001
    reply = person.autosave({"question": "ovs-budget", "comment": long})
    assert reply.status_code == 400
    assert "5000" in reply.json["error"] or "5,000" in reply.json["error"]
    assert answers_of(person.response()) == {}
    page = person.save_page(2, {"c-ovs-budget": long, "q-ovs-committee": "yes"})
    assert page.status_code == 422
    assert "At most 5,000 characters; this text has 5,001." in page.get_data(as_text=True)
    # The other answer of the page is saved; the comment is not, in no shortened form.
    assert answers_of(person.response()) == {"ovs-committee": ("yes", None)}
    exactly = "ө" * 5_000
    assert person.autosave({"question": "ovs-budget", "comment": exactly}).status_code == 200
    assert answers_of(person.response())["ovs-budget"] == ("", exactly)


def test_the_service_refuses_rather_than_truncates(app, make_round, respondent):
    import pytest

    from selfassess.extensions import db
    from selfassess.services.errors import InvalidInput
    from selfassess.services.responses import Change, save_answers

    person = respondent(make_round())
    response = person.response()
    definition = response.round.version.load()
    with pytest.raises(InvalidInput):
        save_answers(response, definition, [Change("ovs-example", value="x" * 10_001)])
    db.session.rollback()
    assert answers_of(person.response()) == {}


def test_limited_texts_have_a_counter_and_no_maxlength(make_round, respondent):
    person = respondent(make_round())
    page = person.client.get(person.url("page/2")).get_data(as_text=True)
    assert "maxlength" not in page
    assert 'data-limit="5000"' in page and 'data-limit="10000"' in page
    assert 'data-count-of="%(count)s of %(limit)s characters"' in page
    assert 'data-refused-one="Not saved: fix %(num)s answer"' in page
    assert 'data-refused-many="Not saved: fix %(num)s answers"' in page
