"""Paper: printable numbered forms in a chosen language, paper forms typed in from the
console or imported, counted as paper responses in the results."""

from __future__ import annotations

import json
from pathlib import Path

from selfassess.extensions import db
from selfassess.models import Answer, Response, ResponseSource, ResponseState
from tests.conftest import post_form

FORM = {
    "number": "7",
    "p-sex": "female",
    "p-years": "3",
    "q-rep-women-leadership": "4",
    "q-rep-minorities-seats": "12",
    "q-ovs-committee": "yes",
    "c-ovs-budget": '=HYPERLINK("x") Монгол тайлбар',
}


def test_the_printable_form_has_boxes_a_number_and_the_consent_in_its_language(
    client, login_as, make_round
):
    make_round("paper-round", min_group_size=3)
    login_as("admin")
    page = client.get("/admin/rounds/paper-round/paper/print?lang=mn&role=mp&first=41&count=3")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<html lang="mn">' in html
    assert html.count('class="paper-form"') == 3
    assert "00041" in html and "00043" in html and "00044" not in html
    assert "Эмэгтэйчүүд удирдах албан тушаал хашдаг." in html  # the question, in Mongolian
    assert "Women hold leadership posts." not in html
    assert 'class="box"' in html and "Мэдэхгүй" in html
    assert "3" in html and "css/paper.css" in html
    # The consent text in Mongolian too (the interface catalogue, whatever the console's).
    assert "Before you start" not in html
    staff = client.get("/admin/rounds/paper-round/paper/print?role=staff").get_data(as_text=True)
    assert "Which tools are used?" in staff and "Tick all that apply." in staff
    assert client.get("/admin/rounds/paper-round/paper/print?lang=fr").status_code == 404
    assert client.get("/admin/rounds/paper-round/paper/print?role=king").status_code == 404


def test_a_paper_form_typed_in_is_a_submitted_paper_response(client, login_as, make_round, runner):
    make_round("paper-round", min_group_size=1)
    login_as("admin")
    page = "/admin/rounds/paper-round/paper/enter?role=mp"
    assert 'name="q-rep-women-harassment"' in client.get(page).get_data(as_text=True)
    reply = post_form(client, page, FORM)
    assert reply.status_code == 302, reply.get_data(as_text=True)
    response = db.session.query(Response).one()
    assert (response.state, response.source, response.paper_number) == (
        ResponseState.SUBMITTED,
        ResponseSource.PAPER,
        7,
    )
    assert response.channel is ResponseSource.PAPER
    assert response.role == "mp" and response.profile == {"sex": "female", "years": 3}
    answers = {a.question: (a.value, a.comment) for a in db.session.query(Answer)}
    assert answers["rep-women-leadership"] == ("4", None)
    assert answers["ovs-budget"] == ("", FORM["c-ovs-budget"])
    # The same number again is refused, nothing is written.
    again = post_form(client, page, FORM)
    assert again.status_code == 409
    assert "already entered" in again.get_data(as_text=True)
    assert db.session.query(Response).count() == 1
    # A wrong value: refused beside its field, nothing written.
    wrong = post_form(client, page, {**FORM, "number": "8", "q-rep-minorities-seats": "999"})
    assert wrong.status_code == 422
    assert db.session.query(Response).count() == 1
    outcome = runner.invoke(args=["results", "paper-round", "--format", "json"])
    document = json.loads(outcome.output)
    assert document["responses"] == {"submitted": 1, "draft": 0, "paper": 1}
    index = client.get("/admin/rounds/paper-round/paper").get_data(as_text=True)
    assert "1 paper form entered so far." in index and "Numbers: 7" in index


def test_responses_import_paper_counts_as_paper(runner, make_round, tmp_path: Path):
    make_round("paper-round", min_group_size=1)
    data = tmp_path / "forms.csv"
    data.write_text(
        "respondent,role,sex,ovs-committee\np1,mp,female,yes\np2,staff,male,no\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["responses", "import", "paper-round", str(data), "--paper"])
    assert result.exit_code == 0, result.output
    document = json.loads(runner.invoke(args=["results", "paper-round"]).output)
    assert document["responses"] == {"submitted": 2, "draft": 0, "paper": 2}
    plain = runner.invoke(args=["responses", "import", "paper-round", str(data)])
    assert plain.exit_code == 0
    document = json.loads(runner.invoke(args=["results", "paper-round"]).output)
    assert document["responses"] == {"submitted": 4, "draft": 0, "paper": 2}


def test_paper_pages_are_for_administrators_only(client, login_as, make_round):
    make_round("paper-round")
    login_as("consultant")
    for path in ("paper", "paper/print", "paper/enter?role=mp"):
        assert client.get(f"/admin/rounds/paper-round/{path}").status_code == 403


def test_the_round_page_counts_paper_responses(client, login_as, make_round):
    make_round("paper-round", min_group_size=1)
    login_as("admin")
    post_form(client, "/admin/rounds/paper-round/paper/enter?role=staff", {"number": "3"})
    page = client.get("/admin/rounds/paper-round").get_data(as_text=True)
    assert "1 response came on a paper form." in page
