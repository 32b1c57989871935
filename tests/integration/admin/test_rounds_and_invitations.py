"""Rounds and invitations in the console: create, open, close, settings, links, slips."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from flask.testing import FlaskClient

from selfassess.extensions import db
from selfassess.models import AuditEvent, Invitation, Response, Round
from tests.conftest import csrf_token, post_form

pytestmark = pytest.mark.usefixtures("admin")


def actions() -> list[str]:
    return list(db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id)))


def test_create_a_round_from_a_version_with_errors_beside_the_fields(
    client: FlaskClient, load_instrument: Any
) -> None:
    load_instrument()
    bad = post_form(
        client, "/admin/rounds", {"slug": "Bad Slug", "version": "minimal:1", "min_group_size": "0"}
    )
    page = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert 'id="slug-error"' in page and 'aria-describedby="slug-hint slug-error"' in page
    assert 'id="min_group_size-error"' in page
    assert db.session.scalar(db.select(Round)) is None

    created = post_form(
        client,
        "/admin/rounds",
        {"slug": "baseline", "version": "minimal:1", "min_group_size": "7", "anonymous": "y"},
    )
    assert created.status_code == 302
    round_ = db.session.scalar(db.select(Round))
    assert (round_.slug, round_.min_group_size, round_.anonymous) == ("baseline", 7, True)

    again = post_form(
        client, "/admin/rounds", {"slug": "baseline", "version": "minimal:1", "min_group_size": "5"}
    )
    assert "already exists" in again.get_data(as_text=True)


def test_open_close_and_settings(client: FlaskClient, make_round: Any) -> None:
    make_round("r1", state="draft")
    page = "/admin/rounds/r1"
    assert post_form(client, f"{page}/open", {}, page=page).status_code == 302
    assert db.session.scalar(db.select(Round.state)).value == "open"
    post_form(client, f"{page}/close", {}, page=page)
    assert db.session.scalar(db.select(Round.state)).value == "closed"
    saved = post_form(
        client, f"{page}/settings", {"title": "Renamed", "min_group_size": "8"}, page=page
    )
    assert saved.status_code == 302
    round_ = db.session.scalar(db.select(Round))
    assert (round_.title, round_.min_group_size, round_.anonymous) == ("Renamed", 8, False)
    assert actions()[-3:] == ["round.open", "round.close", "round.settings"]


def test_anonymity_is_fixed_once_someone_answered(client: FlaskClient, make_round: Any) -> None:
    round_ = make_round("r1")
    db.session.add(Response(round_id=round_.id, role="mp"))
    db.session.commit()
    page = client.get("/admin/rounds/r1").get_data(as_text=True)
    assert "Fixed: people have already answered" in page
    assert 'name="anonymous"' in page and "disabled" in page
    post_form(client, "/admin/rounds/r1/settings", {"min_group_size": "6"}, page="/admin/rounds/r1")
    round_ = db.session.scalar(db.select(Round))
    assert (round_.min_group_size, round_.anonymous) == (6, True)


def upload_people(client: FlaskClient, slug: str, content: str) -> Any:
    url = f"/admin/rounds/{slug}/invitations"
    return client.post(
        url,
        data={
            "csrf_token": csrf_token(client, url),
            "file": (io.BytesIO(content.encode()), "people.csv"),
        },
        content_type="multipart/form-data",
    )


def test_invitations_from_a_csv_to_links_slips_and_progress(
    client: FlaskClient, make_round: Any
) -> None:
    make_round("r1")
    wrong = upload_people(client, "r1", "name,role,sex\nAnu,mp,female\nBat,minister,male\n")
    assert wrong.status_code == 422
    assert "people.csv:3:role" in wrong.get_data(as_text=True)
    assert db.session.scalar(db.select(Invitation)) is None  # all or nothing

    issued = upload_people(client, "r1", "name,role,sex\nAnu,mp,female\nBat,staff,male\n")
    assert issued.status_code == 302
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(issued.location + "/links.csv").get_data(as_text=True).lstrip("\ufeff")
            )
        )
    )
    assert [(r["label"], r["role"], r["sex"]) for r in rows] == [
        ("Anu", "mp", "female"),
        ("Bat", "staff", "male"),
    ]
    assert all(
        r["link"].startswith("http://localhost/r/") and len(r["access_code"]) == 12 for r in rows
    )
    slips = client.get(issued.location + "/slips").get_data(as_text=True)
    assert rows[0]["access_code"] in slips and rows[1]["link"] in slips
    assert actions()[-3:] == ["invitations.create", "invitations.download", "invitations.print"]

    progress = client.get("/admin/rounds/r1/invitations").get_data(as_text=True)
    assert '<td class="num">1</td><td class="num">0</td><td class="num">0</td>' in progress
    assert "Anu" not in progress  # counts only, never names

    post_form(client, issued.location + "/forget", {}, page=issued.location)
    assert client.get(issued.location + "/links.csv").status_code == 404


def test_a_label_that_looks_like_a_formula_is_defused_in_the_csv(
    client: FlaskClient, make_round: Any
) -> None:
    make_round("r1")
    issued = upload_people(client, "r1", 'name,role\n"=HYPERLINK(""x"")",mp\n')
    content = client.get(issued.location + "/links.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in content


def test_the_gap_threshold_is_a_round_setting(client: FlaskClient, make_round: Any) -> None:
    round_ = make_round("r1")
    assert round_.gap_threshold == 10.0  # the default
    page = "/admin/rounds/r1"
    assert 'name="gap_threshold"' in client.get(page).get_data(as_text=True)
    saved = post_form(client, f"{page}/settings", {"min_group_size": "5", "gap_threshold": "7.5"},
                      page=page)  # fmt: skip
    assert saved.status_code == 302
    assert db.session.scalar(db.select(Round.gap_threshold)) == 7.5
    refused = post_form(client, f"{page}/settings", {"min_group_size": "5", "gap_threshold": "-1"},
                        page=page)  # fmt: skip
    assert refused.status_code == 422
    assert "from 0 to 100" in refused.get_data(as_text=True)
    assert db.session.scalar(db.select(Round.gap_threshold)) == 7.5
