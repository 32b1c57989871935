"""An administrator in a real browser: a questionnaire from a broken workbook to an open
round with invitations, every page scanned by axe-core."""

from __future__ import annotations

import csv
import io
from typing import Any

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import LiveServer, axe_check
from tests.integration.admin.conftest import minimal_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# -- shared with the dashboard walk ------------------------------------------------------


def make_account(server: LiveServer, role: str) -> str:
    """A staff account of ``role`` on the live server's database; returns its e-mail."""
    from selfassess.services.accounts import create_account

    email = f"{role}@example.org"
    with server.unit_of_work():
        create_account(email, role, PASSWORD)
    return email


def load_demo(server: LiveServer) -> None:
    """The demo round with its simulated responses (as ``selfassess demo`` loads it)."""
    from selfassess.services.demo import load_demo as demo

    with server.unit_of_work():
        for _line in demo(server.app.config["QUESTIONNAIRES_DIR"], password=PASSWORD):
            pass


def sign_in(page: Page, server: LiveServer, email: str) -> None:
    page.goto(server("/auth/login"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def file_payload(name: str, content: bytes, mime: str) -> dict[str, Any]:
    return {"name": name, "mimeType": mime, "buffer": content}


# -- the walk ---------------------------------------------------------------------------


def test_from_a_broken_workbook_to_invitations(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server, make_account(live_server, "admin"))
    page.get_by_role("navigation", name="Administration").get_by_role(
        "link", name="Questionnaires"
    ).click()
    axe_check(page)

    # A workbook with an error: the report says where.
    page.get_by_label("Questionnaire file").set_input_files(
        file_payload("minimal.xlsx", minimal_workbook(broken=True), XLSX)
    )
    page.get_by_role("button", name="Check the file").click()
    report = page.locator("#report")
    expect(report).to_contain_text("problem in minimal.xlsx")
    expect(report).to_contain_text("questions!")
    expect(report).to_contain_text("slider")
    axe_check(page)

    # Fixed: the preview in each language, then publish.
    page.get_by_label("Questionnaire file").set_input_files(
        file_payload("minimal.xlsx", minimal_workbook(), XLSX)
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="minimal.xlsx is valid")).to_be_visible()
    expect(page.get_by_text("Women hold leadership posts.")).to_be_visible()
    axe_check(page)
    page.get_by_role("navigation", name="Preview language").get_by_role(
        "link", name="Монгол"
    ).click()
    expect(page.get_by_text("Эмэгтэйчүүд удирдах албан тушаал хашдаг.")).to_be_visible()
    page.get_by_role("button", name="Publish minimal v1").click()
    expect(page.get_by_text("Published minimal v1.")).to_be_visible()
    axe_check(page)

    # A round from that version, opened.
    page.get_by_role("navigation", name="Administration").get_by_role("link", name="Rounds").click()
    page.get_by_label("Short name (slug)").fill("pilot-2026")
    page.get_by_label("Smallest group published (k)").fill("5")
    page.get_by_role("button", name="Create the round").click()
    expect(page.get_by_text("Round pilot-2026 created.")).to_be_visible()
    page.get_by_role("button", name="Open the round").click()
    expect(page.get_by_text("The round is open.")).to_be_visible()
    axe_check(page)

    # Invitations from a CSV: the links and codes as a download, and the slips.
    page.get_by_role("link", name="Invitations").click()
    people = "name,email,role,sex\nAnu,anu@example.org,mp,female\nBat,,staff,male\n"
    page.get_by_label("List of people (CSV)").set_input_files(
        file_payload("people.csv", people.encode(), "text/csv")
    )
    page.get_by_role("button", name="Create the invitations").click()
    expect(page.get_by_role("heading", name="2 new invitations")).to_be_visible()
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the links and codes (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text("utf-8-sig"))))
    assert [row["role"] for row in rows] == ["mp", "staff"]
    assert all(row["link"].startswith(live_server.url + "/r/") for row in rows)
    page.get_by_role("link", name="Printable invitation slips").click()
    expect(page.locator(".slip")).to_have_count(2)
    expect(page.locator(".slip").first).to_contain_text(rows[0]["access_code"])
    axe_check(page)
