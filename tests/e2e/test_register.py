"""The register in a browser: import, a focal point's report, overdue, the public page."""

from __future__ import annotations

import io
import os
from datetime import date, timedelta
from pathlib import Path

import pytest
import xlsxwriter
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE, LiveServer, axe_check
from tests.e2e.test_console import file_payload, load_demo, make_account, sign_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LATE = (date.today() - timedelta(days=7)).isoformat()
LATER = (date.today() + timedelta(days=200)).isoformat()


def prepare(server: LiveServer) -> None:
    """The bundled questionnaires and two bodies, as an administrator would load them."""
    from selfassess.extensions import db
    from selfassess.services.demo import load_bundled
    from selfassess.services.register_import import import_bodies

    with server.unit_of_work():
        list(load_bundled(server.app.config["QUESTIONNAIRES_DIR"]))
        import_bodies(
            b"key,name::en,name::mn\n"
            b"hr-department,Human Resources Department,\xd0\xa5\xd2\xaf\xd0\xbd\xd0\xb8\xd0\xb9 "
            b"\xd0\xbd\xd3\xa9\xd3\xa9\xd1\x86\n"
            b"legal-committee,Legal Affairs Committee,\n",
            "bodies.csv",
        )
        db.session.commit()


def register_workbook() -> bytes:
    sheets = {
        "recommendations": [
            ["ref", "text::en", "text::mn", "source", "links", "responsible", "sdg", "status", "due"],
            ["SA-1", "Adopt a harassment policy", "Дарамтын бодлого батлах", "baseline",
             "parliament-hr-gender:culture", "hr-department", "5.5", "in_progress", LATER],
            ["UPR3-107.45", "Review laws for discrimination", "", "UPR 3rd cycle",
             "parliament-hr-gender:law-discrimination-review", "legal-committee", "16.7",
             "accepted", ""],
        ],
        "actions": [
            ["recommendation", "action", "text::en", "responsible", "start", "due", "status"],
            ["SA-1", "1", "Set up a complaints channel", "hr-department", "", LATE, "in_progress"],
            ["UPR3-107.45", "1", "Map discriminatory provisions", "legal-committee", "", LATER,
             "not_started"],
        ],
    }  # fmt: skip
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write_string(r, c, value)
    book.close()
    return output.getvalue()


def test_import_report_overdue_and_the_public_page(page: Page, live_server: LiveServer) -> None:
    prepare(live_server)
    focal = make_account(live_server, "focal_point")
    sign_in(page, live_server, make_account(live_server, "admin"))

    # The administrator imports the register from a workbook.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Recommendations").click()
    page.get_by_role("link", name="Import and export").click()
    page.get_by_label("Register file", exact=True).set_input_files(
        file_payload("register.xlsx", register_workbook(), XLSX)
    )
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("Imported 2 recommendations and 2 actions.")).to_be_visible()
    axe_check(page)

    # ... gives the focal point the HR department, and publishes SA-1 only.
    page.get_by_role("link", name="Bodies", exact=True).click()
    page.get_by_label(f"Bodies of {focal}").select_option(["hr-department"])
    page.get_by_role("button", name=f"Save {focal}").click()
    expect(page.get_by_text(f"Bodies of {focal} saved.")).to_be_visible()
    page.goto(live_server("/register/recommendation/SA-1"))
    page.get_by_role("button", name="Publish on the public page").click()
    expect(page.get_by_text("SA-1 is on the public page.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # The focal point lands on the plan; the late action is marked overdue.
    sign_in(page, live_server, focal)
    expect(page.get_by_role("heading", name="Plan of action")).to_be_visible()
    late_item = page.locator(".timeline-item", has_text="Set up a complaints channel")
    expect(late_item.locator(".overdue")).to_have_text("Overdue")
    axe_check(page)
    late_item.get_by_role("link", name="Report progress").click()
    page.get_by_label("What was done").fill("Two advisers trained; line opens Monday.")
    page.get_by_label("Status of the action").select_option("done")
    page.get_by_role("button", name="Save the progress report").click()
    expect(page.get_by_text("Progress recorded.")).to_be_visible()
    expect(page.get_by_text("Two advisers trained; line opens Monday.")).to_be_visible()

    # Another body's action cannot be reached by its URL.
    other = page.request.get(live_server("/register/actions/2"))
    assert other.status == 403
    page.goto(live_server("/register/plan?mine=0"))
    expect(page.get_by_text("Map discriminatory provisions")).to_be_visible()
    expect(
        page.locator(".timeline-item", has_text="Map discriminatory").get_by_role(
            "link", name="Report progress"
        )
    ).to_have_count(0)
    page.get_by_role("button", name="Sign out").click()

    # The public page, without signing in, in both languages: only SA-1 and its progress.
    page.goto(live_server("/accountability/"))
    expect(page.get_by_text("Adopt a harassment policy")).to_be_visible()
    expect(page.get_by_text("Two advisers trained; line opens Monday.")).to_be_visible()
    assert "UPR3-107.45" not in page.content()
    assert "Map discriminatory" not in page.content()
    axe_check(page)
    page.goto(live_server("/language/mn?next=/accountability/"))
    expect(page.get_by_text("Дарамтын бодлого батлах")).to_be_visible()
    assert "UPR3-107.45" not in page.content()


SHOTS = os.environ.get("SHOTS_DIR", "")
DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.skipif(not SHOTS, reason="set SHOTS_DIR to take screenshots")
def test_register_screenshots(page: Page, live_server: LiveServer) -> None:
    folder = Path(SHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    load_demo(live_server)
    pages = {
        "register": "/register/",
        "register-filtered": "/register/?overdue=1",
        "recommendation": "/register/recommendation/SA-2026-01",
        "plan-timeline": "/register/plan",
        "plan-table": "/register/plan?view=table",
        "reminders": "/register/reminders",
        "action": "/register/actions/2",
        "edit": "/register/edit/1",
        "import": "/register/edit/import",
        "bodies": "/register/manage/bodies",
        "dimension-linked": "/results/demo-2026/dimensions/culture",
    }
    sign_in(page, live_server, "admin@demo.local")
    for lang in ("en", "mn"):
        page.goto(live_server(f"/language/{lang}"))
        for device, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            for name, path in pages.items():
                page.goto(live_server(path))
                page.screenshot(path=str(folder / f"{name}-{lang}-{device}.png"), full_page=True)
                if device == "phone":  # the top at full size, for reading
                    top = {"x": 0, "y": 0, "width": PHONE["width"], "height": 1200}
                    shot = folder / f"{name}-{lang}-{device}-top.png"
                    page.screenshot(path=str(shot), full_page=True, clip=top)
            page.goto(live_server("/accountability/"))
            page.screenshot(path=str(folder / f"public-{lang}-{device}.png"), full_page=True)
    page.goto(live_server("/language/en"))
    page.get_by_role("button", name="Sign out").click()
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, "focal@demo.local")
    page.screenshot(path=str(folder / "focal-plan-desktop.png"), full_page=True)
    assert PASSWORD
