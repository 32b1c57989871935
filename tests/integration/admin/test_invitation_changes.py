"""Invitations after the first upload: duplicates shown before anything is created, XLSX
on the web, the example file accepted, revoke and reissue, slips, e-mail and reminders."""

from __future__ import annotations

import csv
import io
import os
import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from openpyxl import Workbook

from selfassess.extensions import db
from selfassess.models import Invitation, InvitationState, OutboxMessage, Round, StagedUpload
from selfassess.services import invitations as invitation_service
from selfassess.services import mail
from tests.conftest import BUNDLED, PASSWORD, csrf_token, post_form

pytestmark = pytest.mark.usefixtures("admin")


def upload(
    client: FlaskClient, slug: str, content: bytes, name: str = "people.csv", **extra: str
) -> Any:
    url = f"/admin/rounds/{slug}/invitations"
    return client.post(
        url,
        data={"csrf_token": csrf_token(client, url), "file": (io.BytesIO(content), name), **extra},
        content_type="multipart/form-data",
    )


def count() -> int:
    return len(db.session.scalars(db.select(Invitation)).all())


def links(client: FlaskClient, location: str) -> list[dict[str, str]]:
    text = client.get(location + "/links.csv").get_data(as_text=True).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def test_duplicates_are_shown_before_anything_is_created_and_can_be_skipped(client, make_round):
    make_round("r1")
    first = upload(client, "r1", b"name,email,role\nAnu,anu@example.mn,mp\nBat,,staff\n")
    assert first.status_code == 302 and count() == 2
    again = b"name,email,role\nAnu B.,ANU@example.mn,mp\nbat,,staff\nBat,,mp\nDorj,,staff\ndorj ,,staff\n"
    check = upload(client, "r1", again)
    assert check.status_code == 302 and "/invitations/check/" in check.location
    assert count() == 2  # nothing created yet
    page = client.get(check.location).get_data(as_text=True)
    assert "3 of 5 people look already invited" in page
    assert "same e-mail address" in page and "same name and role" in page
    assert "an earlier row of this file" in page
    done = post_form(client, check.location, {"duplicates": "skip"})
    assert done.status_code == 302
    labels = sorted(r["label"] for r in links(client, done.location))
    assert labels == ["Bat", "Dorj"]  # Bat as mp is another person; one Dorj
    assert count() == 4
    assert client.get(check.location).status_code == 404  # the staged upload is used up


def test_keeping_the_duplicates_creates_everyone(client, make_round):
    make_round("r1")
    upload(client, "r1", b"name,role\nAnu,mp\n")
    check = upload(client, "r1", b"name,role\nAnu,mp\nBat,mp\n")
    post_form(client, check.location, {"duplicates": "keep"})
    assert count() == 3


def test_the_example_file_is_accepted_by_its_own_upload(client, make_round):
    make_round("r1", path=BUNDLED)
    example = client.get("/admin/rounds/r1/people-template.csv").get_data()
    reply = upload(client, "r1", example)
    assert reply.status_code == 302, reply.get_data(as_text=True)[:2000]
    assert count() == 1


def test_an_xlsx_people_file_works_on_the_web(client, make_round):
    make_round("r1")
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "role", "sex", "language"])
    sheet.append(["Цэцэг", "staff", "female", "mn"])
    data = io.BytesIO()
    book.save(data)
    reply = upload(client, "r1", data.getvalue(), "people.xlsx")
    assert reply.status_code == 302, reply.get_data(as_text=True)[:2000]
    invitation = db.session.scalar(db.select(Invitation))
    assert (invitation.label, invitation.language) == ("Цэцэг", "mn")


def test_staged_links_are_encrypted_in_the_database_and_readable_only_by_their_session(
    app, client, make_round, make_account
):
    make_round("r1")
    issued = upload(client, "r1", b"name,role\nAnu,mp\n")
    link = links(client, issued.location)[0]["link"]
    (row,) = db.session.scalars(db.select(StagedUpload).filter_by(kind="invitations")).all()
    token = link.rsplit("/", 1)[1]
    assert token.encode() not in row.payload and b"Anu" not in row.payload
    other = app.test_client()  # another administrator, another session
    account = make_account("admin")
    post_form(other, "/auth/login", {"email": account.email, "password": PASSWORD})
    assert other.get(issued.location + "/links.csv").status_code == 404
    assert not os.path.exists(os.path.join(app.instance_path, "stash"))


def test_an_expired_staged_entry_is_refused_and_deleted(client, make_round):
    from datetime import timedelta

    from selfassess.models.types import utcnow

    make_round("r1")
    issued = upload(client, "r1", b"name,role\nAnu,mp\n")
    row = db.session.scalar(db.select(StagedUpload))
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get(issued.location + "/links.csv").status_code == 404
    assert db.session.scalar(db.select(StagedUpload)) is None


def test_revoke_and_reissue_one_invitation(app, client, make_round):
    make_round("r1")
    issued = upload(client, "r1", b"name,role\nAnu,mp\nBat,staff\n")
    old = {r["label"]: r for r in links(client, issued.location)}
    anu = db.session.scalar(db.select(Invitation).filter_by(label="Anu"))
    bat = db.session.scalar(db.select(Invitation).filter_by(label="Bat"))
    page = client.get("/admin/rounds/r1/invitations/people").get_data(as_text=True)
    assert "Anu" in page and "Reissue" in page

    post_form(
        client,
        f"/admin/rounds/r1/invitations/{bat.id}/revoke",
        {},
        page="/admin/rounds/r1/invitations/people",
    )
    bat_token = old["Bat"]["link"].rsplit("/", 1)[1]
    assert invitation_service.find_by_token(bat_token) is None
    assert invitation_service.find_by_code(old["Bat"]["access_code"]) is None
    assert app.test_client().get(f"/r/{bat_token}").status_code != 302  # no grant

    reissued = post_form(
        client,
        f"/admin/rounds/r1/invitations/{anu.id}/reissue",
        {},
        page="/admin/rounds/r1/invitations/people",
    )
    assert reissued.status_code == 302
    (new,) = links(client, reissued.location)
    assert new["label"] == "Anu" and new["link"] != old["Anu"]["link"]
    assert invitation_service.find_by_token(old["Anu"]["link"].rsplit("/", 1)[1]) is None
    assert invitation_service.find_by_code(old["Anu"]["access_code"]) is None
    assert invitation_service.find_by_token(new["link"].rsplit("/", 1)[1]).id == anu.id
    assert invitation_service.find_by_code(new["access_code"]).id == anu.id
    assert count() == 2


def test_another_rounds_invitation_is_not_reachable(client, make_round):
    make_round("r1")
    make_round("r2")
    upload(client, "r2", b"name,role\nAnu,mp\n")
    anu = db.session.scalar(db.select(Invitation))
    reply = post_form(
        client,
        f"/admin/rounds/r1/invitations/{anu.id}/revoke",
        {},
        page="/admin/rounds/r1/invitations/people",
    )
    assert reply.status_code == 404
    db.session.refresh(anu)
    assert anu.revoked_at is None


@pytest.mark.parametrize(
    ("choice", "expected"),
    [("en", ["en"]), ("mn", ["mn"]), ("both", ["en", "mn"]), ("person", ["mn", "en"])],
)
def test_slips_have_a_qr_code_the_round_title_and_the_chosen_language(
    client, make_round, choice, expected
):
    make_round("r1", title="Pilot 2026")
    issued = upload(client, "r1", b"name,role,language\nAnu,mp,mn\nBat,staff,\n")
    page = client.get(issued.location + f"/slips?lang={choice}").get_data(as_text=True)
    assert page.count("<svg") == 2  # a QR code per slip, inline
    assert "Pilot 2026" in page
    langs = re.findall(r'class="slip-text" lang="(\w+)"', page)
    assert langs[: len(expected)] == expected
    if choice in ("en", "both"):
        assert "come back with the same link" in page and "work once" not in page
    if choice in ("mn", "both"):
        assert "ижил холбоосоор эргэн орж болно" in page


def mail_on(app: Any) -> None:
    app.config.update(MAIL_HOST="127.0.0.1", MAIL_SENDER="selfassess@example.org")


def test_invitations_by_e_mail_are_queued_with_the_invitations(app, client, make_round):
    mail_on(app)
    make_round("r1")
    upload(
        client,
        "r1",
        b"name,email,role,language\nAnu,anu@example.mn,mp,mn\nBat,,staff,\n",
        send_email="y",
    )
    (message,) = db.session.scalars(db.select(OutboxMessage)).all()
    assert message.recipient == "anu@example.mn" and message.language == "mn"
    assert message.subject.startswith("Урилга")
    link = mail.secret_link_of(message)
    assert link and "/r/" in link
    assert link not in message.body and link not in message.secret_link  # sealed at rest


def test_reminders_go_to_those_who_have_not_submitted_with_a_new_link(app, client, make_round):
    mail_on(app)
    make_round("r1")
    issued = upload(
        client,
        "r1",
        b"name,email,role\nAnu,anu@example.mn,mp\nBat,bat@example.mn,staff\nDorj,,mp\n",
    )
    old = {r["label"]: r for r in links(client, issued.location)}
    bat = db.session.scalar(db.select(Invitation).filter_by(label="Bat <bat@example.mn>"))
    bat.state = InvitationState.SUBMITTED
    db.session.commit()
    post_form(
        client,
        "/admin/rounds/r1/invitations/remind",
        {},
        page="/admin/rounds/r1/invitations/people",
    )
    (reminder,) = db.session.scalars(db.select(OutboxMessage)).all()
    assert reminder.recipient == "anu@example.mn" and reminder.kind == "reminder"
    new_token = mail.secret_link_of(reminder).rsplit("/", 1)[1]
    assert invitation_service.find_by_token(new_token) is not None
    anu_old = old["Anu <anu@example.mn>"]
    assert invitation_service.find_by_token(anu_old["link"].rsplit("/", 1)[1]) is None
    assert invitation_service.find_by_code(anu_old["access_code"]) is not None  # code kept


def test_without_mail_there_is_no_e_mail_option(client, make_round):
    make_round("r1")
    page = client.get("/admin/rounds/r1/invitations").get_data(as_text=True)
    assert "send_email" not in page
    assert "E-mail is off" in client.get("/admin/outbox").get_data(as_text=True)


def test_command_line_links_follow_the_configured_address(app, runner, make_round, tmp_path):
    make_round("r1")
    app.config["BASE_URL"] = "http://127.0.0.1:5077"  # what `make run PORT=5077` passes
    people = tmp_path / "people.csv"
    people.write_text("name,role\nAnu,mp\n", encoding="utf-8")
    out = tmp_path / "links.csv"
    result = runner.invoke(args=["invitations", "create", "r1", str(people), "-o", str(out)])
    assert result.exit_code == 0, result.output
    (row,) = csv.DictReader(io.StringIO(out.read_text("utf-8-sig")))
    assert row["link"].startswith("http://127.0.0.1:5077/r/")


def test_reset_and_staged_upload_tokens_are_redacted_from_logs():
    from selfassess.logs import redact

    line = '"GET /auth/reset/AbC-123_xyz HTTP/1.1" "GET /admin/rounds/r1/invitations/check/AbCdEfGhIjKlMnOpQrStUv"'
    assert "AbC-123_xyz" not in redact(line) and "AbCdEfGhIjKl" not in redact(line)


def test_the_command_skips_people_already_invited_and_says_so(app, runner, make_round, tmp_path):
    make_round("r1")
    people = tmp_path / "people.csv"
    people.write_text("name,email,role\nAnu,anu@example.mn,mp\nBat,,staff\n", encoding="utf-8")
    first = runner.invoke(
        args=["invitations", "create", "r1", str(people), "-o", str(tmp_path / "a.csv")]
    )
    assert first.exit_code == 0 and count() == 2
    people.write_text(
        "name,email,role\nAnu,anu@example.mn,mp\nBat,,staff\nDorj,,mp\n", encoding="utf-8"
    )
    again = runner.invoke(
        args=["invitations", "create", "r1", str(people), "-o", str(tmp_path / "b.csv")]
    )
    assert again.exit_code == 0, again.output
    assert "created 1 invitations" in again.output
    assert (
        "skipped 'Anu <anu@example.mn>' (mp): the same e-mail address is already invited"
        in again.output
    )
    assert count() == 3
    kept = runner.invoke(args=["invitations", "create", "r1", str(people), "--keep-duplicates"])
    assert kept.exit_code == 0 and count() == 6


def test_the_remind_command(app, runner, make_round):
    make_round("r1")
    off = runner.invoke(args=["invitations", "remind", "r1"])
    assert off.exit_code == 1 and off.output.startswith("error: e-mail is off")
    mail_on(app)
    invitation_service.create_invitations(
        db.session.scalar(db.select(Round)),
        [
            {"label": "Anu <anu@example.mn>", "role": "mp", "profile": {}},
            {"label": "Bat", "role": "mp", "profile": {}},
        ],
    )
    result = runner.invoke(args=["invitations", "remind", "r1"])
    assert result.exit_code == 0 and result.output.strip() == "queued 1 reminders for round r1"
