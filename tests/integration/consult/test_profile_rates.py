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
