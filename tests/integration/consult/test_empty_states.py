"""An empty round says why it is empty, by its state."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("state", "said"),
    [
        ("closed", "closed without any submitted response"),
        ("open", "results appear here as respondents submit"),
        ("draft", "has not opened yet"),
    ],
)
def test_an_empty_round_says_why_by_its_state(client, login_as, make_round, state, said):
    make_round("empty-round", state=state)
    login_as("consultant")
    page = client.get("/results/empty-round/").get_data(as_text=True)
    assert said in page
    if state == "closed":
        assert "as respondents submit" not in page


def test_an_empty_round_draws_no_empty_chart(client, login_as, make_round):
    make_round("empty-round", state="closed")
    login_as("consultant")
    page = client.get("/results/empty-round/").get_data(as_text=True)
    assert 'id="h-overall"' not in page and 'id="h-responses"' in page
