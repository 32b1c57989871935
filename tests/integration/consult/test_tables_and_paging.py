"""Every dashboard table as CSV (formula-safe, UTF-8 with BOM), a question's answers by
the chosen comparison with small groups and their complements hidden, comments paged."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from selfassess.extensions import db
from selfassess.instrument.model import Role
from selfassess.models import Answer, Response, ResponseState
from selfassess.models.instruments import _DEFINITIONS
from selfassess.services.results import round_results
from tests.integration.consult.test_dashboard import results_round, text_of

__all__ = ["results_round"]

FORMULA = '=HYPERLINK("http://evil.example","x")'


def csv_rows(client: FlaskClient, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith("\ufeff".encode())  # UTF-8 with BOM, for spreadsheets
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("page", "table"),
    [
        ("/results/r1/?by=sex", "/results/r1/responses.csv"),
        ("/results/r1/?by=sex", "/results/r1/overall.csv?by=sex"),
        ("/results/r1/dimensions/oversight?by=sex", "/results/r1/dimensions/oversight.csv?by=sex"),
        (
            "/results/r1/questions/rep-women-leadership?by=sex",
            "/results/r1/questions/rep-women-leadership.csv?by=sex",
        ),
        (
            "/results/r1/questions/ovs-committee?by=role",
            "/results/r1/questions/ovs-committee.csv?by=role",
        ),
    ],
)
def test_each_table_of_the_dashboard_downloads_from_its_page(
    client: FlaskClient, results_round: Any, page: str, table: str
) -> None:
    assert table.replace("&", "&amp;") in text_of(client, page)
    rows = csv_rows(client, table)
    assert len(rows) > 1 and all(len(row) == len(rows[0]) for row in rows)


def test_a_question_by_sex_hides_the_small_group_and_its_complement(
    client: FlaskClient, results_round: Any
) -> None:
    published = round_results(results_round).as_dict
    cells = next(q for q in published["questions"] if q["key"] == "rep-women-leadership")
    results = cells["results"]
    # Women: 4 item scores (one answered dk) < k. Men (5) would then be everyone minus
    # women: the suppression core hides them too.
    assert results["sex=female"] == {"suppressed": True}
    assert results["sex=male"] == {"suppressed": True}
    rows = {
        r[0]: r for r in csv_rows(client, "/results/r1/questions/rep-women-leadership.csv?by=sex")
    }
    assert rows["Female"][1:] == ["n<5"] + [""] * (len(rows["Female"]) - 2)
    assert rows["Male"][1:] == ["n<5"] + [""] * (len(rows["Male"]) - 2)
    everyone = results["all"]
    assert rows["Everyone"][1:3] == [str(everyone["n"]), f"{everyone['score']:.2f}"]
    header = rows["Group"]
    dk = header.index("Don't know: Count")
    assert rows["Everyone"][dk] == str(everyone["counts"]["dk"]) == "1"
    page = text_of(client, "/results/r1/questions/rep-women-leadership?by=sex")
    assert page.count("n&lt;5") >= 2
    # By role: 7 Members and 3 staff; the staff hidden, and the Members with them.
    by_role = {
        r[0]: r for r in csv_rows(client, "/results/r1/questions/rep-women-leadership.csv?by=role")
    }
    assert by_role["Secretariat staff"][1] == "n<5" and by_role["Member of Parliament"][1] == "n<5"


@pytest.fixture
def formula_labels(results_round: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The instrument names the staff role with a formula."""
    version = results_round.version
    definition = version.load()
    roles = tuple(
        dataclasses.replace(r, label={"en": FORMULA, "mn": FORMULA}) if r.key == "staff" else r
        for r in definition.roles
    )
    monkeypatch.setitem(
        _DEFINITIONS, version.content_hash, dataclasses.replace(definition, roles=roles)
    )
    assert isinstance(roles[0], Role)
    return results_round


def test_labels_are_written_as_text_never_as_formulas(
    client: FlaskClient, formula_labels: Any
) -> None:
    for url in (
        "/results/r1/responses.csv",
        "/results/r1/overall.csv?by=role",
        "/results/r1/dimensions/oversight.csv?by=role",
        "/results/r1/questions/ovs-budget.csv?by=role",
    ):
        cells = [cell for row in csv_rows(client, url) for cell in row]
        assert any(c.startswith("'" + FORMULA) for c in cells), url
        assert not any(c.startswith(("=", "+", "@")) for c in cells), url


@pytest.fixture
def many_comments(results_round: Any) -> Any:
    """120 more Members, each with a comment on ovs-budget: 123 texts in all."""
    for i in range(120):
        response = Response(
            round_id=results_round.id,
            role="mp",
            profile={"sex": "male"},
            state=ResponseState.SUBMITTED,
        )
        response.answers = [
            Answer(question="ovs-budget", value="3", numeric=3.0, comment=f"Remark {i:03d}")
        ]
        db.session.add(response)
    db.session.commit()
    return results_round


def texts_on(page: str) -> list[str]:
    return re.findall(r'<p class="comment-text">(.*?)</p>', page)


def test_comments_come_fifty_a_page_and_the_filters_stay_on_every_page(
    client: FlaskClient, many_comments: Any
) -> None:
    first = text_of(client, "/results/r1/comments?question=ovs-budget")
    assert "123 texts" in first and "Page 1 of 3" in first
    assert len(texts_on(first)) == 50
    assert "/results/r1/comments?page=2&amp;question=ovs-budget" in first
    second = text_of(client, "/results/r1/comments?page=2&question=ovs-budget")
    third = text_of(client, "/results/r1/comments?page=3&question=ovs-budget")
    assert len(texts_on(second)) == 50 and len(texts_on(third)) == 23
    pages = texts_on(first) + texts_on(second) + texts_on(third)
    assert len(set(pages)) == 123  # every text once
    assert "/results/r1/comments?page=2&amp;question=ovs-budget" in third  # back
    # Beyond the last page: the last page; nonsense: the first.
    assert texts_on(
        text_of(client, "/results/r1/comments?page=99&question=ovs-budget")
    ) == texts_on(third)
    assert texts_on(text_of(client, "/results/r1/comments?page=x&question=ovs-budget")) == texts_on(
        first
    )
    # A filter that leaves few texts: one page, no pager.
    one = text_of(client, "/results/r1/comments?question=ovs-example")
    assert "Page 1 of" not in one
