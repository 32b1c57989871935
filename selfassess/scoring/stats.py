"""Group statistics: n, mean, sample sd, median (and min, max) per group and column.

Written with numpy masks rather than ``nanmean``/``nanmedian`` because those warn on
empty slices, and an empty cell (n = 0) is an ordinary result here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from selfassess.scoring.inputs import BoolArray, FloatArray, IntArray


@dataclass(frozen=True, eq=False)
class Described:
    """Statistics of the non-NaN values, groups x columns; NaN where undefined."""

    n: IntArray
    mean: FloatArray
    #: Sample standard deviation (n - 1); NaN when n < 2.
    sd: FloatArray
    median: FloatArray
    min: FloatArray
    max: FloatArray


def _describe_columns(values: FloatArray) -> Described:
    """Statistics of each column's non-NaN values (one-dimensional fields)."""
    nan = np.full(values.shape[1], np.nan)
    present = ~np.isnan(values)
    n = present.sum(axis=0).astype(np.intp)
    if not len(values):
        return Described(n, nan, nan, nan, nan, nan)
    mean = np.divide(np.where(present, values, 0.0).sum(axis=0), n, out=nan.copy(), where=n > 0)
    squares = (np.where(present, values - mean, 0.0) ** 2).sum(axis=0)
    sd = np.sqrt(np.divide(squares, n - 1, out=nan.copy(), where=n > 1))
    ordered = np.sort(values, axis=0)  # NaN sorts last

    def at(position: IntArray) -> FloatArray:
        picked = np.take_along_axis(ordered, np.maximum(position, 0)[None, :], axis=0)[0]
        return np.where(n > 0, picked, np.nan)

    median = (at((n - 1) // 2) + at(n // 2)) / 2
    return Described(n, mean, sd, median, at(np.zeros_like(n)), at(n - 1))


def describe(values: FloatArray, groups: BoolArray) -> Described:
    """Statistics of ``values`` (respondents x columns, NaN = null) for each group.

    ``groups`` is a groups x respondents membership matrix. Loops over groups, each
    step vectorised over the group's respondents and every column at once.
    """
    parts = [_describe_columns(values[mask]) for mask in groups]
    shape = (len(parts), values.shape[1])

    def stack(name: str) -> FloatArray:
        return np.array([getattr(p, name) for p in parts], dtype=np.float64).reshape(shape)

    n = np.array([p.n for p in parts], dtype=np.intp).reshape(shape)
    return Described(n, stack("mean"), stack("sd"), stack("median"), stack("min"), stack("max"))


def group_statistics(scores: pd.DataFrame, membership: pd.DataFrame) -> pd.DataFrame:
    """Tidy statistics of respondent scores per group (no suppression, no rounding).

    ``scores``: one row per respondent, one float column per score (NaN = null), e.g.
    :func:`~selfassess.scoring.dimensions.dimension_scores`. ``membership``: boolean,
    same rows, one column per group, e.g.
    :func:`~selfassess.scoring.groups.group_membership`. Returns columns ``key``,
    ``group``, ``n``, ``score`` (mean), ``sd``, ``median``; one row per score column x
    group, score columns outer.
    """
    values = scores.to_numpy(dtype=np.float64)
    groups = membership.to_numpy(dtype=bool).T
    described = describe(values, groups)
    return pd.DataFrame(
        {
            "key": pd.Series(
                np.repeat(np.asarray(scores.columns, dtype=object), groups.shape[0]), dtype=str
            ),
            "group": pd.Series(
                np.tile(np.asarray(membership.columns, dtype=object), values.shape[1]), dtype=str
            ),
            "n": described.n.T.ravel(),
            "score": described.mean.T.ravel(),
            "sd": described.sd.T.ravel(),
            "median": described.median.T.ravel(),
        }
    )


def group_sums(groups: BoolArray, values: FloatArray | BoolArray) -> FloatArray:
    """Per group, the column sums of ``values`` over the group's respondents.

    One masked sum per group (no matrix product: see
    :func:`selfassess.scoring.dimensions.score_matrix`). Sums of 0/1 values stay exact
    integers in float64.
    """
    sums = [values[mask].sum(axis=0, dtype=np.float64) for mask in groups]
    return np.array(sums, dtype=np.float64).reshape(len(groups), values.shape[1])
