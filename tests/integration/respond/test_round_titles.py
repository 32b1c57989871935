"""A round's title in every language of its questionnaire; pages show the visitor's."""

from __future__ import annotations

from selfassess.extensions import db
from selfassess.models import Round
from selfassess.services import rounds
from tests.conftest import post_form


def test_a_round_has_a_title_per_language_defaulting_to_the_questionnaires(make_round):
    round_ = make_round()
    assert round_.titles == {"en": "Minimal self-assessment", "mn": "Товч өөрийн үнэлгээ"}
    named = make_round("named", title="Baseline 2026", titles={"mn": "Суурь үнэлгээ 2026"})
    assert named.title == "Baseline 2026"
    assert named.title_in("mn") == "Суурь үнэлгээ 2026"
    assert named.title_in("fr") == "Baseline 2026"


def test_the_command_line_takes_titles_per_language(runner, load_instrument):
    load_instrument()
    result = runner.invoke(
        args=["round", "create", "r2", "--questionnaire", "minimal", "--title", "Baseline",
              "--title-in", "mn=Суурь"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert db.session.query(Round).one().titles == {"en": "Baseline", "mn": "Суурь"}
    for wrong, message in (("fr=Titre", "the questionnaire's languages are en, mn"),
                           ("Суурь", "write LANG=TITLE")):  # fmt: skip
        result = runner.invoke(
            args=["round", "create", "r3", "--questionnaire", "minimal", "--title-in", wrong]
        )
        assert result.exit_code == 1 and message in result.output, result.output
        assert "Traceback" not in result.output


def test_the_console_asks_for_each_language_and_pages_show_the_visitors(
    client, login_as, make_round, respondent
):
    round_ = make_round()
    login_as("admin")
    page = f"/admin/rounds/{round_.slug}"
    form = client.get(page).get_data(as_text=True)
    assert 'name="title_en"' in form and 'name="title_mn"' in form
    reply = post_form(
        client,
        f"{page}/settings",
        {"title_en": "Baseline 2026", "title_mn": "Суурь үнэлгээ 2026", "min_group_size": "5"},
        page=page,
    )
    assert reply.status_code == 302, reply.get_data(as_text=True)
    db.session.refresh(round_)
    assert round_.title == "Baseline 2026"
    assert round_.titles == {"en": "Baseline 2026", "mn": "Суурь үнэлгээ 2026"}
    person = respondent(round_)
    assert "Baseline 2026" in person.client.get(person.url("page/1")).get_data(as_text=True)
    person.client.get("/language/mn")
    mongolian = person.client.get(person.url("page/1")).get_data(as_text=True)
    assert "Суурь үнэлгээ 2026" in mongolian and "Baseline 2026" not in mongolian
    client.get("/language/mn")
    assert "Суурь үнэлгээ 2026" in client.get(page).get_data(as_text=True)
    # An empty title falls back to the first language's.
    post_form(client, f"{page}/settings", {"title_en": "Baseline 2026", "title_mn": "",
                                           "min_group_size": "5"}, page=page)  # fmt: skip
    db.session.refresh(round_)
    assert round_.title_in("mn") == "Baseline 2026"


def test_creating_a_round_in_the_console_with_titles(client, login_as, load_instrument):
    load_instrument()
    login_as("admin")
    reply = post_form(
        client,
        "/admin/rounds",
        {"slug": "r9", "version": "minimal:1", "title_en": "", "title_mn": "Монгол гарчиг",
         "min_group_size": "5", "anonymous": "y"},
    )  # fmt: skip
    assert reply.status_code == 302, reply.get_data(as_text=True)
    round_ = rounds.get_round("r9")
    assert round_.titles == {"en": "Minimal self-assessment", "mn": "Монгол гарчиг"}
