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
    total = np.where(present, values, 0.0) @ weights
    weight = present @ weights
    mean: FloatArray = np.divide(total, weight, out=np.full(len(values), np.nan), where=weight > 0)
    return mean


def _weights(dimensions: tuple[Dimension, ...]) -> FloatArray:
    return np.array([float(d.weight) for d in dimensions], dtype=np.float64)


def score_matrix(definition: Definition, answers: ScaleAnswers) -> FloatArray:
    """Respondents x (dimensions depth-first, then overall) scores, NaN for null.

    Leaf dimensions are computed together with matrix products: membership of each
    scale question in its leaf, weighted by question weight, against the item scores
    (``|A|`` and ``|S|`` are the same products with the 0/1 masks).
    """
    dimensions = list(definition.iter_dimensions())
    column = {d.key: i for i, d in enumerate(dimensions)}
    n = answers.score.shape[0]
    scores = np.full((n, len(dimensions) + 1), np.nan)

    member = np.zeros((len(answers.questions), len(dimensions)))
    for j, question in enumerate(answers.questions):
        member[j, column[question.dimension]] = 1.0
    weight = np.array([float(q.weight) for q in answers.questions])[:, None]
    has_score: BoolArray = ~np.isnan(answers.score)
    total = np.where(has_score, answers.score, 0.0) @ (member * weight)
    total_weight = has_score @ (member * weight)
    # Counts of 0/1 products are exact small integers in float64.
    n_applicable = answers.applicable @ member
    n_scored = has_score @ member
    scored = (n_applicable > 0) & (2 * n_scored >= n_applicable)
    leaves = np.divide(total, total_weight, out=np.full_like(total, np.nan), where=scored)

    # Children before parents: walk the depth-first list backwards.
    for i in reversed(range(len(dimensions))):
        dim = dimensions[i]
        if dim.is_leaf:
            scores[:, i] = leaves[:, i]
        else:
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
