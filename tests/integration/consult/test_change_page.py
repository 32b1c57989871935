"""The consultant's change page and the report download (issue 15)."""

from __future__ import annotations

import io
import re

from docx import Document

from tests.integration.results.test_compare_cli import two_rounds  # noqa: F401 (a fixture)


def test_change_page_shows_both_rounds_and_what_changed(two_rounds, client, login_as) -> None:  # noqa: F811
    login_as("consultant")
    page = client.get("/results/after/change?earlier=before")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert re.search(r'<option (selected )?value="before"( selected)?>', html)
    # ovs-budget is re-scaled in v2: listed by key under its dimension.
    assert "<code>ovs-budget</code>" in html and "not comparable" in html
    assert 'class="chart-wide"' in html and "<svg" in html
    # The staff of the after round (2 people, k = 3) are not published.
    assert "n=2</span>" in html  # the before round's staff (k = 2)
    assert html.count("n&lt;3") >= 1


def test_change_page_without_an_earlier_round(two_rounds, client, login_as) -> None:  # noqa: F811
    login_as("admin")
    page = client.get("/results/before/change")
    assert page.status_code == 200
    assert "No earlier round of this questionnaire exists yet" in page.get_data(as_text=True)


def test_report_download_with_and_without_comparison(two_rounds, client, login_as) -> None:  # noqa: F811
    login_as("consultant")
    response = client.get("/results/after/report.docx?lang=mn&earlier=before")
    assert response.status_code == 200
    assert 'filename="after-report-mn.docx"' in response.headers["Content-Disposition"]
    Document(io.BytesIO(response.data))
    assert client.get("/results/after/report.docx?earlier=nowhere").status_code == 404
    assert client.get("/results/after/report.docx?lang=fr").status_code == 404
