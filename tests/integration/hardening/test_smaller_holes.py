"""Issue 10, item 5: the smaller holes, each with its regression test."""

from __future__ import annotations

import csv
import io
import time
from typing import Any

import pytest
from flask import Flask

from selfassess.extensions import db
from selfassess.models import Invitation, Response
from selfassess.services import invitations
from tests.conftest import csrf_token, post_form
from tests.integration.hardening.bombs import empty_cells_workbook
from tests.integration.respond.conftest import session_csrf

# -- rate limits ------------------------------------------------------------------------------


def wrong_codes(client: Any, count: int) -> list[int]:
    token = session_csrf(client)
    data = {"code": "ZZZZ-ZZZZ-ZZ", "csrf_token": token}
    return [client.post("/r/code", data=data).status_code for _ in range(count)]


def test_valid_links_and_codes_are_served_after_others_hit_the_limit(
    app: Flask, make_round: Any, invite: Any, web_client: Any
) -> None:
    app.config["RATELIMIT_ACCESS_CODE"] = "3 per minute"
    round_ = make_round()
    first, second = invite(round_), invite(round_)
    typo = web_client()  # a colleague behind the same address, who mistypes
    assert wrong_codes(typo, 4) == [404, 404, 404, 429]
    assert typo.get("/r/" + "x" * 32).status_code == 429
    assert typo.get(f"/r/{first.token}").status_code == 302  # a working link: never refused
    other = web_client()  # someone else at the same address types a right code
    reply = other.post("/r/code", data={"code": second.code, "csrf_token": session_csrf(other)})
    assert reply.status_code == 302
    assert web_client().get(f"/r/{second.token}").status_code == 302


def test_an_address_meets_a_ceiling_whatever_its_cookies(
    app: Flask, make_round: Any, invite: Any, web_client: Any
) -> None:
    app.config["RATELIMIT_ACCESS_CODE"] = "3 per minute"
    app.config["RATELIMIT_ACCESS_ADDRESS"] = "5 per minute"
    issued = invite(make_round())
    statuses = [wrong_codes(web_client(), 1)[0] for _ in range(5)]  # a fresh browser each
    statuses.append(web_client().get("/r/code").status_code)
    assert statuses == [404] * 5 + [429]
    assert web_client().get(f"/r/{issued.token}").status_code == 302


def test_head_requests_count_like_get(app: Flask, web_client: Any) -> None:
    app.config["RATELIMIT_ACCESS_CODE"] = "2 per minute"
    client = web_client()
    assert [client.head("/r/" + "h" * 32).status_code for _ in range(2)] == [404, 404]
    assert client.get("/r/" + "g" * 32).status_code == 429


# -- sign-in time ---------------------------------------------------------------------------


def test_sign_in_checks_a_password_whether_or_not_the_address_exists(
    app: Flask, client: Any, make_account: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from selfassess.services import accounts

    account = make_account("admin")
    checked: list[str] = []
    real = accounts.check_password_hash
    monkeypatch.setattr(
        accounts, "check_password_hash", lambda h, p: checked.append(p) or real(h, p)
    )
    form = {"email": "nobody@example.mn", "password": "guess-guess-1"}
    assert post_form(client, "/auth/login", form).status_code == 200
    assert checked == ["guess-guess-1"]

    def timed(email: str) -> float:
        started = time.perf_counter()
        post_form(client, "/auth/login", {"email": email, "password": "wrong-password-1"})
        return time.perf_counter() - started

    app.config["RATELIMIT_ENABLED"] = False
    known = sorted(timed(account.email) for _ in range(3))[1]
    unknown = sorted(timed("nobody@example.mn") for _ in range(3))[1]
    # Both pay for one password hash (tens of ms); before, the unknown address took ~5 ms.
    assert unknown > known / 3, (known, unknown)


# -- the CSV formula guard ---------------------------------------------------------------------


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_no_cell_reads_as_a_formula_whatever_the_separator(separator: str) -> None:
    entry = {"role": "mp", "url": "https://x/r/t", "code": "ABCD-EFGH-JK"}
    labels = [
        "=1+1",
        "a;=1+1",
        "a; -2+3",
        "a,@SUM(1)",
        "a\t+1",
        "\tx",
        "b;\r=1",
        "Батболд; =HYPERLINK(1)",
    ]
    entries = [{**entry, "label": label, "profile": {"party": label}} for label in labels]
    text = invitations.links_csv(entries, ["party"]).lstrip("\ufeff")
    # A spreadsheet splitting on this separator, honouring quotes, as LibreOffice does.
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (separator, cell)
    assert "Батболд" in text


# -- NUL bytes in uploaded content ------------------------------------------------------------

PEOPLE_WITH_NUL = "name,role,sex\nDorj,mp,male\nSa\x00ran,staff,female\n"


def test_a_nul_in_a_people_file_is_a_located_error_on_the_command_line(
    make_round: Any, runner: Any, tmp_path: Any
) -> None:
    make_round()
    people = tmp_path / "people.csv"
    people.write_bytes(PEOPLE_WITH_NUL.encode())
    result = runner.invoke(args=["invitations", "create", "test-round", str(people)])
    assert result.exit_code == 1
    assert f"{people}:3:name: contains a NUL character" in result.output
    assert "Traceback" not in result.output
    assert db.session.query(Invitation).count() == 0


def test_a_nul_in_a_people_file_is_a_located_error_on_the_web(
    make_round: Any, client: Any, login_as: Any
) -> None:
    login_as("admin")
    make_round()
    url = "/admin/rounds/test-round/invitations"
    reply = client.post(
        url,
        data={
            "csrf_token": csrf_token(client, url),
            "file": (io.BytesIO(PEOPLE_WITH_NUL.encode()), "people.csv"),
        },
        content_type="multipart/form-data",
    )
    assert reply.status_code == 422
    assert "people.csv:3:name: contains a NUL character" in reply.get_data(as_text=True)
    assert db.session.query(Invitation).count() == 0


def test_a_nul_in_an_imported_response_is_a_located_error(
    make_round: Any, runner: Any, tmp_path: Any
) -> None:
    make_round()
    data = tmp_path / "responses.csv"
    data.write_bytes(b"respondent,role,ovs-committee,ovs-example\nr1,mp,yes,so\x00me\n")
    result = runner.invoke(args=["responses", "import", "test-round", str(data)])
    assert result.exit_code == 1, result.output
    assert f"{data}:2:ovs-example: contains a NUL character" in result.output
    assert "Traceback" not in result.output
    assert db.session.query(Response).count() == 0


# -- workbooks that inflate -------------------------------------------------------------------


def test_a_people_workbook_of_empty_cells_is_refused_fast(make_round: Any) -> None:
    definition = make_round().version.load()
    bomb = empty_cells_workbook(["name", "role"], ["Dorj", "mp"])
    assert len(bomb) < 200_000
    started = time.perf_counter()
    people, errors = invitations.parse_people(bomb, "people.xlsx", definition)
    assert time.perf_counter() - started < 5
    assert people == [] and len(errors) == 1
    assert errors[0] == "people.xlsx: the workbook unpacks to too much data"  # the one reader


def test_a_response_workbook_of_empty_cells_is_refused_fast(
    make_round: Any, runner: Any, tmp_path: Any
) -> None:
    make_round()
    path = tmp_path / "responses.xlsx"
    path.write_bytes(
        empty_cells_workbook(["respondent", "role", "ovs-committee"], ["r1", "mp", "yes"])
    )
    started = time.perf_counter()
    result = runner.invoke(args=["responses", "import", "test-round", str(path)])
    assert time.perf_counter() - started < 5
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert db.session.query(Response).count() == 0
