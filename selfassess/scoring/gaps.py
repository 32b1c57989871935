"""The instrument's declared gaps (scoring.md, "Gaps"), computed once for every output."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from selfassess.instrument.model import Definition, Gap
from selfassess.scoring.inputs import DECIMALS, OVERALL


@dataclass(frozen=True)
class GapResult:
    """One declared gap: ``score(field=a) - score(field=b)`` per dimension and overall.

    Rounded to 2 decimals from unrounded scores; ``None`` when either side is
    suppressed, absent or has no score.
    """

    gap: Gap
    overall: float | None
    #: Every dimension key, depth-first in file order.
    dimensions: dict[str, float | None]

    @property
    def groups(self) -> tuple[str, str]:
        """The two group names compared, e.g. ``("sex=female", "sex=male")``."""
        return self.gap.groups

    def to_dict(self) -> dict[str, Any]:
        """The entry of the results JSON's ``gaps`` list."""
        return {
            "field": self.gap.field,
            "a": self.gap.a,
            "b": self.gap.b,
            "overall": self.overall,
            "dimensions": dict(self.dimensions),
        }


def compute_gaps(definition: Definition, statistics: pd.DataFrame) -> tuple[GapResult, ...]:
    """The gaps of ``definition.gaps`` from the statistics of :class:`Results`.

    Only ``overall`` and ``dimension`` rows are read; a suppressed row counts as absent.
    """
    rows = statistics[statistics["kind"].isin(["overall", "dimension"])]
    rows = rows[~rows["suppressed"].to_numpy(dtype=bool)]
    score: dict[tuple[str, str], float] = dict(
        zip(zip(rows["key"], rows["group"], strict=True), rows["score"], strict=True)
    )

    def difference(key: str, gap: Gap) -> float | None:
        group_a, group_b = gap.groups
        a, b = score.get((key, group_a)), score.get((key, group_b))
        if a is None or b is None or math.isnan(a) or math.isnan(b):
            return None
        return round(float(a) - float(b), DECIMALS)

    keys = [d.key for d in definition.iter_dimensions()]
    return tuple(
        GapResult(gap, difference(OVERALL, gap), {key: difference(key, gap) for key in keys})
        for gap in definition.gaps
    )
