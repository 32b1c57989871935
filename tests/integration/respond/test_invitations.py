"""Invitations: the people file, creation (hashes only), links, progress, the command."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from selfassess.extensions import db
from selfassess.models import AuditEvent, Invitation
from selfassess.services import invitations
from selfassess.services.errors import Conflict

PEOPLE = "name,email,role,sex,years\nDorj,dorj@example.mn,mp,male,8\nSaran,,staff,female,\n"


def definition_of(round_):  # type: ignore[no-untyped-def]
    return round_.version.load()


def test_a_csv_of_people_with_a_bom_and_semicolons_is_read(make_round):
    data = ("\ufeff" + PEOPLE.replace(",", ";")).encode("utf-8")
    people, errors = invitations.parse_people(data, "people.csv", definition_of(make_round()))
    assert errors == []
    assert people == [
        {"label": "Dorj <dorj@example.mn>", "role": "mp", "profile": {"sex": "male", "years": 8}},
        {"label": "Saran", "role": "staff", "profile": {"sex": "female"}},
    ]


def test_a_workbook_of_people_is_read(make_round):
    book = Workbook()
    sheet = book.active
    for row in (["Name", "Role", "Sex"], ["Tuya", "staff", "female"], [None, None, None]):
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    people, errors = invitations.parse_people(
        data.getvalue(), "people.xlsx", definition_of(make_round())
    )
    assert errors == []
    assert people == [{"label": "Tuya", "role": "staff", "profile": {"sex": "female"}}]


def test_every_error_of_the_file_is_reported_with_row_and_column(make_round):
    data = (
        b"name,email,role,sex,years\n"
        b"A,not-an-address,mp,female,\n"
        b",,staff,,\n"
        b"C,c@example.mn,judge,other,\n"
        b"D,c@example.mn,staff,,3\n"
        b"E,,mp,,many\n"
    )
    people, errors = invitations.parse_people(data, "in/people.csv", definition_of(make_round()))
    assert people == []
    assert errors == [
        "in/people.csv:2:email: 'not-an-address' is not an e-mail address",
        "in/people.csv:3:name: give a name or an e-mail address",
        "in/people.csv:4:role: 'judge' is not a role; use mp, staff",
        "in/people.csv:4:sex: 'other' is not an option of sex (female, male, undisclosed)",
        "in/people.csv:5:years: does not apply to role staff",
        "in/people.csv:5:email: c@example.mn is already on row 4",
        "in/people.csv:6:years: 'many' is not a number",
    ]


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"name,colour,role\nA,red,mp\n", "p.csv", "p.csv:1:colour: unknown column"),
        (b"role\nmp\n", "p.csv", "p.csv:1: a column 'name' or 'email' is required"),
        (b"name\nA\n", "p.csv", "p.csv:1: a column 'role' is required"),
        (b"", "p.csv", "p.csv: the file is empty"),
        (b"\xff\xfe\x00junk", "p.csv", "p.csv: not UTF-8 text"),
        (b"PK\x03\x04junk", "p.xlsx", "p.xlsx: not an XLSX workbook"),  # the one reader's words
        (b"name,role\n", "p.csv", "p.csv: the file has a header but no people"),
        (b"name,role\nA,mp\n", "p.txt", "p.txt: give a .csv or .xlsx file"),
    ],
)
def test_a_wrong_file_is_explained(make_round, content, name, expected):
    people, errors = invitations.parse_people(content, name, definition_of(make_round()))
    assert people == [] and errors and errors[0].startswith(expected), errors


def test_invitations_store_only_hashes_and_are_audited_with_a_count(make_round):
    round_ = make_round()
    people, _ = invitations.parse_people(PEOPLE.encode(), "p.csv", definition_of(round_))
    issued = invitations.create_invitations(round_, people)
    assert [(i.label, i.role) for i in issued] == [
        ("Dorj <dorj@example.mn>", "mp"),
        ("Saran", "staff"),
    ]
    for item in issued:
        assert len(item.token) >= 32  # at least 24 random bytes
        assert len(item.code) == 10 and set(item.code) <= set(invitations.CODE_ALPHABET)
    stored = db.session.query(Invitation).order_by(Invitation.id).all()
    dump = repr([(i.token_hash, i.code_hash, i.label, i.profile) for i in stored])
    for item in issued:
        assert item.token not in dump and item.code not in dump
    assert stored[0].token_hash == hashlib.sha256(issued[0].token.encode()).hexdigest()
    # The code is keyed with SECRET_KEY: its plain SHA-256 is not what is stored.
    assert stored[0].code_hash != hashlib.sha256(issued[0].code.encode()).hexdigest()
    assert stored[0].code_hash == invitations.code_hash(issued[0].code)
    event = db.session.query(AuditEvent).filter_by(action="invitations.create").one()
    assert event.details == {"count": 2} and event.target == "test-round"


def test_access_codes_read_back_however_they_are_typed(make_round, invite):
    issued = invite(make_round())
    shown = invitations.format_code(issued.code)
    assert len(shown) == 12 and shown.count("-") == 2
    for typed in (issued.code, shown, shown.lower(), f"  {shown[:5]} {shown[5:]} "):
        found = invitations.find_by_code(typed)
        assert found is not None and found.label == "x"
    assert invitations.find_by_code("AAAA-AAAA-AA") is None


def test_a_closed_round_takes_no_invitations(make_round):
    round_ = make_round(state="closed")
    with pytest.raises(Conflict):
        invitations.create_invitations(round_, [{"label": "A", "role": "mp", "profile": {}}])


def test_links_come_from_base_url_outside_a_request(app):
    app.config["BASE_URL"] = "https://survey.parliament.mn/selfassess"
    assert invitations.invitation_url("abc") == "https://survey.parliament.mn/selfassess/r/abc"
    with app.test_request_context(base_url="http://other.example"):
        assert invitations.invitation_url("abc") == "http://other.example/r/abc"


def test_progress_counts_invited_started_and_submitted_per_role(make_round, respondent, invite):
    round_ = make_round()
    invite(round_, "mp")
    person = respondent(round_, "staff")
    person.save_page(2, {"q-ovs-committee": "no"})
    person.submit()
    respondent(round_, "staff")
    assert invitations.progress(round_) == {
        "mp": {"invited": 1, "started": 0, "submitted": 0},
        "staff": {"invited": 2, "started": 1, "submitted": 1},
    }


def test_the_command_writes_links_and_codes(app, make_round, runner, tmp_path: Path):
    make_round()
    app.config["BASE_URL"] = "https://survey.example.mn"
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE + "=HYPERLINK(1),,staff,,\n", encoding="utf-8")
    links = tmp_path / "links.csv"
    result = runner.invoke(
        args=["invitations", "create", "test-round", str(people), "-o", str(links)]
    )
    assert result.exit_code == 0, result.output
    assert "created 3 invitations" in result.output
    assert links.stat().st_mode & 0o777 == 0o600
    rows = list(csv.DictReader(io.StringIO(links.read_text(encoding="utf-8-sig"))))
    assert [r["label"] for r in rows] == ["Dorj <dorj@example.mn>", "Saran", "'=HYPERLINK(1)"]
    assert all(r["link"].startswith("https://survey.example.mn/r/") for r in rows)
    assert all(len(r["access_code"]) == 12 for r in rows)
    assert invitations.find_by_code(rows[1]["access_code"]).label == "Saran"
    assert invitations.find_by_token(rows[0]["link"].rsplit("/", 1)[1]).role == "mp"

    printed = runner.invoke(args=["invitations", "create", "test-round", str(people)])
    assert printed.exit_code == 0
    header = printed.output.lstrip("\ufeff").splitlines()[0]
    assert header.startswith("label,role,") and header.endswith(",link,access_code")


def test_the_command_reports_every_error_and_creates_nothing(make_round, runner, tmp_path: Path):
    make_round()
    people = tmp_path / "people.csv"
    people.write_text("name,role\nA,judge\nB,\n", encoding="utf-8")
    result = runner.invoke(args=["invitations", "create", "test-round", str(people)])
    assert result.exit_code == 1
    assert f"{people}:2:role:" in result.output and f"{people}:3:role:" in result.output
    assert "Traceback" not in result.output
    assert db.session.query(Invitation).count() == 0
    missing = runner.invoke(args=["invitations", "create", "no-round", str(people)])
    assert missing.exit_code == 1 and "no round with slug" in missing.output


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Anu <ANU@example.mn>", ("Anu", "anu@example.mn")),
        ("anu@example.mn", ("", "anu@example.mn")),
        ("Anu", ("Anu", "")),
        ("Anu <not an address>", ("Anu <not an address>", "")),
        ("Цэцэг <tsetseg@example.mn>", ("Цэцэг", "tsetseg@example.mn")),
    ],
)
def test_a_label_splits_into_name_and_address(label, expected):
    assert invitations.split_label(label) == expected
