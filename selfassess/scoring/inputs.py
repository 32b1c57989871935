"""The two input frames of scoring, checked once and turned into positions.

Everything downstream works on positions (respondent row, question column) so that the
heavy steps are numpy fancy indexing and matrix products, never Python loops over
respondents or answers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from selfassess.instrument.model import Definition, Question

BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.intp]
FloatArray = NDArray[np.float64]
ObjectArray = NDArray[np.object_]

#: Columns ``respondents`` must have (plus one optional column per profile field key).
RESPONDENT_COLUMNS = ("response_id", "role")
#: Columns ``answers`` must have (``comment`` is optional).
ANSWER_COLUMNS = ("response_id", "question", "value")

#: The name of the overall index next to the dimension keys.
OVERALL = "overall"
#: Published numbers are rounded to this many decimals (scoring.md, "Rounding").
DECIMALS = 2


@dataclass(frozen=True, eq=False)
class Prepared:
    """Respondents and their usable answers, as positions into the definition.

    An answer is *usable* when its respondent is among ``respondents`` (submitted), its
    question is in the definition and the question is applicable to the respondent's
    role. Answers to a question that does not apply to the respondent are ignored
    everywhere, like a value that is not on the scale: the import refuses both.
    """

    definition: Definition
    #: ``response_id`` of each respondent, in the order of ``respondents``.
    ids: pd.Index
    #: Every question, in file order (the columns of ``applicable``).
    questions: tuple[Question, ...]
    #: Per respondent: position of the role in ``definition.roles``, -1 when unknown.
    role: IntArray
    #: Respondents x questions: the question's ``roles`` include the respondent's role.
    applicable: BoolArray
    #: Per usable answer: the respondent's row.
    answer_row: IntArray
    #: Per usable answer: the question's position in ``questions``.
    answer_question: IntArray
    #: Per usable answer: position of its raw value in ``distinct_values``; -1 for NA
    #: (only a comment was given), which selects the trailing ``None`` there.
    value_code: IntArray
    #: The distinct raw values, then ``None``.
    distinct_values: ObjectArray
    #: Positions (among the usable answers) of the answers that have a comment.
    comment_index: IntArray
    #: Their comments, in the same order.
    comment: ObjectArray

    def values(self, selection: IntArray | BoolArray) -> ObjectArray:
        """Raw values (None for NA) of the usable answers at ``selection``."""
        picked: ObjectArray = self.distinct_values[self.value_code[selection]]
        return picked


def prepare(definition: Definition, respondents: pd.DataFrame, answers: pd.DataFrame) -> Prepared:
    """Check the input frames and index the usable answers.

    ``respondents``: one row per submitted response; columns ``response_id`` (unique),
    ``role`` (role key) and, optionally, one column per profile field key.
    ``answers``: one row per answer; columns ``response_id``, ``question`` (question
    key), ``value`` (raw string) and, optionally, ``comment``. At most one row per
    ``(response_id, question)``. Rows of unknown responses or questions are ignored.
    """
    _require(respondents, RESPONDENT_COLUMNS, "respondents")
    _require(answers, ANSWER_COLUMNS, "answers")
    if OVERALL in {d.key for d in definition.iter_dimensions()}:
        raise ValueError(f"a dimension is named {OVERALL!r}, the name of the overall index")
    ids = pd.Index(respondents["response_id"], name="response_id")
    if ids.has_duplicates:
        raise ValueError("respondents: response_id is not unique")

    questions = tuple(definition.iter_questions())
    role_index = pd.Index(definition.role_keys)
    role = role_index.get_indexer(pd.Index(respondents["role"])).astype(np.intp)
    # One row per role plus a last, all-False row: an unknown role (position -1) selects it.
    by_role = np.zeros((len(role_index) + 1, len(questions)), dtype=bool)
    for j, question in enumerate(questions):
        # A panel-only question applies to no respondent: its answers are ignored.
        for key in question.roles if question.surveyed else ():
            if key in role_index:
                by_role[role_index.get_loc(key), j] = True
    applicable = by_role[role]

    row = ids.get_indexer(pd.Index(answers["response_id"])).astype(np.intp)
    col = (
        pd.Index([q.key for q in questions])
        .get_indexer(pd.Index(answers["question"]))
        .astype(np.intp)
    )
    usable = (row >= 0) & (col >= 0)
    usable[usable] = applicable[row[usable], col[usable]]
    row, col = row[usable], col[usable]
    if len(row):
        cell = row * len(questions) + col
        if np.bincount(cell).max() > 1:
            raise ValueError("answers: more than one row for a (response_id, question)")

    # Factorized, not converted to Python objects: a round has few distinct values.
    value_code, distinct = pd.factorize(answers["value"])
    distinct_values = np.empty(len(distinct) + 1, dtype=object)
    distinct_values[:-1] = np.asarray(distinct, dtype=object)
    if "comment" in answers.columns:
        has_comment = answers["comment"].notna().to_numpy(dtype=bool)
        comment = answers["comment"][has_comment & usable].to_numpy(dtype=object)
        comment_index = np.flatnonzero(has_comment[usable])
    else:
        comment, comment_index = np.array([], dtype=object), np.array([], dtype=np.intp)
    return Prepared(
        definition,
        ids,
        questions,
        role,
        applicable,
        row,
        col,
        value_code[usable].astype(np.intp),
        distinct_values,
        comment_index,
        comment,
    )


def _require(frame: pd.DataFrame, columns: tuple[str, ...], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name}: missing column(s) {', '.join(missing)}")
