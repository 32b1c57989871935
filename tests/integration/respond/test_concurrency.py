"""Two tabs saving the same response at once: no error, no lost answer."""

from __future__ import annotations

import threading
from unittest import mock

from flask import current_app

from selfassess.extensions import db
from selfassess.services import responses
from selfassess.services.responses import Change
from tests.integration.respond.conftest import Respondent, answers_of

ROUNDS = 8


def second_tab(person: Respondent, web_client) -> Respondent:  # type: ignore[no-untyped-def]
    """Another tab of the same browser: the same session cookie."""
    tab = Respondent(web_client(), type("R", (), {"slug": person.slug})())
    tab.client.set_cookie("session", person.client.get_cookie("session").value)
    return tab


def run_together(*jobs) -> list[BaseException]:  # type: ignore[no-untyped-def]
    """Run the jobs in threads that start at the same moment; their exceptions."""
    app = current_app._get_current_object()
    barrier = threading.Barrier(len(jobs))
    failures: list[BaseException] = []

    def run(job) -> None:  # type: ignore[no-untyped-def]
        barrier.wait()
        try:
            with app.app_context():  # a thread of its own, like a server's
                job()
        except BaseException as error:  # collected and reported by the test
            failures.append(error)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return failures


def test_two_tabs_autosaving_at_once_lose_nothing(make_round, respondent, web_client):
    one = respondent(make_round())
    two = second_tab(one, web_client)
    csrf = one.csrf()

    def save(tab: Respondent, payloads: list[dict[str, object]]):  # type: ignore[no-untyped-def]
        def job() -> None:
            for payload in payloads:
                reply = tab.client.post(
                    tab.url("autosave"), json=payload, headers={"X-CSRFToken": csrf}
                )
                assert reply.status_code == 200, reply.get_data(as_text=True)

        return job

    for n in range(ROUNDS):
        # The same answer row from both sides: one writes its value, the other its comment.
        first = [
            {"question": "ovs-example", "value": f"example {n}"},
            {"question": "rep-women-leadership", "value": str(n % 6)},
            {"question": "ovs-committee", "value": "yes" if n % 2 else "no"},
        ]
        second = [
            {"question": "ovs-example", "comment": f"evidence {n}"},
            {"question": "rep-minorities-seats", "value": str(n)},
            {"question": "ovs-tools", "value": ["hearings"] if n % 2 else ["questions"]},
        ]
        assert run_together(save(one, first), save(two, second)) == []
        assert answers_of(one.response()) == {
            "ovs-example": (f"example {n}", f"evidence {n}"),
            "rep-women-leadership": (str(n % 6), None),
            "ovs-committee": ("yes" if n % 2 else "no", None),
            "rep-minorities-seats": (str(n), None),
            "ovs-tools": ("hearings" if n % 2 else "questions", None),
        }
        if n % 3 == 2:  # start again from nothing: the next round inserts every row afresh
            one.autosave(
                {"answers": [{"question": q, "value": ""} for q in answers_of(one.response())]}
            )
            one.autosave({"question": "ovs-example", "comment": ""})
            assert answers_of(one.response()) == {}


def test_two_tabs_saving_their_pages_at_once_lose_nothing(make_round, respondent, web_client):
    one = respondent(make_round())
    two = second_tab(one, web_client)
    csrf = one.csrf()

    def page(tab: Respondent, number: int, data: dict[str, str]):  # type: ignore[no-untyped-def]
        def job() -> None:
            reply = tab.client.post(
                tab.url(f"page/{number}"), data={**data, "csrf_token": csrf, "go": "next"}
            )
            assert reply.status_code == 302, reply.get_data(as_text=True)

        return job

    failures = run_together(
        page(one, 1, {"q-rep-women-leadership": "4", "q-rep-minorities-seats": "9"}),
        page(two, 2, {"q-ovs-committee": "yes", "q-ovs-example": "x", "c-ovs-budget": "y"}),
    )
    assert failures == []
    assert answers_of(one.response()) == {
        "rep-women-leadership": ("4", None),
        "rep-minorities-seats": ("9", None),
        "ovs-committee": ("yes", None),
        "ovs-example": ("x", None),
        "ovs-budget": ("", "y"),
    }


def test_an_insert_that_loses_the_race_becomes_an_update(make_round, respondent):
    """The other request inserted the row between our UPDATE and INSERT."""
    person = respondent(make_round())
    person.autosave({"question": "ovs-example", "value": "first", "comment": "kept"})
    response = person.response()
    definition = response.round.version.load()
    execute = db.session.execute
    seen: list[str] = []

    def miss_the_row_once(statement, *args, **kwargs):  # type: ignore[no-untyped-def]
        table = getattr(getattr(statement, "table", None), "name", None)
        if table == "answers" and statement.is_update and not seen:
            seen.append("update missed")  # as if the row was not there yet
            return mock.Mock(rowcount=0)
        if table == "answers" and statement.is_insert:
            seen.append("insert")
        return execute(statement, *args, **kwargs)

    with mock.patch.object(db.session, "execute", side_effect=miss_the_row_once):
        responses.save_answers(response, definition, [Change("ovs-example", value="second")])
    assert seen == ["update missed", "insert"]  # the insert hit the unique constraint
    assert answers_of(person.response()) == {"ovs-example": ("second", "kept")}
