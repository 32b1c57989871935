"""What the express page reads (``express._with_answers``), and its reading pool's
connections: only this round's granted answers leave the database, and a connection
the server dropped is replaced (found by a review)."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from selfassess.extensions import db
from selfassess.respond import express as express_module
from selfassess.respond import skeleton
from selfassess.respond.express import SERVED
from tests.integration.respond.conftest import Respondent


def test_a_page_reads_no_answers_of_a_grant_held_for_another_round(
    make_round, invite, web_client, seen
):
    """A browser granted responses in rounds A and B opens a page of B: the read for the
    grant it holds in A (A's round and response, B's slug) returns nothing, A's answers
    included."""
    skeleton.pages.clear()
    first, second = make_round("round-a"), make_round("round-b")
    client = web_client()
    in_a, in_b = Respondent(client, first), Respondent(client, second)
    for person, round_ in ((in_a, first), (in_b, second)):
        assert person.enter(invite(round_, "staff", {}).token).status_code == 302
        assert person.consent().status_code == 302
        if person is in_a:
            response_of_a = in_a.response().id  # while it is the one grant held
    assert in_a.autosave({"question": "ovs-example", "value": "from A"}).status_code == 200
    assert in_b.autosave({"question": "ovs-example", "value": "from B"}).status_code == 200
    in_b.client.get(in_b.url("page/2"))  # the skeleton is built
    page = in_b.client.get(in_b.url("page/2")).get_data(as_text=True)
    assert seen[-1][SERVED] and "from B" in page and "from A" not in page
    held_in_a = {
        "round_id": first.id,
        "slug": second.slug,
        "response_id": response_of_a,
        "invitation_id": None,
    }
    assert express_module._GRANTED_AND_SAVED.rows(db.session.connection(), held_in_a) == []
    mine = {**held_in_a, "slug": first.slug}  # A's own page reads them
    assert [
        row["value"]
        for row in express_module._GRANTED_AND_SAVED.rows(db.session.connection(), mine)
        if row["version_id"] is None
    ] == ["from A"]


@pytest.mark.commits  # the express path's own pools, not the test's connection
def test_a_reading_connection_the_server_dropped_is_replaced(app, make_round, respondent, seen):
    """PostgreSQL restarted, failed over, or a proxy closed an idle connection: the next
    request on it goes to the app, and the pool replaces it (the rollback when it comes
    back finds it dead), so the express path serves again."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("only a server drops its clients' connections")
    round_ = make_round()
    db.session.commit()
    person = respondent(round_, "mp", {"sex": "female"})
    person.client.get(person.url("page/1"))  # the skeleton is built
    assert person.client.get(person.url("page/1")).status_code == 200 and seen[-1][SERVED]
    engine = app.extensions["express"].pools._engine(writing=False)
    with engine.connect() as connection:
        backend = connection.connection.driver_connection.info.backend_pid
    with db.engine.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
    time.sleep(0.2)
    served = []
    for _ in range(3):
        assert person.client.get(person.url("page/1")).status_code == 200
        served.append(seen[-1][SERVED])
    assert served == [False, True, True], served
