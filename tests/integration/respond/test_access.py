"""Getting in: links, access codes, refusals, rate limits, CSRF, one's own response only."""

from __future__ import annotations

import pytest

from selfassess.services import rounds
from tests.integration.respond.conftest import Respondent, answers_of, session_csrf


def test_the_link_grants_the_invitation_and_leaves_the_address_bar(make_round, invite, web_client):
    round_ = make_round()
    issued = invite(round_)
    person = Respondent(web_client(), round_)
    entered = person.enter(issued.token)
    assert entered.status_code == 302 and entered.location == "/r/test-round/continue"
    assert person.client.get(entered.location).location == "/r/test-round/consent"
    consent = person.client.get("/r/test-round/consent").get_data(as_text=True)
    assert "I agree, start" in consent and "24 months" in consent
    assert "the link between your invitation and your answers is deleted" in consent
    assert person.client.get("/r/test-round/page/1").location == "/r/test-round/consent"
    assert person.consent().status_code == 302
    response = person.response()
    assert response.consented_at is not None and response.role == "staff"


def test_the_access_code_grants_the_same_as_the_link(make_round, invite, web_client):
    round_ = make_round()
    issued = invite(round_)
    person = Respondent(web_client(), round_)
    page = person.client.get("/r/code")
    assert page.status_code == 200 and 'name="code"' in page.get_data(as_text=True)
    typed = issued.code[:4].lower() + " - " + issued.code[4:]
    entered = person.client.post("/r/code", data={"code": typed, "csrf_token": person.csrf()})
    assert entered.status_code == 302 and entered.location == "/r/test-round/continue"
    assert person.consent().status_code == 302


def test_coming_back_with_the_link_finds_every_answer(make_round, respondent, web_client):
    round_ = make_round()
    person = respondent(round_)
    person.save_page(1, {"q-rep-women-leadership": "5"})
    person.autosave({"question": "ovs-example", "value": "a hearing in May"})
    later = Respondent(web_client(), round_)  # another browser, days later
    assert later.enter(person.token).status_code == 302
    assert later.response().id == person.response().id
    assert later.client.get(later.url("continue")).location == "/r/test-round/page/1"
    page = later.client.get(later.url("page/2")).get_data(as_text=True)
    assert "a hearing in May" in page


def test_a_wrong_link_is_refused_and_rate_limited(app, make_round, invite, web_client):
    app.config["RATELIMIT_ACCESS_CODE"] = "3 per minute"
    round_ = make_round()
    issued = invite(round_)
    client = web_client()
    for _ in range(5):  # links that work do not count against the limit
        assert client.get(f"/r/{issued.token}").status_code == 302
    for _ in range(3):
        refused = client.get("/r/" + "x" * 32)
        assert refused.status_code == 404
        assert "This link does not work" in refused.get_data(as_text=True)
    assert client.get("/r/" + "y" * 32).status_code == 429
    assert client.head("/r/" + "y" * 32).status_code == 429  # HEAD counts like GET
    # A working link is never refused, even from a browser over its limit (issue 10).
    assert client.get(f"/r/{issued.token}").status_code == 302


def test_a_wrong_code_is_refused_and_rate_limited(app, make_round, invite, web_client):
    app.config["RATELIMIT_ACCESS_CODE"] = "3 per minute"
    issued = invite(make_round())
    client = web_client()
    token = session_csrf(client)
    for wrong in ("AAAA-AAAA-AA", "", "BBBBBBBBBB"):
        reply = client.post("/r/code", data={"code": wrong, "csrf_token": token})
        assert reply.status_code in (404, 422)
        assert 'class="error-summary"' in reply.get_data(as_text=True)
    assert (
        client.post("/r/code", data={"code": issued.code, "csrf_token": token}).status_code == 429
    )


def test_an_expired_link_or_code_is_refused(make_round, invite, web_client):
    round_ = make_round()
    issued = invite(round_)
    rounds.close_round(round_.slug)
    client = web_client()
    refused = client.get(f"/r/{issued.token}")
    assert refused.status_code == 403
    assert "This assessment is closed" in refused.get_data(as_text=True)
    token = session_csrf(client)
    assert (
        client.post("/r/code", data={"code": issued.code, "csrf_token": token}).status_code == 403
    )


def test_a_used_link_is_refused_without_the_resume_secret(make_round, respondent, web_client):
    round_ = make_round()
    person = respondent(round_)
    person.save_page(2, {"q-ovs-committee": "yes"})
    assert person.submit().status_code == 302
    stranger = web_client()
    refused = stranger.get(f"/r/{person.token}")
    assert refused.status_code == 403
    page = refused.get_data(as_text=True)
    assert "already been used" in page and 'name="code"' in page
    assert stranger.get("/r/test-round/done").status_code == 403


def test_pages_of_a_round_need_a_grant(make_round, web_client):
    make_round()
    client = web_client()
    for path in ("continue", "consent", "page/1", "review", "done", "profile"):
        reply = client.get(f"/r/test-round/{path}")
        assert reply.status_code == 403, path
        assert "Open your invitation first" in reply.get_data(as_text=True)
    assert client.get("/r/no-such-round/page/1").status_code == 404


def test_a_respondent_reaches_only_their_own_response(make_round, respondent):
    round_ = make_round()
    one, two = respondent(round_), respondent(round_)
    one.autosave({"question": "ovs-example", "value": "only mine"})
    two.autosave({"question": "ovs-example", "value": "mine too"})
    assert answers_of(one.response()) == {"ovs-example": ("only mine", None)}
    assert answers_of(two.response()) == {"ovs-example": ("mine too", None)}
    assert "only mine" not in two.client.get(two.url("page/2")).get_data(as_text=True)
    assert one.response().id != two.response().id


def test_a_grant_for_one_round_opens_no_other(make_round, respondent, invite):
    first = make_round("first")
    second = make_round("second")
    invite(second)
    person = respondent(first)
    assert person.client.get("/r/second/page/1").status_code == 403
    # Even a session naming the other round's id with this response is refused.
    with person.client.session_transaction() as session:
        grant = session["respond"][str(first.id)]
        session["respond"] = {str(second.id): grant}
    assert person.client.get("/r/second/page/1").status_code == 403
    assert person.client.get("/r/first/page/1").status_code == 403


def test_a_tampered_session_cookie_grants_nothing(make_round, respondent):
    person = respondent(make_round())
    assert person.client.get(person.url("page/1")).status_code == 200
    cookie = person.client.get_cookie("session")
    forged = cookie.value[:-2] + ("AA" if not cookie.value.endswith("AA") else "BB")
    person.client.set_cookie("session", forged)
    assert person.client.get(person.url("page/1")).status_code == 403


@pytest.fixture
def post_routes(app):  # type: ignore[no-untyped-def]
    """Every POST route of the respondent pages, with its slug filled in."""
    return sorted(
        rule.rule.replace("<slug>", "test-round").replace("<int:number>", "1")
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("respond.") and "POST" in (rule.methods or ())
    )


def test_every_post_without_a_csrf_token_is_refused(make_round, respondent, post_routes):
    person = respondent(make_round())
    assert len(post_routes) >= 9, post_routes
    for path in post_routes:
        form = person.client.post(path, data={"code": "X", "q-rep-women-leadership": "1"})
        assert form.status_code == 400, path
        json = person.client.post(path, json={"question": "ovs-example", "value": "x"})
        assert json.status_code == 400, path
    assert answers_of(person.response()) == {}


def test_the_notice_says_what_the_invitation_already_holds(make_round, invite, web_client):
    round_ = make_round()
    issued = invite(round_, "mp", {"sex": "female"})
    person = Respondent(web_client(), round_)
    person.enter(issued.token)
    notice = person.client.get(person.url("consent")).get_data(as_text=True)
    assert "Given with your invitation: Sex: Female." in notice
    assert "that you choose to give: Years in parliament." in notice
