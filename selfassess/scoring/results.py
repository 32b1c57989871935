"""Results of a round: the one computation behind the CLI, the dashboard and exports.

:func:`compute_results` does all the arithmetic once; :class:`Results` only reshapes it
(:meth:`Results.table`, :meth:`Results.to_dict`, :meth:`Results.to_csv`), so every
output publishes the same numbers with the same suppression and the same rounding.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from selfassess.instrument.model import Definition
from selfassess.scoring.dimensions import score_columns, score_frame, score_matrix
from selfassess.scoring.disclosure import complementary, relation_positions
from selfassess.scoring.gaps import GapResult, compute_gaps
from selfassess.scoring.groups import GroupParts, all_group_parts, group_masks
from selfassess.scoring.inputs import DECIMALS, OVERALL, BoolArray, FloatArray, IntArray, prepare
from selfassess.scoring.items import BLANK, ScaleAnswers, is_scored, scale_answers, scale_keys
from selfassess.scoring.stats import describe
from selfassess.scoring.unscored import free_texts, reports_and_protected

STAT_COLUMNS = ["score", "sd", "median"]
#: The 95% interval's bounds: published in the CSV and tables, not in the JSON cells.
INTERVAL_COLUMNS = ["ci_low", "ci_high"]
#: z of a two-sided 95% normal interval.
Z95 = 1.96


@dataclass(frozen=True, eq=False)
class Results:
    """Everything published about a round's submitted responses.

    Build it with :func:`compute_results`. ``statistics`` and ``question_counts`` hold
    the exact numbers *before* suppression, for code that needs them (tests, gaps);
    anything shown or exported goes through :meth:`table`, :meth:`counts_table`,
    :meth:`to_dict` or :meth:`to_csv`, which apply suppression and rounding.
    """

    definition: Definition
    #: k: a cell with n < k is suppressed.
    min_group_size: int
    #: Index ``response_id``; one float column per dimension key (depth-first, file
    #: order), then ``overall``; 0-100, NaN for null.
    respondent_scores: pd.DataFrame
    #: Group names with at least one respondent, in scoring.md order.
    groups: list[str]
    #: Columns ``kind`` (``overall`` | ``dimension`` | ``question``), ``key`` (dimension
    #: or question key; ``overall`` for the overall index), ``group``, ``n``, ``score``
    #: (mean), ``sd`` and ``median`` (NaN for questions), ``suppressed`` (n < k, or
    #: hidden by complementary suppression), ``ci_low`` and ``ci_high`` (95% interval
    #: mean ± 1.96·sd/√n; NaN for questions and when n < 2). One row per cell:
    #: overall, then dimensions depth-first, then the scale questions respondents
    #: answer in file order, each key with one row per group in ``groups`` order. Not
    #: rounded, not suppressed: never publish it directly.
    statistics: pd.DataFrame
    #: Columns ``question``, ``group``, ``code`` (point value as a string, missing code
    #: or ``blank``), ``count``: how many respondents of the group to whom the question
    #: applies gave that answer. Every code of every (scale question, group); not
    #: suppressed.
    question_counts: pd.DataFrame
    #: Reports of choice, multi, number and text questions, suppression applied; see
    #: :func:`selfassess.scoring.unscored.other_question_reports`.
    other_questions: list[dict[str, Any]]
    #: Columns ``question``, ``dimension``, ``kind`` (``answer`` | ``comment``),
    #: ``text``; no respondent identity; see :func:`selfassess.scoring.unscored.free_texts`.
    comments: pd.DataFrame
    #: Each group of ``groups`` as structured parts (``()`` for ``all``,
    #: ``(("role", "mp"), ("sex", "female"))``): outputs never parse names apart.
    group_parts: dict[str, GroupParts]
    #: The instrument's declared gaps, in file order, suppression applied.
    gaps: tuple[GapResult, ...]
    #: Groups with a hidden cell that holds someone (n > 0) in some published item:
    #: row-level data must never single these groups out (exports/data.py).
    protected: frozenset[str]

    def table(self) -> pd.DataFrame:
        """The published statistics: ``statistics`` with suppression and rounding.

        Same rows and columns as ``statistics``; ``n`` (nullable integer), ``score``,
        ``sd``, ``median``, ``ci_low`` and ``ci_high`` are empty in suppressed rows and
        the numbers rounded to 2 decimals elsewhere.
        """
        table = self.statistics.copy()
        hidden = table["suppressed"].to_numpy(dtype=bool)
        table["n"] = pd.Series(table["n"], dtype="Int64").mask(hidden)
        for column in STAT_COLUMNS + INTERVAL_COLUMNS:
            values = table[column].to_numpy(dtype=np.float64)
            table[column] = np.where(hidden, np.nan, np.round(values, DECIMALS))
        return table

    def intervals(self) -> dict[tuple[str, str], tuple[float, float]]:
        """Published 95% intervals: (key, group) -> (low, high), rounded.

        Overall (key ``overall``) and dimension cells only; none for a suppressed cell or
        one with n < 2.
        """
        table = self.table()
        table = table[table["kind"].isin(["overall", "dimension"]) & table["ci_low"].notna()]
        return {
            (key, group): (float(low), float(high))
            for key, group, low, high in zip(
                table["key"], table["group"], table["ci_low"], table["ci_high"], strict=True
            )
        }

    def counts_table(self) -> pd.DataFrame:
        """The published question counts: ``question_counts`` minus suppressed cells."""
        stats = self.statistics
        hidden = stats.loc[(stats["kind"] == "question") & stats["suppressed"], ["key", "group"]]
        cells = pd.MultiIndex.from_frame(self.question_counts[["question", "group"]])
        drop = cells.isin(pd.MultiIndex.from_frame(hidden.rename(columns={"key": "question"})))
        return self.question_counts[~drop].reset_index(drop=True)

    def to_dict(self, *, round_slug: str, draft_count: int) -> dict[str, Any]:
        """The JSON document of ``selfassess results ROUND --format json`` (scoring.md)."""
        table = self.table()
        kind = table["kind"].tolist()
        key = table["key"].tolist()
        n = self.statistics["n"].tolist()
        suppressed = table["suppressed"].tolist()
        stats = {c: [_number(v) for v in table[c].tolist()] for c in STAT_COLUMNS}
        counts = self._counts_by_cell()

        def cell(i: int) -> dict[str, Any]:
            if suppressed[i]:
                return {"suppressed": True}
            if kind[i] == "question":
                group = self.groups[i % len(self.groups)]
                return {"n": int(n[i]), "score": stats["score"][i], "counts": counts[key[i], group]}
            return {"n": int(n[i])} | {c: stats[c][i] for c in STAT_COLUMNS}

        width = len(self.groups)

        def results(block: int) -> dict[str, Any]:
            return {g: cell(block * width + i) for i, g in enumerate(self.groups)}

        dimensions = list(self.definition.iter_dimensions())
        questions = [q for q in self.definition.iter_questions() if is_scored(q)]
        return {
            "round": round_slug,
            "questionnaire": {"key": self.definition.key, "version": self.definition.version},
            "min_group_size": self.min_group_size,
            "groups": list(self.groups),
            "responses": {"submitted": len(self.respondent_scores), "draft": draft_count},
            "overall": results(0),
            "dimensions": [
                {"key": d.key, "parent": d.parent, "results": results(1 + i)}
                for i, d in enumerate(dimensions)
            ],
            "questions": [
                {
                    "key": q.key,
                    "dimension": q.dimension,
                    "results": results(1 + len(dimensions) + i),
                }
                for i, q in enumerate(questions)
            ],
            "gaps": [g.to_dict() for g in self.gaps],
        }

    def _counts_by_cell(self) -> dict[tuple[str, str], dict[str, int]]:
        """``question_counts`` as {(question, group): {code: count}}, in code order."""
        codes = self.question_counts["code"].tolist()
        counts = self.question_counts["count"].tolist()
        by_cell: dict[tuple[str, str], dict[str, int]] = {}
        start = 0
        # Rows come in blocks: question (file order), group (groups order), codes.
        for question in self.definition.iter_questions():
            if not is_scored(question):
                continue
            width = len(scale_keys(self.definition.scale_of(question))) + 1
            for group in self.groups:
                end = start + width
                by_cell[question.key, group] = dict(
                    zip(codes[start:end], counts[start:end], strict=True)
                )
                start = end
        return by_cell

    def to_csv(self) -> str:
        """The published statistics as a tidy CSV (UTF-8 text, ``\\n`` line ends).

        Columns ``kind``, ``key``, ``group``, ``n``, ``score``, ``sd``, ``median``,
        ``suppressed`` (``true``/``false``), ``ci_low``, ``ci_high``; rows as in
        :meth:`table`; an empty cell is a null (suppressed, or undefined such as sd with
        n < 2).
        """
        table = self.table()
        table["suppressed"] = np.where(table["suppressed"], "true", "false")
        table = table[[c for c in table.columns if c not in INTERVAL_COLUMNS] + INTERVAL_COLUMNS]
        return str(table.to_csv(index=False, lineterminator="\n"))


def _number(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _question_statistics(
    answers: ScaleAnswers, groups: BoolArray
) -> tuple[FloatArray, FloatArray, IntArray]:
    """n and mean item score (groups x questions), counts (groups x questions x codes).

    Everything comes from one count per (group, question, key): the key's position on
    the question, a ``blank`` slot (applicable, but no point value nor missing code)
    and a slot for "not applicable", counted with one ``bincount`` per group. An item
    score is determined by its key, so n and the mean follow from the counts. The last
    code column of the returned counts is ``blank``.
    """
    n_groups, n_questions = len(groups), answers.code.shape[1]
    width = answers.key_scores.shape[1]
    slot = np.where(answers.code >= 0, answers.code, np.where(answers.applicable, width, width + 1))
    flat = slot + np.arange(n_questions) * (width + 2)
    size = n_questions * (width + 2)
    counts = np.array(
        [np.bincount(flat[mask].ravel(), minlength=size) for mask in groups], dtype=np.intp
    ).reshape(n_groups, n_questions, width + 2)[:, :, : width + 1]
    is_point = ~np.isnan(answers.key_scores)
    n = np.where(is_point, counts[:, :, :width], 0).sum(axis=2).astype(np.float64)
    total = (counts[:, :, :width] * np.where(is_point, answers.key_scores, 0.0)).sum(axis=2)
    mean = np.divide(total, n, out=np.full_like(total, np.nan), where=n > 0)
    return n, mean, counts


def compute_results(
    definition: Definition,
    respondents: pd.DataFrame,
    answers: pd.DataFrame,
    *,
    min_group_size: int = 5,
) -> Results:
    """Score a round's submitted responses and compute every group statistic.

    ``respondents``: one row per **submitted** response. Columns ``response_id`` (int
    or str, unique), ``role`` (role key), and one column per profile field key (option
    code for choice fields; None/NA when the respondent has no value). A respondent
    whose role is not in the definition counts in ``all`` only, with no applicable
    question.

    ``answers``: one row per answer, at most one per (response, question); a question
    left blank has no row. Columns ``response_id``, ``question`` (question key),
    ``value`` (raw string: a point value such as ``"3"`` or ``"2.5"``, a missing code
    such as ``"dk"``, an option code, ``"a;b"`` for multi, a number as text, free
    text; NA when only a comment was given) and, optionally, ``comment`` (str or NA).
    Rows of responses not in ``respondents`` (drafts) or of unknown questions are
    ignored, and so are answers to questions not applicable to the respondent's role
    and scale values that are neither a point value nor a missing code.

    Item, dimension, overall scores, groups, statistics and suppression follow
    scoring.md exactly; see :class:`Results` for what is returned.
    """
    prepared = prepare(definition, respondents, answers)
    scale = scale_answers(prepared)
    scores = score_matrix(definition, scale)
    names, groups = group_masks(definition, respondents, prepared.role)
    described = describe(scores, groups)
    q_n, q_mean, q_counts = _question_statistics(scale, groups)

    dimension_keys = score_columns(definition)[:-1]
    question_keys = [q.key for q in scale.questions]
    n_groups, blocks = len(names), 1 + len(dimension_keys) + len(question_keys)
    no_spread = np.full(len(question_keys) * n_groups, np.nan)

    def cells(matrix: FloatArray, questions: FloatArray | None) -> FloatArray:
        """Overall, dimension and question cells in row order (key outer, group inner)."""
        parts = [matrix[:, -1], matrix[:, :-1].T.ravel()]
        parts.append(no_spread if questions is None else questions.T.ravel())
        return np.concatenate(parts)

    n = cells(described.n.astype(np.float64), q_n).astype(np.int64)
    hidden = complementary(
        n.reshape(blocks, n_groups), relation_positions(definition, names), min_group_size
    ).ravel()
    mean, sd = cells(described.mean, q_mean), cells(described.sd, None)
    margin = Z95 * sd / np.sqrt(np.maximum(n, 1))
    statistics = pd.DataFrame(
        {
            "kind": pd.Series(
                ["overall"] * n_groups
                + ["dimension"] * (len(dimension_keys) * n_groups)
                + ["question"] * (len(question_keys) * n_groups),
                dtype=str,
            ),
            "key": pd.Series(
                np.repeat(np.array([OVERALL, *dimension_keys, *question_keys], object), n_groups),
                dtype=str,
            ),
            "group": pd.Series(np.tile(np.array(names, dtype=object), blocks), dtype=str),
            "n": n,
            "score": mean,
            "sd": sd,
            "median": cells(described.median, None),
            "suppressed": hidden,
            # A score lies on 0-100, and so does the range its mean can take.
            "ci_low": np.clip(mean - margin, 0.0, 100.0),
            "ci_high": np.clip(mean + margin, 0.0, 100.0),
        }
    )

    question_counts = _counts_frame(scale, names, q_counts)
    others, others_protected = reports_and_protected(prepared, names, groups, min_group_size)
    protected = (hidden & (n > 0)).reshape(blocks, n_groups).any(axis=0) | others_protected
    parts = all_group_parts(definition)
    return Results(
        definition=definition,
        min_group_size=min_group_size,
        respondent_scores=score_frame(definition, prepared.ids, scores),
        groups=names,
        statistics=statistics,
        question_counts=question_counts,
        other_questions=others,
        comments=free_texts(prepared),
        group_parts={name: parts[name] for name in names},
        gaps=compute_gaps(definition, statistics),
        protected=frozenset(g for g, p in zip(names, protected, strict=True) if p),
    )


def _counts_frame(answers: ScaleAnswers, names: list[str], counts: IntArray) -> pd.DataFrame:
    """Long form of the counts array: question, group, code, count (blank last)."""
    width = counts.shape[2] - 1
    group_names = np.array(names, dtype=object)
    question, group, code, count = [], [], [], []
    for j, (q, keys) in enumerate(zip(answers.questions, answers.keys, strict=True)):
        columns = [*range(len(keys)), width]
        codes = np.array([*keys, BLANK], dtype=object)
        question.append(np.full(len(names) * len(codes), q.key, dtype=object))
        group.append(np.repeat(group_names, len(codes)))
        code.append(np.tile(codes, len(names)))
        count.append(counts[:, j, columns].ravel())

    def joined(parts: list[Any], dtype: Any) -> Any:
        return np.concatenate(parts).astype(dtype) if parts else np.array([], dtype=dtype)

    return pd.DataFrame(
        {
            "question": pd.Series(joined(question, object), dtype=str),
            "group": pd.Series(joined(group, object), dtype=str),
            "code": pd.Series(joined(code, object), dtype=str),
            "count": joined(count, np.int64),
        }
    )
