"""The Dimensions sheet printed across pages: one comparison per block, no group cut."""

from __future__ import annotations

from types import SimpleNamespace

from selfassess.exports.sheets.dimensions import PAGE_WIDTH, _blocks, _breaks

GROUPS = {
    "all": (),
    "role=mp": (("role", "mp"),),
    "role=staff": (("role", "staff"),),
    "sex=f": (("sex", "f"),),
    "sex=m": (("sex", "m"),),
    **{f"role=mp,unit={i}": (("role", "mp"), ("unit", str(i))) for i in range(12)},
}


def test_comparisons_share_a_page_when_they_fit_and_a_group_is_never_cut() -> None:
    book = SimpleNamespace(groups=list(GROUPS), parts=GROUPS)
    widths = [10.0, 7.0]  # score and n: two columns per group
    blocks = _blocks(book, 2, widths)
    column = {g: 2 + 2 * i for i, g in enumerate(GROUPS)}
    # All and the roles; sex; role × unit: one block each.
    assert [b[0][0] for b in blocks] == [2, column["sex=f"], column["role=mp,unit=0"]]
    breaks = _breaks(blocks)
    # All, the roles and sex (5 × 17 characters) share a page; role × unit (12 × 17) is
    # wider than a page: it starts its own and breaks between groups.
    per_page = int(PAGE_WIDTH // sum(widths))
    assert 5 * sum(widths) <= PAGE_WIDTH
    assert breaks[0] == column["role=mp,unit=0"]
    assert breaks[1] == column[f"role=mp,unit={per_page}"]
    assert all((b - 2) % len(widths) == 0 for b in breaks)


def test_a_comparison_that_does_not_fit_what_is_left_starts_a_page() -> None:
    blocks = [[(2, 40.0)], [(3, 40.0), (4, 40.0)], [(5, 8.0)], [(6, 10.0)]]
    # 40 + 80 > a page (88): the second starts one; 80 + 8 fits; 88 + 10 does not.
    assert _breaks(blocks) == [3, 6]
