"""The demo's two rounds compared in a browser, the report downloaded; screenshots of the
change page in both languages, on a desktop and a phone (test-artifacts/, git-ignored)."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from playwright.sync_api import Page, expect

from tests.conftest import MINIMAL
from tests.e2e.conftest import PHONE, LiveServer, axe_check
from tests.e2e.test_console import load_demo, make_account, sign_in

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_change_page_and_report_download(page: Page, live_server: LiveServer) -> None:
    load_demo(live_server)
    sign_in(page, live_server, make_account(live_server, "consultant"))
    page.goto(live_server("/results/demo-2026/"))
    page.get_by_role("navigation", name="Results of this round").get_by_role(
        "link", name="Change"
    ).click()
    expect(page.get_by_role("heading", name="Change since an earlier round")).to_be_visible()
    expect(page.get_by_label("Earlier round", exact=True)).to_have_value("baseline-2023")
    culture = page.locator(
        "section.change-dimension",
        has=page.get_by_role("heading", name="Parliamentary culture", exact=False),
    ).first
    expect(culture.locator("svg.chart-wide[role=img]")).to_be_visible()
    expect(culture.get_by_role("row", name="Everyone")).to_contain_text("+")
    axe_check(page)

    page.get_by_role("navigation", name="Results of this round").get_by_role(
        "link", name="Downloads"
    ).click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the report (.docx)").click()
    assert download.value.suggested_filename == "demo-2026-report-en.docx"
    document = Document(io.BytesIO(download.value.path().read_bytes()))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Change since the earlier round" in headings

    folder = ARTIFACTS / "change"
    folder.mkdir(parents=True, exist_ok=True)
    for lang in ("en", "mn"):
        page.goto(live_server(f"/language/{lang}"))
        for device, size in (("desktop", {"width": 1280, "height": 900}), ("phone", PHONE)):
            page.set_viewport_size(size)
            page.goto(live_server("/results/demo-2026/change"))
            page.screenshot(path=str(folder / f"change-{lang}-{device}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(live_server("/results/demo-2026/downloads"))
        page.screenshot(path=str(folder / f"downloads-{lang}-desktop.png"), full_page=True)


def test_change_page_between_two_versions(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    """minimal v1 against v2 (ovs-budget re-scaled): the page lists what changed by key."""
    from tests.integration.results.test_compare_cli import AFTER, BEFORE, version_two, write_csv

    runner = live_server.app.test_cli_runner()
    v2 = version_two(tmp_path)
    steps = [
        ["questionnaire", "load", str(MINIMAL)],
        ["questionnaire", "load", str(v2)],
        ["round", "create", "before", "--questionnaire", "minimal", "--version", "1",
         "--min-group-size", "2"],
        ["round", "create", "after", "--questionnaire", "minimal", "--version", "2",
         "--min-group-size", "3"],
        ["responses", "import", "before", str(write_csv(tmp_path / "b.csv", BEFORE))],
        ["responses", "import", "after", str(write_csv(tmp_path / "a.csv", AFTER))],
    ]  # fmt: skip
    for args in steps:
        result = runner.invoke(args=args)
        assert result.exit_code == 0, (args, result.output)
    sign_in(page, live_server, make_account(live_server, "consultant"))
    page.goto(live_server("/results/after/change?by=sex"))
    oversight = page.locator(
        "section.change-dimension", has=page.get_by_role("heading", name="Oversight")
    )
    expect(oversight).to_contain_text("not comparable")
    expect(oversight.locator("code", has_text="ovs-budget")).to_be_visible()
    axe_check(page)
    folder = ARTIFACTS / "change"
    folder.mkdir(parents=True, exist_ok=True)
    for lang in ("en", "mn"):
        page.goto(live_server(f"/language/{lang}"))
        page.goto(live_server("/results/after/change?by=sex"))
        page.screenshot(path=str(folder / f"versions-{lang}-desktop.png"), full_page=True)
