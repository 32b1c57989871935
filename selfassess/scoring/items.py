"""Item scores: each scale answer as a position on its scale and a 0-100 score.

The raw values are factorized first (a survey has a handful of distinct values: the
points and the missing codes), each distinct value is decoded once per scale, and the
decoded table is joined back onto the answers with numpy indexing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from selfassess.instrument.model import Definition, Question, Scale
from selfassess.scoring.inputs import (
    BoolArray,
    FloatArray,
    IntArray,
    ObjectArray,
    Prepared,
    prepare,
)
from selfassess.scoring.points import format_point

BLANK = "blank"


@dataclass(frozen=True, eq=False)
class ScaleAnswers:
    """The scale answers of every respondent, respondents x scale questions."""

    #: Scale questions in file order (the columns of the arrays).
    questions: tuple[Question, ...]
    #: Per question: its counts keys, the points (``"3"``) then the missing codes.
    keys: tuple[tuple[str, ...], ...]
    #: Position of the answer in the question's ``keys``; -1 when blank, when the value
    #: is not on the scale, or when the question is not applicable.
    code: IntArray
    #: Item score 0-100; NaN when there is none.
    score: FloatArray
    #: Per question and key position: the item score of that key (NaN for missing
    #: codes and past the question's keys); as wide as the longest ``keys``.
    key_scores: FloatArray
    #: The question applies to the respondent's role.
    applicable: BoolArray


def is_scored(question: Question) -> bool:
    """A scale question that respondents answer: scored, and published per question."""
    return question.type == "scale" and question.surveyed


def scale_keys(scale: Scale) -> tuple[str, ...]:
    """The counts keys of a scale: its points as strings, then its missing codes."""
    return tuple(format_point(p.value) for p in scale.points) + scale.missing_codes


def point_scores(scale: Scale, *, reverse: bool) -> FloatArray:
    """The item score of each point of ``scale``, in point order."""
    lo, hi = float(scale.lo), float(scale.hi)
    scores = np.array([(float(p.value) - lo) / (hi - lo) * 100 for p in scale.points])
    return 100 - scores if reverse else scores


def _decode(scale: Scale, uniques: ObjectArray) -> IntArray:
    """Position of each distinct raw value among ``scale_keys(scale)``, -1 if none."""
    points = {float(p.value): i for i, p in enumerate(scale.points)}
    missing = {code: len(points) + i for i, code in enumerate(scale.missing_codes)}
    positions = np.full(len(uniques), -1, dtype=np.intp)
    for u, raw in enumerate(uniques):
        if raw is None or (isinstance(raw, float) and np.isnan(raw)):
            continue
        text = str(raw).strip()
        if text in missing:
            positions[u] = missing[text]
            continue
        try:
            number = float(text)
        except ValueError:
            continue
        positions[u] = points.get(number, -1)
    return positions


def scale_answers(prepared: Prepared) -> ScaleAnswers:
    """Decode the usable answers to scale questions into code and score matrices."""
    definition = prepared.definition
    positions = [j for j, q in enumerate(prepared.questions) if is_scored(q)]
    questions = tuple(prepared.questions[j] for j in positions)
    scales = [definition.scale_of(q) for q in questions]
    keys = tuple(scale_keys(s) for s in scales)
    applicable = prepared.applicable[:, positions]

    column_of = np.full(len(prepared.questions), -1, dtype=np.intp)
    column_of[positions] = np.arange(len(positions))
    column = column_of[prepared.answer_question]
    is_scale = column >= 0
    rows, column = prepared.answer_row[is_scale], column[is_scale]
    value_code = prepared.value_code[is_scale]

    # Decode table: scale question x distinct value (the last one is NA, code -1).
    distinct = prepared.distinct_values
    decoded = {s.key: _decode(s, distinct) for s in {s.key: s for s in scales}.values()}
    table = np.full((len(questions), len(distinct)), -1, dtype=np.intp)
    for j, scale in enumerate(scales):
        table[j] = decoded[scale.key]
    code = np.full(applicable.shape, -1, dtype=np.intp)
    code[rows, column] = table[column, value_code]

    # Score table: scale question x key, plus a last NaN column that code -1 selects;
    # missing codes have no score either.
    width = max((len(k) for k in keys), default=0) + 1
    score_of = np.full((len(questions), width), np.nan)
    for j, (question, scale) in enumerate(zip(questions, scales, strict=True)):
        score_of[j, : len(scale.points)] = point_scores(scale, reverse=question.reverse)
    score = score_of[np.arange(len(questions)), code]
    return ScaleAnswers(questions, keys, code, score, score_of[:, :-1], applicable)


def item_scores(
    definition: Definition, respondents: pd.DataFrame, answers: pd.DataFrame
) -> pd.DataFrame:
    """Item scores, one row per respondent and one column per scale question.

    ``respondents`` and ``answers`` as in :func:`selfassess.scoring.compute_results`.
    Returns a float frame indexed by ``response_id``, columns = the keys of the scale
    questions respondents answer, in file order, values 0-100 (reverse items already reversed), NaN for no item score
    (blank, missing code, a value not on the scale, or a question not applicable).
    """
    answers_ = scale_answers(prepare(definition, respondents, answers))
    return pd.DataFrame(
        answers_.score,
        index=pd.Index(respondents["response_id"], name="response_id"),
        columns=pd.Index([q.key for q in answers_.questions], dtype=str),
    )
