"""Response rates by profile value: invited by the value the invitation carries."""

from __future__ import annotations

import pandas as pd

from selfassess.scoring.participation import ProfileRate, by_profile
from tests.unit.scoring.scoring_builders import definition, field, leaf, q, respondents


def make(sexes: list[str | None]) -> pd.DataFrame:
    return respondents(
        [{"id": i, "role": "mp", "sex": s} for i, s in enumerate(sexes)], fields=["sex"]
    )


def test_rates_per_value_the_invitations_carry() -> None:
    d = definition(leaf("d", q("a")), profile=[field("sex", "female", "male")])
    invited = pd.DataFrame({"sex": ["female"] * 10 + ["male"] * 8})
    rates = by_profile(d, make(["female"] * 5 + ["male"] * 6), invited, 5)
    assert rates == (
        ProfileRate("sex", "female", 10, 5, 50.0),
        ProfileRate("sex", "male", 8, 6, 75.0),
    )


def test_a_small_value_is_suppressed_with_the_next_smallest() -> None:
    d = definition(leaf("d", q("a")), profile=[field("sex", "female", "male", "other")])
    invited = pd.DataFrame({"sex": ["female"] * 10 + ["male"] * 10 + ["other"] * 3})
    rates = by_profile(d, make(["female"] * 6 + ["male"] * 9 + ["other"] * 2), invited, 5)
    shown = {r.value: r.submitted for r in rates}
    # "other" (2) is below k; alone it could be worked out from the total: "female" goes too.
    assert shown == {"female": None, "male": 9, "other": None}
    assert all(r.rate is None for r in rates if r.suppressed)
    assert [r.invited for r in rates] == [10, 10, 3]


def test_a_field_no_invitation_carries_is_left_out() -> None:
    d = definition(leaf("d", q("a")), profile=[field("sex", "female", "male")])
    assert by_profile(d, make(["female"] * 6), pd.DataFrame({"sex": [None, None]}), 5) == ()
    assert by_profile(d, make(["female"] * 6), pd.DataFrame(index=range(3)), 5) == ()


def test_an_empty_value_is_shown_as_zero_and_hides_nothing_else() -> None:
    d = definition(leaf("d", q("a")), profile=[field("sex", "female", "male", "other")])
    invited = pd.DataFrame({"sex": ["female"] * 8 + ["male"] * 8})
    rates = by_profile(d, make(["female"] * 5 + ["male"] * 6), invited, 5)
    assert [(r.value, r.submitted) for r in rates] == [("female", 5), ("male", 6), ("other", 0)]


def test_a_small_remainder_without_a_value_hides_the_smallest_value() -> None:
    d = definition(leaf("d", q("a")), profile=[field("sex", "female", "male")])
    invited = pd.DataFrame({"sex": ["female"] * 10 + ["male"] * 10})
    # Two submitted without a sex: the total (15) less the values shown would give them.
    rates = by_profile(d, make(["female"] * 6 + ["male"] * 7 + [None, None]), invited, 5)
    assert {r.value: r.submitted for r in rates} == {"female": None, "male": 7}
    # Five without a value, or none: nothing more to hide.
    for others in ([None] * 5, []):
        rates = by_profile(d, make(["female"] * 6 + ["male"] * 7 + others), invited, 5)
        assert {r.value: r.submitted for r in rates} == {"female": 6, "male": 7}
    # A small value and a small remainder: two hidden already, nothing else goes.
    rates = by_profile(d, make(["female"] * 6 + ["male"] * 2 + [None]), invited, 5)
    assert {r.value: r.submitted for r in rates} == {"female": 6, "male": None}
