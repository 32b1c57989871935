"""Scoring and results (scoring.md): pandas in, pandas out; no Flask, no database.

:func:`compute_results` is the one entry point of the CLI, the dashboard and the
exports, so that they publish identical numbers. The building blocks are public too,
each a DataFrame-in, DataFrame-out function: :func:`item_scores`,
:func:`dimension_scores`, :func:`group_membership`, :func:`group_statistics`.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from selfassess.scoring.dimensions import dimension_scores
    from selfassess.scoring.disclosure import suppress
    from selfassess.scoring.gaps import GapResult
    from selfassess.scoring.groups import group_membership
    from selfassess.scoring.items import item_scores
    from selfassess.scoring.results import Results, compute_results
    from selfassess.scoring.stats import group_statistics

#: Name -> module. Imported on first use: pandas and numpy take longer to import than
#: the whole web app, and most commands and pages never score anything.
_LAZY = {
    "dimension_scores": "selfassess.scoring.dimensions",
    "suppress": "selfassess.scoring.disclosure",
    "GapResult": "selfassess.scoring.gaps",
    "group_membership": "selfassess.scoring.groups",
    "item_scores": "selfassess.scoring.items",
    "Results": "selfassess.scoring.results",
    "compute_results": "selfassess.scoring.results",
    "group_statistics": "selfassess.scoring.stats",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        # __import__, not importlib: the pure core imports only numpy, pandas and itself.
        return getattr(__import__(_LAZY[name], fromlist=[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "GapResult",
    "Results",
    "compute_results",
    "dimension_scores",
    "group_membership",
    "group_statistics",
    "item_scores",
    "suppress",
]
