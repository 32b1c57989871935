"""Which comments page a visitor asked for: any text in ``?page=`` gives a page, never an error."""

from __future__ import annotations

import pytest

from selfassess.consult.paging import Paging


@pytest.mark.parametrize(
    ("asked", "number"),
    [("2", 2), (None, 1), ("", 1), ("0", 1), ("99", 3), ("-1", 1), ("²", 1), ("٣", 1), ("x", 1)],
)
def test_the_page_asked_for_is_kept_within_the_pages_there_are(asked: str | None, number: int):
    assert Paging.of(123, asked).number == number
