"""Answering: pages built from the definition, saving (PRG and autosave), review, submit."""

from __future__ import annotations

import re

from selfassess.models import Answer, Response, ResponseState
from selfassess.services import rounds
from tests.integration.respond.conftest import answers_of


def test_a_page_has_one_fieldset_per_item_with_the_field_its_type_asks_for(make_round, respondent):
    person = respondent(make_round(), role="staff")
    page = person.client.get(person.url("page/2")).get_data(as_text=True)
    assert "Page 2 of 2" in page and "<progress" in page
    # choice -> radios, multi -> checkboxes, text -> textarea plus a comment textarea
    assert 'type="radio" value="yes"' in page
    assert 'type="checkbox" value="hearings"' in page
    assert "<textarea" in page and 'name="q-ovs-example"' in page
    assert 'name="c-ovs-example"' in page and 'name="c-ovs-budget"' in page
    assert page.count("<fieldset") == 4 and page.count("<legend") == 4
    assert "(required)" in page
    first = person.client.get(person.url("page/1")).get_data(as_text=True)
    # scale -> radios with the missing codes set apart; number -> min and max
    missing_group = first.index("choices-missing")
    assert first.index('value="5"') < missing_group < first.index('value="dk"')
    assert 'type="number"' in first and 'min="0"' in first and 'max="126"' in first
    assert "Speaker, deputies, committee chairs." in first  # help text


def test_only_the_respondents_role_gets_its_questions(make_round, respondent):
    round_ = make_round()
    staff = respondent(round_, role="staff").client.get("/r/test-round/page/1")
    mp = respondent(round_, role="mp").client.get("/r/test-round/page/1")
    assert "rep-women-harassment" not in staff.get_data(as_text=True)
    assert "rep-women-harassment" in mp.get_data(as_text=True)


def test_saving_a_page_redirects_to_the_next_and_keeps_the_answers(make_round, respondent):
    person = respondent(make_round())
    reply = person.save_page(1, {"q-rep-women-leadership": "3", "q-rep-minorities-seats": "4"})
    assert reply.status_code == 302 and reply.location.endswith("/page/2")
    assert answers_of(person.response()) == {
        "rep-women-leadership": ("3", None),
        "rep-minorities-seats": ("4", None),
    }
    numeric = {a.question: a.numeric for a in person.response().answers}
    assert numeric == {"rep-women-leadership": 3.0, "rep-minorities-seats": 4.0}
    again = person.client.get(person.url("page/1")).get_data(as_text=True)
    assert re.search(r'<input checked [^>]*id="q-rep-women-leadership-3"', again)
    assert 'value="4"' in again  # the number


def test_required_items_are_not_enforced_while_saving_but_at_submission(make_round, respondent):
    person = respondent(make_round())
    assert person.save_page(1, {}).status_code == 302
    assert person.save_page(2, {"q-ovs-example": "an example"}, go="review").status_code == 302
    refused = person.submit()
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Is there a human rights committee?" in page
    assert "/page/2#item-ovs-committee" in page  # a link to the missing item
    assert person.response().state is ResponseState.DRAFT

    person.save_page(2, {"q-ovs-committee": "yes"}, go="review")
    done = person.submit()
    assert done.status_code == 302 and done.location.endswith("/done")
    assert person.response().state is ResponseState.SUBMITTED


def test_a_wrong_value_is_shown_with_its_error_and_the_other_answers_are_saved(
    make_round, respondent
):
    person = respondent(make_round())
    reply = person.save_page(1, {"q-rep-women-leadership": "2", "q-rep-minorities-seats": "500"})
    assert reply.status_code == 422
    page = reply.get_data(as_text=True)
    assert 'class="error-summary"' in page and 'href="#q-rep-minorities-seats"' in page
    assert 'aria-describedby="q-rep-minorities-seats-error"' in page
    assert 'aria-invalid="true"' in page
    assert "Enter a number from 0 to 126." in page
    assert answers_of(person.response()) == {"rep-women-leadership": ("2", None)}


def test_a_value_that_is_not_an_option_is_refused(make_round, respondent):
    person = respondent(make_round())
    reply = person.save_page(1, {"q-rep-women-leadership": "9"})
    assert reply.status_code == 422
    assert answers_of(person.response()) == {}


def test_autosave_writes_only_what_the_request_carries(make_round, respondent):
    person = respondent(make_round())
    ok = person.autosave({"question": "ovs-budget", "value": "dk", "comment": "see the report"})
    assert ok.status_code == 200, ok.get_data(as_text=True)
    assert (
        person.autosave({"question": "ovs-budget", "comment": "the 2024 report"}).status_code == 200
    )
    assert answers_of(person.response()) == {"ovs-budget": ("dk", "the 2024 report")}
    numeric = {a.question: a.numeric for a in person.response().answers}
    assert numeric == {"ovs-budget": None}  # a missing code has no point value

    batch = {
        "answers": [
            {"question": "ovs-tools", "value": ["questions", "hearings"]},
            {"question": "rep-minorities-seats", "value": "12,5"},
        ]
    }
    assert person.autosave(batch).status_code == 200
    stored = answers_of(person.response())
    assert stored["ovs-tools"] == ("hearings;questions", None)  # in the options' order
    assert stored["rep-minorities-seats"] == ("12.5", None)

    # An empty value deletes that one answer; its comment keeps the row.
    assert person.autosave({"question": "ovs-budget", "value": ""}).status_code == 200
    assert answers_of(person.response())["ovs-budget"] == ("", "the 2024 report")
    assert person.autosave({"question": "ovs-budget", "comment": ""}).status_code == 200
    assert person.autosave({"question": "ovs-tools", "value": []}).status_code == 200
    assert answers_of(person.response()) == {"rep-minorities-seats": ("12.5", None)}


def test_autosave_refuses_what_is_not_an_answer(make_round, respondent):
    person = respondent(make_round(), role="staff")
    bad = [
        {"question": "rep-women-harassment", "value": "3"},  # mp only
        {"question": "nope", "value": "3"},
        {"question": "rep-women-leadership", "value": "7"},
        {"question": "rep-minorities-seats", "value": "-1"},
        {"question": "ovs-committee", "value": "yes", "comment": "no comment allowed"},
        ["not", "an", "object"],
        {"question": ["a", "list"], "value": "1"},
        {"answers": []},
    ]
    for payload in bad:
        reply = person.autosave(payload)
        assert reply.status_code == 400, payload
        assert "error" in reply.get_json()
    assert answers_of(person.response()) == {}


def test_a_stale_tab_does_not_overwrite_what_another_tab_saved(make_round, respondent):
    person = respondent(make_round())
    stale = person.client.get(person.url("page/2")).get_data(as_text=True)
    # Another tab answers two questions of the same page.
    person.autosave({"question": "ovs-example", "value": "from tab two"})
    person.autosave({"question": "ovs-committee", "value": "no"})
    # The stale tab, loaded before, now saves the page with one change of its own.
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', stale).group(1)
    loaded = re.search(r'name="loaded" type="hidden" value="([^"]*)"', stale).group(1)
    reply = person.client.post(
        person.url("page/2"),
        data={
            "csrf_token": token,
            "loaded": loaded.replace("&#34;", '"'),
            "q-ovs-example": "",
            "c-ovs-example": "",
            "q-ovs-budget": "4",
            "c-ovs-budget": "",
            "go": "next",
        },
    )
    assert reply.status_code == 302
    assert answers_of(person.response()) == {
        "ovs-example": ("from tab two", None),
        "ovs-committee": ("no", None),
        "ovs-budget": ("4", None),
    }


def test_clearing_every_checkbox_of_a_page_deletes_that_answer(make_round, respondent):
    person = respondent(make_round())
    person.save_page(2, {"q-ovs-tools": ["hearings"]})
    assert answers_of(person.response()) == {"ovs-tools": ("hearings", None)}
    person.save_page(2, {})
    assert answers_of(person.response()) == {}


def test_review_lists_unanswered_items_per_dimension_with_links(make_round, respondent):
    person = respondent(make_round())
    person.save_page(1, {"q-rep-women-leadership": "1"})
    page = person.client.get(person.url("review")).get_data(as_text=True)
    assert "1 of 2 answered" in page and "0 of 4 answered" in page
    assert "/page/1#item-rep-minorities-seats" in page
    assert "/page/2#item-ovs-committee" in page


def test_a_submitted_response_reopens_and_stays_one_response(app, make_round, respondent):
    from selfassess.extensions import db

    person = respondent(make_round())
    person.save_page(2, {"q-ovs-committee": "yes"})
    assert person.submit().status_code == 302
    # Saving a submitted response is refused until it is reopened.
    assert person.autosave({"question": "ovs-committee", "value": "no"}).status_code == 409
    assert person.client.get(person.url("page/1")).status_code == 302
    reopened = person.post("reopen", {})
    assert reopened.status_code == 302 and reopened.location.endswith("/review")
    assert person.autosave({"question": "ovs-committee", "value": "no"}).status_code == 200
    assert person.submit().status_code == 302
    assert db.session.query(Response).count() == 1
    assert answers_of(person.response()) == {"ovs-committee": ("no", None)}
    assert db.session.query(Answer).count() == 1


def test_a_closed_round_refuses_changes_with_a_clear_page(make_round, respondent):
    person = respondent(make_round())
    person.save_page(1, {"q-rep-women-leadership": "2"})
    token = person.client.get(person.url("page/1"))
    rounds.close_round("test-round")
    for reply in (
        person.client.get(person.url("page/1")),
        person.post("page/1", {"q-rep-women-leadership": "4"}),
        person.autosave({"question": "rep-women-leadership", "value": "4"}),
        person.client.get(f"/r/{person.token}"),
    ):
        assert reply.status_code == 403
    assert "This assessment is closed" in person.client.get(person.url("review")).get_data(
        as_text=True
    )
    assert answers_of(person.response()) == {"rep-women-leadership": ("2", None)}
    assert token.status_code == 200


def test_a_draft_round_is_not_open_yet(make_round, invite, client):
    round_ = make_round(state="draft")
    issued = invite(round_)
    reply = client.get(f"/r/{issued.token}")
    assert reply.status_code == 403
    assert "Not open yet" in reply.get_data(as_text=True)


def test_the_profile_page_asks_only_what_the_invitation_did_not_give(make_round, respondent):
    round_ = make_round()
    mp = respondent(round_, role="mp", profile={"sex": "female"})
    page = mp.client.get(mp.url("profile")).get_data(as_text=True)
    assert 'name="p-years"' in page and 'name="p-sex"' not in page
    reply = mp.post("profile", {"p-years": "7", "go": "next"})
    assert reply.status_code == 302 and reply.location.endswith("/page/1")
    assert mp.response().profile == {"sex": "female", "years": 7}
    assert mp.response().role == "mp"
    # Staff have no profile field left to answer: straight to the questions.
    staff = respondent(round_, role="staff", profile={"sex": "male"})
    assert staff.client.get(staff.url("profile")).location.endswith("/page/1")


def test_the_pages_speak_mongolian_when_chosen(make_round, respondent):
    person = respondent(make_round())
    person.client.get("/language/mn")
    page = person.client.get(person.url("page/1")).get_data(as_text=True)
    assert '<html lang="mn">' in page
    assert "Эмэгтэйчүүд удирдах албан тушаал хашдаг." in page
    assert "Мэдэхгүй" in page
