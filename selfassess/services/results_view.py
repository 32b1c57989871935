"""What the dashboard and the report show of a round's results, as the cache keeps it.

The results document of scoring.md holds the published cells. The pages and the workbook
also show the 95% intervals, name the groups by their parts, report the unscored
questions, list the free texts, turn submitted counts into response rates and keep
protected groups out of row-level data. All of it is taken from the
one computation that made the document (:func:`view_of`), stored beside it at the same
revision (``services/revisions.py``) and read back as :class:`CachedResults`: a page, the
report or the workbook never recomputes a number, and every server shows the same ones.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from selfassess.instrument.model import Definition
from selfassess.models import Round

if TYPE_CHECKING:
    import pandas as pd

    from selfassess.scoring.gaps import GapResult
    from selfassess.scoring.groups import GroupParts
    from selfassess.services.results import RoundResults

#: The columns of the free texts (``scoring.unscored.free_texts``).
COMMENT_COLUMNS = ("question", "dimension", "kind", "text", "role")


def view_of(outcome: RoundResults) -> dict[str, Any]:
    """The JSON-ready view of a computed round: everything the pages read besides the
    document. Submitted responses are tallied by role and grouping field, without any
    response's identity."""
    import pandas as pd

    results = outcome.results
    fields = ["role", *(f.key for f in outcome.definition.grouping_fields)]
    present = [f for f in fields if f in outcome.respondents]
    columns = outcome.respondents.reindex(columns=present).astype(object)
    tally = Counter(
        tuple(None if pd.isna(value) else str(value) for value in row)
        for row in columns.itertuples(index=False, name=None)
    )
    return {
        "intervals": [
            [key, group, low, high] for (key, group), (low, high) in results.intervals().items()
        ],
        "group_parts": {
            g: [list(part) for part in parts] for g, parts in results.group_parts.items()
        },
        "other_questions": results.other_questions,
        "protected": sorted(results.protected),
        "comments": {
            c: [None if pd.isna(v) else str(v) for v in results.comments[c].tolist()]
            for c in COMMENT_COLUMNS
        },
        "submitted": {
            "columns": present,
            "rows": [[*values, count] for values, count in sorted(tally.items(), key=_order)],
        },
    }


def _order(item: tuple[tuple[str | None, ...], int]) -> tuple[tuple[bool, str], ...]:
    """Tallies in a stable order (None first), so every server writes the same bytes."""
    return tuple((v is not None, v or "") for v in item[0])


@dataclass(frozen=True, eq=False)
class CachedResults:
    """A round's results as cached: the published document and the view beside it."""

    round: Round
    definition: Definition
    #: The round's results revision the document and the view were computed at (None:
    #: computed apart from the cache, from one read of the round).
    revision: int | None
    #: The results document of scoring.md (drafts counted live).
    document: dict[str, Any]
    #: :func:`view_of`, as stored.
    view: dict[str, Any]

    @cached_property
    def intervals(self) -> dict[tuple[str, str], tuple[float, float]]:
        """Published 95% intervals: (key, group) -> (low, high), as ``Results.intervals``."""
        return {(key, group): (low, high) for key, group, low, high in self.view["intervals"]}

    @cached_property
    def group_parts(self) -> dict[str, GroupParts]:
        return {
            group: tuple((field, code) for field, code in parts)
            for group, parts in self.view["group_parts"].items()
        }

    @cached_property
    def gaps(self) -> tuple[GapResult, ...]:
        """The declared gaps of the document, with the definition's gap they measure."""
        from selfassess.scoring.gaps import GapResult

        published = {(g["field"], g["a"], g["b"]): g for g in self.document["gaps"]}
        found = []
        for gap in self.definition.gaps:
            entry = published.get((gap.field, gap.a, gap.b))
            if entry is not None:
                found.append(GapResult(gap, entry["overall"], dict(entry["dimensions"])))
        return tuple(found)

    @cached_property
    def protected(self) -> frozenset[str]:
        """Groups that row-level data must not single out (``Results.protected``)."""
        return frozenset(self.view["protected"])

    @property
    def other_questions(self) -> list[dict[str, Any]]:
        """Reports of the unscored questions, suppression applied."""
        return list(self.view["other_questions"])

    @cached_property
    def comments(self) -> pd.DataFrame:
        """The free texts: columns ``question``, ``dimension``, ``kind``, ``text``, ``role``."""
        import pandas as pd

        columns = self.view["comments"]
        return pd.DataFrame({c: pd.Series(columns[c], dtype=object) for c in COMMENT_COLUMNS})

    @cached_property
    def respondents(self) -> pd.DataFrame:
        """One row per submitted response: ``role`` and each grouping field (no id), for
        the response rates, which are computed against live invitation counts."""
        import pandas as pd

        submitted = self.view["submitted"]
        rows = [values[:-1] for values in submitted["rows"] for _ in range(int(values[-1]))]
        return pd.DataFrame(rows, columns=submitted["columns"], dtype=object)
