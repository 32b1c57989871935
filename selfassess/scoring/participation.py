"""Participation: invited, submitted and the response rate per role, computed once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from selfassess.instrument.model import Definition
from selfassess.scoring.inputs import DECIMALS


@dataclass(frozen=True)
class Participation:
    """One role's participation; ``rate`` in percent, None when nobody was invited."""

    role: str
    invited: int
    submitted: int
    rate: float | None


def participation(
    definition: Definition, respondents: pd.DataFrame, invited: Mapping[str, int]
) -> tuple[Participation, ...]:
    """Per role of ``definition`` (in its order): invitations, submitted responses, rate.

    ``respondents``: the submitted responses (column ``role``); ``invited``: invitations
    per role key. Imported responses count as submitted without an invitation, so a rate
    can pass 100.
    """
    submitted = respondents["role"].value_counts() if len(respondents) else pd.Series()
    found = []
    for role in definition.role_keys:
        count, asked = int(submitted.get(role, 0)), int(invited.get(role, 0))
        rate = round(100 * count / asked, DECIMALS) if asked else None
        found.append(Participation(role, asked, count, rate))
    return tuple(found)


def total(parts: tuple[Participation, ...]) -> Participation:
    """Every role together (``role`` ``all``)."""
    invited = sum(p.invited for p in parts)
    submitted = sum(p.submitted for p in parts)
    rate = round(100 * submitted / invited, DECIMALS) if invited else None
    return Participation("all", invited, submitted, rate)


@dataclass(frozen=True)
class ProfileRate:
    """Participation of one value of a profile field; ``submitted`` and ``rate`` are None
    when suppressed (fewer than k submitted, or hidden so that it cannot be derived)."""

    field: str
    value: str
    invited: int
    submitted: int | None
    rate: float | None

    @property
    def suppressed(self) -> bool:
        return self.submitted is None


def by_profile(
    definition: Definition,
    respondents: pd.DataFrame,
    invited: pd.DataFrame,
    min_group_size: int,
) -> tuple[ProfileRate, ...]:
    """Per grouping field whose invitations carry it, per option: invited, submitted, rate.

    ``invited``: one row per invitation, a column per profile field it sets (missing or
    empty: not carried). A field no invitation carries is left out. A value with some but
    fewer than ``min_group_size`` submitted responses is suppressed, and when exactly one value
    of a field is, or none is but the respondents without a value are that few, the
    smallest shown value too: the field's other counts and the total would give it away
    otherwise.
    """
    found: list[ProfileRate] = []
    for field in definition.grouping_fields:
        if field.key not in invited or not invited[field.key].notna().any():
            continue
        asked = invited[field.key].dropna().astype(str).value_counts()
        given = (
            respondents[field.key].dropna().astype(str).value_counts()
            if field.key in respondents
            else pd.Series(dtype=int)
        )
        counts = {o.code: int(given.get(o.code, 0)) for o in field.options}
        # No one is found in an empty value: only 1..k-1 submitted is a small group. So
        # is the unpublished remainder without a value (all submitted less the values'),
        # which the total would give away like a hidden value (scoring.md).
        hidden = {code for code, n in counts.items() if 0 < n < min_group_size}
        remainder = len(respondents) - sum(counts.values())
        small_remainder = 0 < remainder < min_group_size
        shown = sorted((n, code) for code, n in counts.items() if code not in hidden)
        if len(hidden) + small_remainder == 1 and shown:
            hidden.add(shown[0][1])
        for option in field.options:
            n, a = counts[option.code], int(asked.get(option.code, 0))
            if option.code in hidden:
                found.append(ProfileRate(field.key, option.code, a, None, None))
            else:
                rate = round(100 * n / a, DECIMALS) if a else None
                found.append(ProfileRate(field.key, option.code, a, n, rate))
    return tuple(found)
