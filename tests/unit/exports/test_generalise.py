"""The Data sheet's role and profile values: k rows per combination, no lone blank code."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from selfassess.exports.generalise import generalise, grouping_columns
from tests.factories import definition, field

D = definition(
    key="g",
    scales=(),
    profile=(field("sex", "f", "m"), field("dept", *"abcd"), field("age", type="number")),
)
FIELDS = {"role": ["mp", "staff"], "sex": [None, "f", "m"], "dept": [None, "a", "b", "c", "d"]}


@st.composite
def tables(draw: st.DrawFn) -> dict[str, list[str | None]]:
    size = draw(st.integers(0, 40))
    return {
        key: [draw(st.sampled_from(codes)) for _ in range(size)] for key, codes in FIELDS.items()
    }


@settings(max_examples=300, deadline=None)
@given(
    tables(),
    st.integers(1, 6),
    st.sets(st.sampled_from(["role=staff", "dept=a", "role=mp,sex=f", "sex=m"])),
)
def test_generalised_values_hold_the_rules(rows, k, protected):
    shown = generalise(D, rows, k, protected)
    size = len(rows["role"])
    if shown is None:
        assert size < k
        return
    assert [key for key, _ in grouping_columns(D)] == list(shown)  # no number field
    combos = Counter(zip(*shown.values(), strict=True))
    assert size == 0 or min(combos.values()) >= k
    for key, values in shown.items():
        blanked = {raw for raw, value in zip(rows[key], values, strict=True) if value is None}
        # A blank never stands for a single code, unless the column says nothing at all.
        assert len(blanked - {None}) != 1 or set(values) == {None}, key
        for raw, value in zip(rows[key], values, strict=True):
            assert value in (None, raw)
            # a protected group is never shown
            assert value is None or f"{key}={value}" not in protected
    for role, sex in zip(shown["role"], shown["sex"], strict=True):
        assert role is None or sex is None or f"role={role},sex={sex}" not in protected


def test_nothing_protected_and_large_groups_stay_visible():
    rows = {"role": ["mp"] * 6 + ["staff"] * 6, "sex": ["f", "m"] * 6, "dept": [None] * 12}
    shown = generalise(D, rows, 3, set())
    assert shown == {"role": rows["role"], "sex": rows["sex"], "dept": [None] * 12}
