"""The overview's response rates by profile value, where invitations carry the value."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient

from selfassess.services.invitations import create_invitations
from tests.integration.consult.test_dashboard import results_round, text_of

__all__ = ["results_round"]


def test_rates_by_sex_from_the_invitations_with_small_values_hidden(
    client: FlaskClient, results_round: Any
) -> None:
    people = [{"label": f"W{i}", "role": "mp", "profile": {"sex": "female"}} for i in range(8)]
    people += [{"label": f"M{i}", "role": "mp", "profile": {"sex": "male"}} for i in range(10)]
    create_invitations(results_round, people)
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text_of(client, "/results/r1/")))
    assert "Responses by profile, where invitations carry it" in page
    # 5 women of 8 invited, 5 men of 10 (results_round's responses).
    assert "Female 8 5 62 %" in page and "Male 10 5 50 %" in page


def test_no_profile_table_when_invitations_carry_no_value(
    client: FlaskClient, results_round: Any
) -> None:
    create_invitations(results_round, [{"label": "P", "role": "mp", "profile": {}}])
    assert "where invitations carry it" not in text_of(client, "/results/r1/")


def test_the_workbook_summary_carries_the_rates_by_profile(
    client: FlaskClient, results_round: Any
) -> None:
    import io

    from openpyxl import load_workbook

    people = [{"label": f"W{i}", "role": "mp", "profile": {"sex": "female"}} for i in range(8)]
    people += [{"label": f"M{i}", "role": "mp", "profile": {"sex": "male"}} for i in range(3)]
    create_invitations(results_round, people)
    content = client.get("/results/r1/workbook.xlsx?lang=en").data
    summary = load_workbook(io.BytesIO(content))["Summary"]
    rows = {r[0]: r[1:4] for r in summary.iter_rows(values_only=True) if r[0]}
    assert rows["Sex: Female"] == (5, 8, 62.5)
    assert rows["Sex: Male"] == (5, 3, 166.67)  # more submitted than invited: imports
    assert rows["Sex: Prefer not to say"] == (0, 0, "–")
