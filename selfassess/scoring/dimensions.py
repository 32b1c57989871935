"""Respondent scores: leaf dimensions, parent dimensions and the overall index."""

from __future__ import annotations

import numpy as np
import pandas as pd

from selfassess.instrument.model import Definition, Dimension
from selfassess.scoring.inputs import OVERALL, BoolArray, FloatArray, prepare
from selfassess.scoring.items import ScaleAnswers, scale_answers


def _weighted_mean(values: FloatArray, weights: FloatArray) -> FloatArray:
    """Row-wise weighted mean of the non-NaN values; NaN where every value is NaN."""
    present = ~np.isnan(values)
    total = np.where(present, values * weights, 0.0).sum(axis=1)
    weight = np.where(present, weights, 0.0).sum(axis=1)
    mean: FloatArray = np.divide(total, weight, out=np.full(len(values), np.nan), where=weight > 0)
    return mean


def _weights(dimensions: tuple[Dimension, ...]) -> FloatArray:
    return np.array([float(d.weight) for d in dimensions], dtype=np.float64)


def score_matrix(definition: Definition, answers: ScaleAnswers) -> FloatArray:
    """Respondents x (dimensions depth-first, then overall) scores, NaN for null.

    A leaf's scale questions are adjacent columns (questions come in file order, leaf
    by leaf), so every leaf is computed at once with segment sums (``np.add.reduceat``)
    of the weighted item scores, the weights, ``|A|`` and ``|S|``. Plain reductions, not
    matrix products: BLAS threads gain nothing at this size and stall when a server's
    workers compete for the cores.
    """
    dimensions = list(definition.iter_dimensions())
    column = {d.key: i for i, d in enumerate(dimensions)}
    scores = np.full((answers.score.shape[0], len(dimensions) + 1), np.nan)

    leaf = np.array([column[q.dimension] for q in answers.questions], dtype=np.intp)
    if len(leaf):
        starts = np.flatnonzero(np.r_[True, leaf[1:] != leaf[:-1]])
        weight = np.array([float(q.weight) for q in answers.questions])
        has_score: BoolArray = ~np.isnan(answers.score)
        total = np.add.reduceat(np.where(has_score, answers.score * weight, 0.0), starts, axis=1)
        total_weight = np.add.reduceat(np.where(has_score, weight, 0.0), starts, axis=1)
        n_applicable = np.add.reduceat(answers.applicable.astype(np.intp), starts, axis=1)
        n_scored = np.add.reduceat(has_score.astype(np.intp), starts, axis=1)
        scored = (n_applicable > 0) & (2 * n_scored >= n_applicable)
        scores[:, leaf[starts]] = np.divide(
            total, total_weight, out=np.full_like(total, np.nan), where=scored
        )

    # Children before parents: walk the depth-first list backwards.
    for i in reversed(range(len(dimensions))):
        dim = dimensions[i]
        if not dim.is_leaf:
            children = [column[c.key] for c in dim.dimensions]
            scores[:, i] = _weighted_mean(scores[:, children], _weights(dim.dimensions))
    top = [column[d.key] for d in definition.dimensions]
    scores[:, -1] = _weighted_mean(scores[:, top], _weights(definition.dimensions))
    return scores


def score_columns(definition: Definition) -> list[str]:
    """Columns of respondent scores: dimension keys depth-first, then ``"overall"``."""
    return [d.key for d in definition.iter_dimensions()] + [OVERALL]


def dimension_scores(
    definition: Definition, respondents: pd.DataFrame, answers: pd.DataFrame
) -> pd.DataFrame:
    """Respondent scores, one row per respondent.

    ``respondents`` and ``answers`` as in :func:`selfassess.scoring.compute_results`.
    Returns a float frame indexed by ``response_id``; columns: every dimension key
    (depth-first, file order), then ``overall``; values 0-100, NaN for null.
    """
    prepared = prepare(definition, respondents, answers)
    return score_frame(definition, prepared.ids, score_matrix(definition, scale_answers(prepared)))


def score_frame(definition: Definition, ids: pd.Index, matrix: FloatArray) -> pd.DataFrame:
    """:func:`score_matrix` as a frame indexed by ``response_id``."""
    return pd.DataFrame(matrix, index=ids, columns=pd.Index(score_columns(definition), dtype=str))
