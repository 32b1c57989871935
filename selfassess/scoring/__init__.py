"""Scoring and results (scoring.md): pandas in, pandas out; no Flask, no database.

:func:`compute_results` is the one entry point of the CLI, the dashboard and the
exports, so that they publish identical numbers. The building blocks are public too,
each a DataFrame-in, DataFrame-out function: :func:`item_scores`,
:func:`dimension_scores`, :func:`group_membership`, :func:`group_statistics`.
"""

from selfassess.scoring.dimensions import dimension_scores
from selfassess.scoring.disclosure import suppress
from selfassess.scoring.gaps import GapResult
from selfassess.scoring.groups import group_membership
from selfassess.scoring.items import item_scores
from selfassess.scoring.results import Results, compute_results
from selfassess.scoring.stats import group_statistics

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
