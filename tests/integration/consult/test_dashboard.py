"""The consultant's pages: the same published numbers as the exports, small groups hidden."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook

from selfassess.extensions import db
from selfassess.instrument.model import Gap
from selfassess.models import Answer, AuditEvent, Response, ResponseState
from selfassess.models.instruments import _DEFINITIONS
from selfassess.services.results import round_results

#: (role, sex, answer to rep-women-leadership (grade6), comment on ovs-budget)
PEOPLE = [
    ("mp", "female", "1", "Budgets ignore women."),
    ("mp", "female", "2", None),
    ("mp", "female", "2", None),
    ("mp", "female", "dk", None),
    ("mp", "male", "4", "Fine as it is."),
    ("mp", "male", "5", None),
    ("mp", "male", "3", None),
    ("staff", "female", "0", "Staff are never asked."),
    ("staff", "male", "1", None),
    ("staff", "male", "1", None),
]


@pytest.fixture
def results_round(make_round: Any, consultant: Any) -> Any:
    round_ = make_round("r1", min_group_size=5)
    for role, sex, value, comment in PEOPLE:
        response = Response(
            round_id=round_.id, role=role, profile={"sex": sex}, state=ResponseState.SUBMITTED
        )
        numeric = None if value == "dk" else float(value)
        response.answers = [
            Answer(question="rep-women-leadership", value=value, numeric=numeric),
            Answer(question="ovs-budget", value="3", numeric=3.0, comment=comment),
        ]
        db.session.add(response)
    db.session.commit()
    return round_


def text_of(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_the_overview_counts_responses_and_hides_the_small_staff_group(
    client: FlaskClient, results_round: Any
) -> None:
    page = text_of(client, "/results/r1/")
    published = round_results(results_round).as_dict
    everyone = published["overall"]["all"]
    assert f"{everyone['score']:.1f}" in page
    assert published["overall"]["role=staff"] == {"suppressed": True}
    # all - role=mp would give the 3 staff: complementary suppression hides role=mp too
    assert published["overall"]["role=mp"] == {"suppressed": True}
    assert "n&lt;5" in page
    assert 'Secretariat staff</th><td class="num">0</td><td class="num">3</td>' in page
    assert 'role="img"' in page and "<title id=" in page


@pytest.fixture
def declared_gaps(results_round: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The round's instrument declares Members - staff and women - men (scoring.md "Gaps")."""
    version = results_round.version
    definition = dataclasses.replace(
        version.load(), gaps=(Gap("role", "mp", "staff"), Gap("sex", "female", "male"))
    )
    monkeypatch.setitem(_DEFINITIONS, version.content_hash, definition)
    return results_round


def test_the_dimension_table_suppresses_cells_and_the_gap_of_a_suppressed_group(
    client: FlaskClient, declared_gaps: Any
) -> None:
    page = text_of(client, "/results/r1/dimensions")
    assert "Gap Member of Parliament − Secretariat staff" in page
    row = re.search(r'href="/results/r1/dimensions/rep-women\?by=role">.*?</tr>', page)
    assert row is not None
    assert "n&lt;5" in row.group(0) and "+" not in row.group(0)


def test_the_dimension_table_shows_the_gap_of_the_chosen_comparison(
    client: FlaskClient, declared_gaps: Any
) -> None:
    published = round_results(declared_gaps).as_dict
    women_men = published["gaps"][1]
    assert (women_men["field"], women_men["a"], women_men["b"]) == ("sex", "female", "male")
    page = text_of(client, "/results/r1/dimensions?by=sex")
    assert "Gap Female − Male" in page and "Secretariat staff −" not in page
    assert women_men["dimensions"]["rep-women"] is None  # one woman answered dk: 4 < k
    gap = women_men["dimensions"]["oversight"]
    assert gap is not None
    row = re.search(r'href="/results/r1/dimensions/oversight\?by=sex">.*?</tr>', page)
    assert gap == 0.0  # everyone answered ovs-budget alike
    assert row is not None and 'class="num gap">0.0<' in row.group(0)  # 0.0, never -0.0
    assert "Gap" not in text_of(client, "/results/r1/dimensions?by=role,sex")


def test_gaps_past_the_rounds_threshold_are_highlighted(
    client: FlaskClient, declared_gaps: Any
) -> None:
    def highlighted() -> list[str]:
        page = text_of(client, "/results/r1/dimensions?by=sex")
        return re.findall(r'dimensions/([\w-]+)\?by=sex">(?:(?!</tr>).)*gap-large', page)

    assert "oversight" not in highlighted()  # a 0-point gap, under the default 10
    declared_gaps.gap_threshold = 0.0
    db.session.commit()
    assert "oversight" in highlighted()


def test_the_group_selector_offers_the_groupings_of_the_results(
    client: FlaskClient, results_round: Any
) -> None:
    page = text_of(client, "/results/r1/dimensions?by=sex")
    assert '<option selected value="sex">Sex</option>' in page
    assert '<option value="role,sex">Role × Sex</option>' in page
    assert '<th scope="col" class="num">Female</th>' in page


def test_a_question_shows_the_distribution_only_of_large_enough_groups(
    client: FlaskClient, results_round: Any
) -> None:
    page = text_of(client, "/results/r1/questions/rep-women-leadership")
    everyone = re.search(r"<th scope=\"row\">Everyone</th>(.*?)</tr>", page)
    staff = re.search(r"<th scope=\"row\">Secretariat staff</th>(.*?)</tr>", page)
    assert everyone is not None and staff is not None
    assert "(10 %)" in everyone.group(1)  # one "don't know" of ten
    assert "n&lt;5" in staff.group(1) and re.search(r">\d+ <span", staff.group(1)) is None


def test_comments_are_shown_for_the_whole_round_only(
    client: FlaskClient, results_round: Any
) -> None:
    page = text_of(client, "/results/r1/comments")
    assert "3 texts" in page
    assert "Staff are never asked." in page
    filtered = text_of(client, "/results/r1/comments?question=ovs-example")
    assert "0 texts" in filtered
    assert "?by=" not in re.search(
        r"<form method=\"get\" class=\"panel filters\".*?</form>", page
    ).group(0)


def test_no_comments_below_k_respondents(client: FlaskClient, results_round: Any) -> None:
    results_round.min_group_size = 20
    db.session.commit()
    page = text_of(client, "/results/r1/comments")
    assert "Staff are never asked." not in page
    assert "Fewer than 20 responses" in page


def test_downloads_match_the_page_and_are_audited(client: FlaskClient, results_round: Any) -> None:
    document = json.loads(client.get("/results/r1/results.json").get_data())
    assert document == round_results(results_round).as_dict
    workbook = client.get("/results/r1/workbook.xlsx?lang=mn")
    assert workbook.status_code == 200
    book = load_workbook(io.BytesIO(workbook.get_data()))
    assert "Хэмжээсүүд" in book.sheetnames  # Mongolian sheet names in mn (issue 12)
    actions = list(db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions[-2:] == ["results.export", "results.export"]
    assert client.get("/results/r1/workbook.xlsx?lang=fr").status_code == 404


def test_intervals_beside_scores_and_as_whiskers(client: FlaskClient, results_round: Any) -> None:
    intervals = round_results(results_round).results.intervals()
    low, high = intervals[("oversight", "all")]
    page = text_of(client, "/results/r1/dimensions/oversight")
    assert "95% interval" in page and "%%" not in page
    assert f"{low:.1f}–{high:.1f}" in page
    table = text_of(client, "/results/r1/dimensions?by=sex")
    assert "95% interval" in table and f"{low:.1f}–{high:.1f}" in table
    assert "<path d=" in table  # whiskers on the chart of women and men
    # nothing of a suppressed cell: role=staff has no interval anywhere
    assert ("oversight", "role=staff") not in intervals


def test_the_dimension_table_downloads_as_csv(client: FlaskClient, declared_gaps: Any) -> None:
    page = text_of(client, "/results/r1/dimensions?by=sex")
    assert "/results/r1/dimensions.csv?by=sex" in page
    response = client.get("/results/r1/dimensions.csv?by=sex")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith("\ufeff".encode())  # UTF-8 with BOM, for spreadsheets
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Key", "Dimension"] and rows[0][-1] == "Gap Female − Male"
    assert "Female: Interval (95%) −" in rows[0]
    published = round_results(declared_gaps)
    by_key = {row[0]: row for row in rows[1:]}
    oversight = next(d for d in published.as_dict["dimensions"] if d["key"] == "oversight")
    women = oversight["results"]["sex=female"]
    start = rows[0].index("Female: Score")
    assert by_key["oversight"][start : start + 2] == [f"{women['score']:.2f}", str(women["n"])]
    assert by_key["oversight"][-1] == "0.00"
    # a suppressed cell: the marker, no number
    staff = text_of(client, "/results/r1/dimensions.csv?by=role")
    assert "n<5" in staff
    audit = db.session.scalars(db.select(AuditEvent.action)).all()
    assert "results.export" in audit


def test_the_overview_shows_rates_and_intervals_from_the_results(
    client: FlaskClient, results_round: Any
) -> None:
    page = text_of(client, "/results/r1/")
    low, high = round_results(results_round).results.intervals()[("overall", "all")]
    assert "95% interval" in page and f"{low:.1f}–{high:.1f}" in page
    # nobody was invited in this round (the responses were stored directly): no rate
    assert re.search(
        r"All roles</th><td class=\"num\">0</td><td class=\"num\">10</td>\s*<td class=\"num\">–",
        page,
    )
