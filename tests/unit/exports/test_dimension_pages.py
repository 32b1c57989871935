"""The Dimensions sheet printed across pages: one comparison per block, no group cut."""

from __future__ import annotations

from types import SimpleNamespace

from selfassess.exports.sheets.dimensions import PAGE_WIDTH, _breaks

GROUPS = {
    "all": (),
    "role=mp": (("role", "mp"),),
    "role=staff": (("role", "staff"),),
    "sex=f": (("sex", "f"),),
    "sex=m": (("sex", "m"),),
    **{f"role=mp,unit={i}": (("role", "mp"), ("unit", str(i))) for i in range(12)},
}


def test_a_page_starts_at_each_comparison_and_when_full_never_inside_a_group() -> None:
    book = SimpleNamespace(groups=list(GROUPS), parts=GROUPS)
    widths = [10.0, 7.0]  # score and n: two columns per group
    breaks = _breaks(book, 2, widths)
    column = {g: 2 + 2 * i for i, g in enumerate(GROUPS)}
    # All and the roles together; then sex; then role × unit.
    assert breaks[:2] == [column["sex=f"], column["role=mp,unit=0"]]
    # Role × unit (12 groups × 17 characters) is wider than a page: it breaks, at a group.
    per_page = int(PAGE_WIDTH // sum(widths))
    assert breaks[2:] == [column[f"role=mp,unit={per_page}"]]
    assert all((b - 2) % len(widths) == 0 for b in breaks)
