"""Comment themes: defined per round, tags on texts (not on answers), filter, workbook."""

from __future__ import annotations

import io
import re
from typing import Any

from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import inspect, select

from selfassess.extensions import db
from selfassess.models import CommentTag, CommentTheme
from selfassess.scoring.unscored import text_digest
from selfassess.services import themes as theme_service
from tests.conftest import post_form
from tests.integration.consult.test_dashboard import results_round, text_of

__all__ = ["results_round"]

WOMEN = "Budgets ignore women."
STAFF = "Staff are never asked."


def add_theme(client: FlaskClient, en: str, mn: str = "") -> CommentTheme:
    reply = post_form(client, "/results/r1/themes", {"label_en": en, "label_mn": mn})
    assert reply.status_code == 302
    return db.session.scalars(select(CommentTheme).order_by(CommentTheme.id.desc())).first()


def tag(client: FlaskClient, text: str, themes: list[int], **extra: Any) -> Any:
    data = {"question": "ovs-budget", "kind": "comment", "digest": text_digest(text)}
    return post_form(
        client,
        "/results/r1/comments/tag",
        {**data, "themes": themes, **extra},
        page="/results/r1/themes",
    )


def test_a_consultant_defines_bilingual_themes(client: FlaskClient, results_round: Any) -> None:
    theme = add_theme(client, "Gender budgeting", "Жендэрт мэдрэмжтэй төсөв")
    assert theme.labels == {"en": "Gender budgeting", "mn": "Жендэрт мэдрэмжтэй төсөв"}
    page = text_of(client, "/results/r1/themes")
    assert "Gender budgeting" in page and "Жендэрт мэдрэмжтэй төсөв" in page


def test_a_theme_needs_a_label(client: FlaskClient, results_round: Any) -> None:
    reply = post_form(client, "/results/r1/themes", {"label_en": "  ", "label_mn": ""})
    assert reply.status_code == 200
    assert "at least one language" in reply.get_data(as_text=True)
    assert db.session.scalar(select(CommentTheme)) is None


def test_a_text_carries_several_themes_and_the_page_filters_by_theme(
    client: FlaskClient, results_round: Any
) -> None:
    budget = add_theme(client, "Budget")
    gender = add_theme(client, "Gender")
    staff = add_theme(client, "Staff")
    assert tag(client, WOMEN, [budget.id, gender.id]).status_code == 302
    assert tag(client, STAFF, [staff.id]).status_code == 302
    by_gender = text_of(client, f"/results/r1/comments?theme={gender.id}")
    assert WOMEN in by_gender and STAFF not in by_gender and "Fine as it is." not in by_gender
    untagged = text_of(client, "/results/r1/comments?theme=none")
    assert "Fine as it is." in untagged and WOMEN not in untagged
    everything = text_of(client, "/results/r1/comments")
    assert all(t in everything for t in (WOMEN, STAFF, "Fine as it is."))
    # Retagging replaces: the text now carries only Budget.
    tag(client, WOMEN, [budget.id])
    assert WOMEN not in text_of(client, f"/results/r1/comments?theme={gender.id}")


def test_each_text_says_only_its_writers_role(client: FlaskClient, results_round: Any) -> None:
    page = client.get("/results/r1/comments").get_data(as_text=True)
    item = re.search(rf'<p class="comment-text">{STAFF}</p>(.*?)</li>', page, re.S)
    assert item is not None
    assert re.sub(r"<[^>]+>|\s+", " ", item.group(1)).split() == ["Secretariat", "staff"]


def test_a_tag_names_the_text_never_an_answer_or_a_response(
    client: FlaskClient, results_round: Any
) -> None:
    theme = add_theme(client, "Budget")
    tag(client, WOMEN, [theme.id])
    columns = {c["name"] for c in inspect(db.engine).get_columns("comment_tags")}
    assert columns == {"id", "theme_id", "question", "kind", "digest"}
    stored = db.session.scalars(select(CommentTag)).one()
    assert stored.digest == text_digest(WOMEN)


def test_tagging_refuses_other_rounds_themes_unknown_texts_and_missing_tokens(
    client: FlaskClient, results_round: Any, make_round: Any
) -> None:
    other = make_round("r2")
    foreign = theme_service.create_theme(other, {"en": "Elsewhere"})
    own = add_theme(client, "Budget")
    assert tag(client, WOMEN, [foreign.id]).status_code == 404
    assert tag(client, "Never written.", [own.id]).status_code == 404
    data = {"question": "ovs-budget", "kind": "comment", "digest": text_digest(WOMEN)}
    assert (
        client.post("/results/r1/comments/tag", data={**data, "themes": [own.id]}).status_code
        == 400
    )
    assert db.session.scalar(select(CommentTag)) is None
    # Another round's theme cannot be deleted through this round.
    reply = post_form(
        client, f"/results/r1/themes/{foreign.id}/delete", {}, page="/results/r1/themes"
    )
    assert reply.status_code == 404


def test_no_tagging_below_k(client: FlaskClient, make_round: Any, consultant: Any) -> None:
    make_round("r1", min_group_size=5)
    theme = add_theme(client, "Budget")
    assert tag(client, WOMEN, [theme.id]).status_code == 400


def test_deleting_a_theme_removes_its_tags(client: FlaskClient, results_round: Any) -> None:
    budget, gender = add_theme(client, "Budget"), add_theme(client, "Gender")
    tag(client, WOMEN, [budget.id, gender.id])
    reply = post_form(
        client, f"/results/r1/themes/{budget.id}/delete", {}, page="/results/r1/themes"
    )
    assert reply.status_code == 302
    assert [t.theme_id for t in db.session.scalars(select(CommentTag))] == [gender.id]


def test_the_workbooks_comments_sheet_carries_the_themes(
    client: FlaskClient, results_round: Any
) -> None:
    theme = add_theme(client, "Gender budgeting", "Жендэрт мэдрэмжтэй төсөв")
    tag(client, WOMEN, [theme.id])
    for lang, label in (("en", "Gender budgeting"), ("mn", "Жендэрт мэдрэмжтэй төсөв")):
        content = client.get(f"/results/r1/workbook.xlsx?lang={lang}").data
        sheet = next(
            ws
            for ws in load_workbook(io.BytesIO(content)).worksheets
            if ws.max_column >= 5 and any(str(c.value) == WOMEN for c in ws["C"])
        )
        row = next(r for r in sheet.iter_rows(values_only=True) if r[2] == WOMEN)
        assert row[4] == label


def test_the_demo_tags_its_comments_with_bilingual_themes(runner: Any) -> None:
    from selfassess.services.rounds import get_round

    result = runner.invoke(args=["demo", "--password-stdin"], input="demo-password-42\n")
    assert result.exit_code == 0, result.output
    round_ = get_round("demo-2026")
    themes = theme_service.list_themes(round_)
    assert {t.label_in("mn") for t in themes} >= {"Жендэрийн тэнцвэр", "Дарамт ба гомдол"}
    counts = theme_service.tag_counts(round_)
    assert all(counts.get(t.id, 0) > 0 for t in themes)
