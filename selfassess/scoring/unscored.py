"""Reports of the questions that are never scored, and the free texts.

One reporter per question type (a lookup table, not an if-chain). Each returns, per
group, the cell's ``n`` and the rest of its published content; suppression is applied
by the caller like everywhere else.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from selfassess.instrument.answers import MULTI_SEPARATOR
from selfassess.instrument.model import Question
from selfassess.scoring.disclosure import complementary, relation_positions
from selfassess.scoring.inputs import DECIMALS, BoolArray, IntArray, ObjectArray, Prepared
from selfassess.scoring.items import BLANK
from selfassess.scoring.stats import describe, group_sums

#: A reporter: (question, respondents x 1 applicable mask, answer rows, raw values,
#: group membership) -> per group (n, content).
Cells = list[tuple[int, dict[str, Any]]]
Reporter = Callable[[Question, BoolArray, IntArray, ObjectArray, BoolArray], Cells]


def _stripped(values: ObjectArray) -> pd.Series:
    """Raw values as stripped strings (numbers as their text); NA stays NA."""
    series = pd.Series(values, dtype=object)
    return series.where(series.isna(), series.astype(str)).str.strip()


def _round(value: float) -> float | None:
    return None if np.isnan(value) else round(float(value), DECIMALS)


def _counts_cells(
    question: Question, chosen: BoolArray, applicable: BoolArray, groups: BoolArray
) -> Cells:
    """Counts per option and ``blank`` from a respondents x options choice matrix."""
    answered = chosen.sum(axis=1) > 0
    counts = group_sums(groups, chosen)
    n = group_sums(groups, answered[:, None])[:, 0]
    blank = group_sums(groups, (applicable & ~answered)[:, None])[:, 0]
    codes = [o.code for o in question.options]
    return [
        (
            int(n[g]),
            {
                "counts": {
                    **dict(zip(codes, map(int, counts[g]), strict=True)),
                    BLANK: int(blank[g]),
                }
            },
        )
        for g in range(len(groups))
    ]


def _choice(
    question: Question,
    applicable: BoolArray,
    rows: IntArray,
    values: ObjectArray,
    groups: BoolArray,
) -> Cells:
    return _chosen_cells(question, applicable, groups, rows, pd.Index(_stripped(values)))


def _multi(
    question: Question,
    applicable: BoolArray,
    rows: IntArray,
    values: ObjectArray,
    groups: BoolArray,
) -> Cells:
    parts = pd.Series(values, index=rows, dtype=object).str.split(MULTI_SEPARATOR).explode()
    row_of = parts.index.to_numpy(dtype=np.intp)
    return _chosen_cells(question, applicable, groups, row_of, pd.Index(parts.str.strip()))


def _chosen_cells(
    question: Question, applicable: BoolArray, groups: BoolArray, rows: IntArray, codes: pd.Index
) -> Cells:
    """Counts of each option chosen: ``codes[i]`` was chosen by respondent ``rows[i]``
    (codes that are no option of the question are left out)."""
    options = pd.Index([o.code for o in question.options])
    position = options.get_indexer(codes)
    chosen = np.zeros((len(applicable), len(options)), dtype=bool)
    valid = position >= 0
    chosen[rows[valid], position[valid]] = True
    return _counts_cells(question, chosen, applicable, groups)


def _number(
    question: Question,
    applicable: BoolArray,
    rows: IntArray,
    values: ObjectArray,
    groups: BoolArray,
) -> Cells:
    numbers = pd.to_numeric(_stripped(values), errors="coerce").to_numpy(dtype=np.float64)
    column = np.full((len(applicable), 1), np.nan)
    column[rows, 0] = np.where(np.isfinite(numbers), numbers, np.nan)
    d = describe(column, groups)
    return [
        (
            int(d.n[g, 0]),
            {
                "mean": _round(d.mean[g, 0]),
                "sd": _round(d.sd[g, 0]),
                "median": _round(d.median[g, 0]),
                "min": _round(d.min[g, 0]),
                "max": _round(d.max[g, 0]),
            },
        )
        for g in range(len(groups))
    ]


def _text(
    question: Question,
    applicable: BoolArray,
    rows: IntArray,
    values: ObjectArray,
    groups: BoolArray,
) -> Cells:
    written = np.zeros(len(applicable), dtype=bool)
    written[rows] = (_stripped(values).fillna("").str.len() > 0).to_numpy(dtype=bool)
    n = group_sums(groups, written[:, None])[:, 0]
    return [(int(count), {}) for count in n]


#: Question type -> its reporter; scale questions are scored, not reported here.
REPORTERS: dict[str, Reporter] = {
    "choice": _choice,
    "multi": _multi,
    "number": _number,
    "text": _text,
}


def other_question_reports(
    prepared: Prepared, names: list[str], groups: BoolArray, min_group_size: int
) -> list[dict[str, Any]]:
    """The reports of :func:`reports_and_protected` alone."""
    return reports_and_protected(prepared, names, groups, min_group_size)[0]


def reports_and_protected(
    prepared: Prepared, names: list[str], groups: BoolArray, min_group_size: int
) -> tuple[list[dict[str, Any]], BoolArray]:
    """Reports of the non-scale questions respondents answer, in file order.

    Each: ``{"key", "type", "dimension", "results": {group: cell}}``. Cells: choice
    and multi ``{"n", "counts": {option code: count, ..., "blank": count}}`` (n =
    respondents with at least one valid option; in multi a respondent counts under
    each option chosen); number ``{"n", "mean", "sd", "median", "min", "max"}``; text
    ``{"n"}`` (n = non-empty texts). A cell hidden by small-group or complementary
    suppression (:mod:`selfassess.scoring.disclosure`) is ``{"suppressed": true}``.
    Also returns, per group, whether any of its hidden cells holds someone (n > 0).
    """
    order = np.argsort(prepared.answer_question, kind="stable")
    sorted_questions = prepared.answer_question[order]
    reported: list[tuple[Question, Cells]] = []
    for j, question in enumerate(prepared.questions):
        reporter = REPORTERS.get(question.type)
        if reporter is None or not question.surveyed:
            continue
        lo, hi = np.searchsorted(sorted_questions, [j, j + 1])
        picked = order[lo:hi]
        cells = reporter(
            question,
            prepared.applicable[:, j],
            prepared.answer_row[picked],
            prepared.values(picked),
            groups,
        )
        reported.append((question, cells))
    n = np.array([[c[0] for c in cells] for _, cells in reported], dtype=np.int64)
    hidden = complementary(
        n.reshape(len(reported), len(names)),
        relation_positions(prepared.definition, names),
        min_group_size,
    )
    reports: list[dict[str, Any]] = [
        {
            "key": question.key,
            "type": question.type,
            "dimension": question.dimension,
            "results": {
                name: {"suppressed": True} if hide else {"n": count, **content}
                for name, (count, content), hide in zip(names, cells, hidden[i], strict=True)
            },
        }
        for i, (question, cells) in enumerate(reported)
    ]
    n = n.reshape(len(reported), len(names))
    protected: BoolArray = np.asarray((hidden & (n > 0)).any(axis=0), dtype=bool)
    return reports, protected


def free_texts(prepared: Prepared) -> pd.DataFrame:
    """Answers to text questions and comments, without respondent identity.

    Returns columns ``question`` (key), ``dimension`` (leaf key), ``kind``
    (``"answer"`` for a text question's answer, ``"comment"`` for a comment), ``text``
    (stripped, never empty), ``role`` (the writer's role key, the only thing said of
    them); sorted by question file order, kind, then text, so the order says nothing
    about who wrote what.
    """
    questions = prepared.questions
    is_text = np.array([q.type == "text" for q in questions], dtype=bool)
    answers = np.flatnonzero(is_text[prepared.answer_question])
    comments = prepared.comment_index
    frame = pd.DataFrame(
        {
            "position": np.concatenate(
                [prepared.answer_question[answers], prepared.answer_question[comments]]
            ),
            "kind": ["answer"] * len(answers) + ["comment"] * len(comments),
            "role": prepared.role[
                prepared.answer_row[np.concatenate([answers, comments]).astype(np.intp)]
            ],
            "text": _stripped(
                np.concatenate([prepared.values(answers), prepared.comment])
            ).to_numpy(dtype=object),
        }
    )
    frame = frame[frame["text"].fillna("").str.len() > 0]
    frame = frame.sort_values(["position", "kind", "text"], kind="stable")
    position = frame["position"].to_numpy(dtype=np.intp)
    # Answers are usable only where the role is known, so no position is -1 here.
    roles = prepared.definition.role_keys
    return pd.DataFrame(
        {
            "question": pd.Series([questions[i].key for i in position], dtype=str),
            "dimension": pd.Series([questions[i].dimension for i in position], dtype=str),
            "kind": pd.Series(frame["kind"].to_numpy(dtype=object), dtype=str),
            "text": pd.Series(frame["text"].to_numpy(dtype=object), dtype=str),
            "role": pd.Series([roles[i] for i in frame["role"].to_numpy(dtype=np.intp)], dtype=str),
        }
    )


def text_digest(text: str) -> str:
    """The SHA-256 of a free text (stripped): how a comment theme's tag names a text
    without pointing at the answer, or the response, it came from."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()
