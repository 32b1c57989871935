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
