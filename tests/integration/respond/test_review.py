"""The review page shows every answer given, by page, each with a link to change it."""

from __future__ import annotations

import re


def review_item(page: str, key: str) -> str:
    match = re.search(rf'id="review-item-{key}".*?</div>', page, re.S)
    assert match, key
    return match.group(0)


def test_review_shows_every_answer_with_a_link_back(make_round, respondent):
    person = respondent(make_round(), "mp", {"sex": "female"})
    person.post("profile", {"p-years": "4"})
    person.save_page(1, {"q-rep-women-leadership": "3", "q-rep-minorities-seats": "12"})
    person.save_page(2, {"c-ovs-budget": "Төсөв <b>"})
    page = person.client.get(person.url("review")).get_data(as_text=True)
    assert "3 – Fair" in review_item(page, "rep-women-leadership")
    assert "/page/1#item-rep-women-leadership" in review_item(page, "rep-women-leadership")
    assert ">12<" in review_item(page, "rep-minorities-seats")
    assert "review-item-ovs-tools" not in page  # a staff question
    budget = review_item(page, "ovs-budget")
    assert "Төсөв &lt;b&gt;" in budget and "Not answered" in budget  # a comment, no value
    # Required and unanswered: marked so, with a link to answer it.
    committee = review_item(page, "ovs-committee")
    assert "required before you can submit" in committee
    assert "/page/2#item-ovs-committee" in committee
    # The profile fields the respondent gave, with a link back to the profile page.
    assert ">4<" in review_item(page, "years") and "/profile#item-years" in page


def test_review_reads_answers_in_mongolian(make_round, respondent):
    person = respondent(make_round())
    person.save_page(1, {"q-rep-women-leadership": "dk"})
    person.save_page(2, {"q-ovs-tools": ["hearings", "questions"]})
    person.client.get("/language/mn")
    page = person.client.get(person.url("review")).get_data(as_text=True)
    assert "Мэдэхгүй" in review_item(page, "rep-women-leadership")
    assert "Сонсгол; Асуулга" in review_item(page, "ovs-tools")


def test_each_page_says_its_size_and_the_time_left(make_round, respondent, invite, web_client):
    from selfassess.respond.pages import SECONDS

    person = respondent(make_round(), "mp", {"sex": "female"})
    page = person.client.get(person.url("page/1")).get_data(as_text=True)
    # mp page 1: two scales and a number (25 + 25 + 20 s), page 2: choice, text, scale.
    assert SECONDS["scale"] == 25 and SECONDS["number"] == 20
    assert "3 questions on this page · about 2 minutes." in page
    assert "About 4 minutes left in all." in page
    person.save_page(1, {"q-rep-women-leadership": "1", "q-rep-women-harassment": "2"})
    page = person.client.get(person.url("page/2")).get_data(as_text=True)
    assert "about 3 minutes." in page and "left in all" not in page
    issued = invite(make_round("other"), "mp")
    browser = web_client()
    browser.get(f"/r/{issued.token}")
    consent = browser.get("/r/other/consent").get_data(as_text=True)
    assert "Answering takes about 4 minutes." in consent
