"""The dashboard reads the shared results cache (issue 16): the numbers a page shows are
the cached ones, each counted change shows on the pages at once, and two app instances on
one database show the same numbers for the same revision."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from selfassess.extensions import db
from selfassess.models import ResultsCache
from selfassess.services import consensus, imports, paper, revisions, rounds
from selfassess.services.consensus import GradeInput
from selfassess.services.responses import Change
from tests.conftest import DATA, PASSWORD, RequestIsolatingClient, make_app, post_form
from tests.integration.admin.conftest import consultant

__all__ = ["consultant"]  # the signed-in consultant fixture of the console's tests

PANEL = DATA / "instruments" / "panel.yaml"
SLUG = "cached"
DIMENSIONS = f"/results/{SLUG}/dimensions?by=sex"
CELL = re.compile(r'<td class="num[^"]*">(.*?)</td>', re.DOTALL)


def cells(client: FlaskClient, url: str = DIMENSIONS) -> list[str]:
    """The number cells of a results page, as shown (markup and spacing dropped)."""
    page = client.get(url)
    assert page.status_code == 200, url
    found = CELL.findall(page.get_data(as_text=True))
    return [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c))).strip() for c in found]


def large_gaps(client: FlaskClient) -> int:
    return client.get(DIMENSIONS).get_data(as_text=True).count("gap-large")


def answered(respondent: Any, round_: Any, role: str, sex: str, value: str) -> Any:
    person = respondent(round_, role, {"sex": sex})
    person.save_page(1, {"q-rep-leadership": value})
    person.save_page(2, {"q-cult-harassment": "1", "q-cult-respect": value})
    assert person.submit().status_code == 302
    return person


def test_every_counted_change_shows_on_the_dashboard(
    make_round: Any, respondent: Any, client: FlaskClient, consultant: Any
) -> None:
    round_ = make_round(SLUG, path=PANEL, min_group_size=1)
    first = answered(respondent, round_, "staff", "female", "5")
    answered(respondent, round_, "mp", "male", "1")
    shown = cells(client)
    assert shown == cells(client)  # served twice from one cached computation

    def changed(what: str) -> None:
        nonlocal shown
        now = cells(client)
        assert now != shown, f"{what} did not change the dimension table"
        shown = now

    answered(respondent, round_, "mp", "female", "3")
    changed("a submission")

    revision = revisions.current(round_.id)
    assert first.post("reopen", {}).status_code == 302
    assert revisions.current(round_.id) == revision + 1
    assert cells(client) == shown  # a reopened response counts what it last submitted
    first.save_page(1, {"q-rep-leadership": "0"})
    assert first.submit().status_code == 302
    changed("a reopened response submitted again")

    data = b"respondent,role,sex,rep-leadership\nr1,staff,male,2\n"
    imports.import_file(round_, data, "forms.csv")
    changed("an import")

    paper.record_form(
        round_, round_.version.load(), number=7, role="mp", profile={"sex": "female"},
        changes=[Change("rep-leadership", "4")],
    )  # fmt: skip
    db.session.commit()
    changed("a paper form")

    consensus.record_grade(
        round_, "rep-rules-reviewed", GradeInput(grade="4"), based_on=None, actor=None
    )
    db.session.commit()
    changed("an agreed grade")

    db.session.delete(first.response())
    db.session.commit()
    changed("a deleted response")

    rounds.update_settings(SLUG, min_group_size=3)
    changed("a larger k")
    assert any(cell.startswith("n<3") for cell in shown)

    rounds.update_settings(SLUG, min_group_size=1)
    changed("a smaller k")
    before = large_gaps(client)
    assert before > 0
    rounds.update_settings(SLUG, gap_threshold=100)
    assert large_gaps(client) == 0, "no gap reaches a threshold of 100 points"
    changed("a gap threshold")  # the same gaps, no longer marked large


def test_pages_and_report_show_the_cached_numbers(
    make_round: Any, respondent: Any, client: FlaskClient, consultant: Any
) -> None:
    round_ = make_round(SLUG, path=PANEL, min_group_size=1)
    answered(respondent, round_, "staff", "female", "5")
    answered(respondent, round_, "mp", "male", "1")
    assert client.get(f"/results/{SLUG}/").status_code == 200
    # A doctored cache row shows that the pages compute nothing of their own.
    db.session.expire_all()
    entry = db.session.get(ResultsCache, round_.id)
    assert entry is not None and entry.revision == revisions.current(round_.id)
    document, view = json.loads(entry.document), json.loads(entry.view or "{}")
    document["overall"]["all"]["score"] = 12.34
    document["dimensions"][0]["results"]["all"]["score"] = 23.45
    view["intervals"] = [[k, g, 1.11, 99.99] if k == "overall" else [k, g, lo, hi]
                         for k, g, lo, hi in view["intervals"]]  # fmt: skip
    entry.document, entry.view = json.dumps(document), json.dumps(view)
    db.session.commit()
    overview = client.get(f"/results/{SLUG}/").get_data(as_text=True)
    assert "12.3" in overview and "1.1" in overview and "100.0" in overview
    assert any("23.4" in cell or "23.5" in cell for cell in cells(client))
    assert "23.45" in client.get(f"/results/{SLUG}/dimensions.csv").get_data(as_text=True)


def test_two_app_instances_show_the_same_numbers(
    app: Flask, database_url: str, make_round: Any, respondent: Any, make_account: Any
) -> None:
    round_ = make_round(SLUG, path=PANEL, min_group_size=1)
    answered(respondent, round_, "staff", "female", "5")
    first = answered(respondent, round_, "mp", "male", "1")
    account = make_account("consultant")
    db.session.commit()
    others = [make_app(database_url), make_app(database_url)]
    clients = []
    for other in others:
        other.test_client_class = RequestIsolatingClient
        browser = other.test_client()
        signed = post_form(browser, "/auth/login", {"email": account.email, "password": PASSWORD})
        assert signed.status_code == 302
        clients.append(browser)
    try:
        a, b = (cells(c) for c in clients)
        assert a == b and a
        assert first.post("reopen", {}).status_code == 302
        first.save_page(1, {"q-rep-leadership": "4"})
        assert first.submit().status_code == 302
        b2, a2 = (cells(c) for c in reversed(clients))
        assert a2 == b2 and a2 != a
    finally:
        for other in others:
            with other.app_context():
                db.session.remove()
                db.engine.dispose()
