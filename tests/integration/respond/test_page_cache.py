"""The questionnaire page served from its skeleton (respond/skeleton.py): the same bytes as
the template writes, nobody else's answers, and few queries per request."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event

from selfassess.extensions import db
from selfassess.respond import skeleton
from selfassess.respond.express_grants import Remembered
from selfassess.services import rounds

CSRF_VALUE = re.compile(r'(name="csrf_token" type="hidden" value=")[^"]+"')

#: Answers of every kind the minimal questionnaire has, with characters to escape.
PAGE_1 = {"q-rep-women-leadership": "3", "q-rep-minorities-seats": "12.5"}
PAGE_2 = {
    "q-ovs-committee": "yes",
    "q-ovs-tools": ["hearings", "questions"],
    "q-ovs-example": 'A "hearing" <b>on</b> budgets & more\nsecond line',
    "c-ovs-example": "Évidence: <script>alert('x')</script>",
    "q-ovs-budget": "dk",
}


def _page(person, number: int) -> str:  # type: ignore[no-untyped-def]
    reply = person.client.get(person.url(f"page/{number}"))
    assert reply.status_code == 200
    return CSRF_VALUE.sub(r'\1TOKEN"', reply.get_data(as_text=True))


def _both(app: Flask, person, number: int) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """The page from its skeleton, then rendered by the template alone."""
    app.config["RESPOND_PAGE_CACHE"] = True
    cached = _page(person, number)
    app.config["RESPOND_PAGE_CACHE"] = False
    try:
        return cached, _page(person, number)
    finally:
        app.config["RESPOND_PAGE_CACHE"] = True


def test_a_page_from_its_skeleton_is_the_page_the_template_writes(app, make_round, respondent):
    skeleton.pages.clear()
    round_ = make_round()
    person = respondent(round_, role="staff")
    for number in (1, 2):  # nothing answered yet
        cached, rendered = _both(app, person, number)
        assert cached == rendered
    person.save_page(1, PAGE_1)
    person.save_page(2, PAGE_2)
    person.client.get(person.url("page/1"))  # shows the flashed message the ordinary way
    for number in (1, 2):
        cached, rendered = _both(app, person, number)
        assert cached == rendered
        assert " checked" in cached
    assert "A &#34;hearing&#34; &lt;b&gt;on&lt;/b&gt; budgets &amp; more" in cached
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in cached
    assert "<script>alert" not in cached
    person.client.get("/language/mn")
    cached, rendered = _both(app, person, 2)
    assert cached == rendered and "Жишээ дурдана уу." in cached
    mp = respondent(round_, role="mp")
    cached, rendered = _both(app, mp, 1)
    assert cached == rendered and "rep-women-harassment" in cached


def test_one_skeleton_serves_every_respondent_and_shows_only_their_own_answers(
    make_round, respondent
):
    skeleton.pages.clear()
    round_ = make_round()
    first, second = respondent(round_), respondent(round_)
    secret = "only the first respondent wrote this"
    assert first.autosave({"question": "ovs-example", "value": secret}).status_code == 200
    assert first.autosave({"question": "ovs-committee", "value": "yes"}).status_code == 200
    assert secret in _page(first, 2)
    kept = len(skeleton.pages._kept)
    # As much left to answer as the first (the time left is part of the skeleton's key).
    assert second.autosave({"question": "ovs-example", "value": "mine"}).status_code == 200
    assert second.autosave({"question": "ovs-committee", "value": "no"}).status_code == 200
    theirs = _page(second, 2)
    assert len(skeleton.pages._kept) == kept  # the same skeleton, filled for them
    assert secret not in theirs and "mine" in theirs
    assert re.search(r'<input checked [^>]*id="q-ovs-committee-1"', theirs)
    assert not re.search(r'<input checked [^>]*id="q-ovs-committee-0"', theirs)
    assert re.search(r'<input checked [^>]*id="q-ovs-committee-0"', _page(first, 2))


def test_a_renamed_round_shows_its_new_title_at_once(make_round, respondent):
    round_ = make_round()
    person = respondent(round_)
    assert "Minimal self-assessment" in _page(person, 1)
    round_.titles = {**round_.titles, "en": "Baseline 2027"}
    db.session.commit()
    assert "Baseline 2027" in _page(person, 1)


def test_a_closed_round_is_never_served_from_a_skeleton(make_round, respondent):
    round_ = make_round()
    person = respondent(round_)
    _page(person, 1)
    rounds.close_round(round_.slug)
    assert person.client.get(person.url("page/1")).status_code == 403


@contextmanager
def counted() -> Iterator[list[str]]:
    """The SQL statements run meanwhile (the test client's requests included), but the
    savepoints the rolled-back test transaction puts around each request."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if not statement.startswith(("SAVEPOINT ", "RELEASE SAVEPOINT ", "ROLLBACK TO ")):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def test_the_page_runs_one_query_and_the_autosave_one_write(app, make_round, respondent):
    person = respondent(make_round())
    token = person.csrf()
    assert person.autosave({"question": "rep-women-leadership", "value": "2"}).status_code == 200
    _page(person, 1)  # warm: the skeleton is built
    with counted() as page:
        _page(person, 1)
    # the round, its version, the granted response and its revocation, then the answers
    assert len(page) == 1 and " UNION ALL " in page[0], page
    express = app.extensions["express"]
    for remembered in (False, True):
        if not remembered:  # a process that has not read this browser's grant yet
            express.remembered = Remembered()
        with counted() as autosave:
            reply = person.client.post(
                person.url("autosave"),
                json={"question": "rep-women-leadership", "value": "4"},
                headers={"X-CSRFToken": token},
            )
            assert reply.status_code == 200
        # the grant, unless this process read it lately (the write checks it again); the
        # response touched and the answer upserted, in one statement on PostgreSQL (one
        # round trip), in two on SQLite (respond/express_save.py)
        read = autosave[:1] if not remembered else []
        assert all(s.startswith("SELECT") for s in read), read
        writes = [" ".join(s.split()) for s in autosave[len(read) :]]
        if db.engine.dialect.name == "postgresql":
            assert len(writes) == 1 and writes[0].startswith("WITH touched AS (UPDATE responses")
            assert "ON CONFLICT (response_id, question) DO UPDATE" in writes[0]
        else:
            assert [w.split()[0] for w in writes] == ["UPDATE", "INSERT"], writes


def test_a_head_request_never_builds_the_skeleton_others_get(make_round, respondent):
    """The template writes the language links' ``next=`` on GET only: a skeleton built
    on HEAD would take them away from everyone after."""
    skeleton.pages.clear()
    round_ = make_round()
    first, second = respondent(round_), respondent(round_)
    assert first.client.head(first.url("page/1")).status_code == 200
    assert len(skeleton.pages._kept) == 0
    links = re.findall(r'href="(/language/[^"]*)"', second.client.get(second.url("page/1")).text)
    assert links and all("next=" in link for link in links)
