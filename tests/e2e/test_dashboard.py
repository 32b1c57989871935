"""A consultant in a real browser: the demo round's dashboard, a grouping, a question,
the workbook download compared with the page; every page scanned by axe-core."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, LiveServer, axe_check
from tests.e2e.test_console import load_demo, make_account, sign_in


def test_dashboard_group_drill_down_and_workbook(page: Page, live_server: LiveServer) -> None:
    load_demo(live_server)
    sign_in(page, live_server, make_account(live_server, "consultant"))
    expect(page.get_by_role("heading", name="Results", level=1)).to_be_visible()
    page.get_by_role("link", name="Demo 2026: human rights and gender").click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    expect(page.locator("svg.chart-wide[role=img]").first).to_be_visible()
    axe_check(page)

    page.get_by_role("navigation", name="Results of this round").get_by_role(
        "link", name="Dimensions"
    ).click()
    row = page.locator("tr", has=page.get_by_role("link", name="Representation and leadership"))
    everyone = float(re.findall(r"\d+\.\d", row.locator("td").first.inner_text())[0])
    axe_check(page)

    # Another grouping: parties; the smallest one (3 respondents) is suppressed.
    page.get_by_label("Compare by").select_option(label="Party or coalition")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("columnheader", name="Civil Will–Green Party")).to_be_visible()
    expect(page.locator("td", has_text="n<5").first).to_be_visible()
    axe_check(page)

    # Drill down: a dimension, then one of its questions.
    page.get_by_role("link", name="Parliamentary culture", exact=False).first.click()
    page.locator("table a[href*='/questions/']").first.click()
    expect(page.get_by_role("heading", name="Distribution of answers")).to_be_visible()
    page.get_by_text("Show the numbers of this chart").click()
    expect(page.get_by_role("table").first).to_be_visible()
    axe_check(page)

    page.get_by_role("navigation", name="Results of this round").get_by_role(
        "link", name="Comments"
    ).click()
    axe_check(page)
    page.get_by_role("navigation", name="Results of this round").get_by_role(
        "link", name="Downloads"
    ).click()
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Workbook · English (.xlsx)").click()
    assert download.value.suggested_filename == "demo-2026-results-en.xlsx"
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes()))["Dimensions"]
    scores = {row[0]: row[2] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert abs(float(scores["representation"]) - everyone) <= 0.05


def test_dashboard_on_a_phone_in_mongolian(page: Page, live_server: LiveServer) -> None:
    load_demo(live_server)
    sign_in(page, live_server, make_account(live_server, "consultant"))
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Монгол").click()
    page.goto(live_server("/results/demo-2026/dimensions"))
    expect(page.locator("html")).to_have_attribute("lang", "mn")
    expect(page.locator("svg.chart-narrow")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the page scrolls sideways on a 360-px phone"
    axe_check(page)
