"""Comparing two rounds of one instrument (compare.md): pandas in, a JSON document out.

Each side is scored with the scoring core's own functions on a copy of its definition
that keeps only the questions common to both versions, so a comparable dimension scores
exactly as in the round's published results. Suppression is taken from each round's own
results, then widened by this comparison's n and complementary suppression.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from selfassess.instrument.model import Definition, Dimension, Question
from selfassess.scoring.dimensions import _weighted_mean, score_matrix
from selfassess.scoring.disclosure import suppress
from selfassess.scoring.groups import group_masks
from selfassess.scoring.inputs import DECIMALS, OVERALL, FloatArray, prepare
from selfassess.scoring.items import scale_answers
from selfassess.scoring.results import Results
from selfassess.scoring.stats import describe

#: The z value of a two-sided 95% interval.
Z95 = 1.96


@dataclass(frozen=True, eq=False)
class Side:
    """One round as the comparison needs it."""

    slug: str
    definition: Definition
    #: The scoring core's two input frames (see :func:`~selfassess.scoring.compute_results`).
    respondents: pd.DataFrame
    answers: pd.DataFrame
    #: The round's own results: their suppression carries over to the comparison.
    results: Results
    #: The round's ``consensus`` block (consensus.md), None without agreed grades.
    consensus: Mapping[str, Any] | None = None

    @property
    def k(self) -> int:
        return self.results.min_group_size


@dataclass(frozen=True)
class Changes:
    """How a dimension's respondent questions differ between the two versions (keys)."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    rescaled: tuple[str, ...] = ()
    moved: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Comparison:
    """The compare.md document (:attr:`document`) and what the pages add to it."""

    document: dict[str, Any]
    #: Per dimension key of the document: what keeps it from being comparable.
    changes: dict[str, Changes] = field(default_factory=dict)
    #: Common question keys, in B's file order.
    common: tuple[str, ...] = ()


def _surveyed_scale(questions: Iterable[Question]) -> dict[str, Question]:
    return {q.key: q for q in questions if q.type == "scale" and q.surveyed}


def _points(definition: Definition, question: Question) -> tuple[float, ...]:
    return tuple(float(p.value) for p in definition.scale_of(question).points)


def common_questions(a: Definition, b: Definition) -> list[str]:
    """Keys of the common questions (compare.md), in B's file order."""
    in_a = _surveyed_scale(a.iter_questions())
    return [
        key
        for key, qb in _surveyed_scale(b.iter_questions()).items()
        if key in in_a
        and in_a[key].dimension == qb.dimension
        and _points(a, in_a[key]) == _points(b, qb)
    ]


def dimension_changes(a: Definition, b: Definition, key: str) -> Changes:
    """Respondent questions of dimension ``key`` added, removed, re-scaled or moved."""
    qa = _surveyed_scale(a.questions_under(a.dimension(key)))
    qb = _surveyed_scale(b.questions_under(b.dimension(key)))
    all_a, all_b = _surveyed_scale(a.iter_questions()), _surveyed_scale(b.iter_questions())
    both = [k for k in qb if k in qa]
    return Changes(
        added=tuple(k for k in qb if k not in qa),
        removed=tuple(k for k in qa if k not in qb),
        rescaled=tuple(k for k in both if _points(a, qa[k]) != _points(b, qb[k])),
        moved=tuple(
            k
            for k in dict.fromkeys([*qb, *qa])
            if k in all_a and k in all_b and all_a[k].dimension != all_b[k].dimension
        ),
    )


def restricted(definition: Definition, keep: set[str]) -> Definition:
    """``definition`` with only the questions in ``keep``; the dimension tree unchanged."""

    def prune(dim: Dimension) -> Dimension:
        return dataclasses.replace(
            dim,
            questions=tuple(q for q in dim.questions if q.key in keep),
            dimensions=tuple(prune(d) for d in dim.dimensions),
        )

    return dataclasses.replace(
        definition, dimensions=tuple(prune(d) for d in definition.dimensions)
    )


@dataclass(frozen=True, eq=False)
class _Scored:
    """One side's statistics here: per column key (dimensions, overall), per group."""

    groups: list[str]
    n: dict[str, dict[str, int]]
    mean: dict[str, dict[str, float]]
    sd: dict[str, dict[str, float]]
    hidden: dict[str, set[str]]


def _score_side(side: Side, common: set[str], top: list[str], dims: list[str]) -> _Scored:
    """Score ``side`` on the common questions; overall over ``top`` (keys in both)."""
    definition = restricted(side.definition, common)
    prepared = prepare(definition, side.respondents, side.answers)
    matrix = score_matrix(definition, scale_answers(prepared))
    column = {d.key: i for i, d in enumerate(definition.iter_dimensions())}
    weights = np.array([float(definition.dimension(k).weight) for k in top], dtype=np.float64)
    overall: FloatArray = (
        _weighted_mean(matrix[:, [column[k] for k in top]], weights)
        if top
        else np.full(len(matrix), np.nan)
    )
    keys = [*dims, OVERALL]
    values = np.column_stack([*(matrix[:, column[k]] for k in dims), overall])
    names, masks = group_masks(definition, side.respondents, prepared.role)
    described = describe(values.reshape(len(matrix), len(keys)), masks)

    def table(array: Any, cast: type) -> dict[str, dict[str, Any]]:
        return {
            key: {g: cast(array[i, j]) for i, g in enumerate(names)} for j, key in enumerate(keys)
        }

    n, mean, sd = table(described.n, int), table(described.mean, float), table(described.sd, float)
    own = _own_hidden(side)
    hidden = {}
    for key in keys:
        small = {g for g, count in n[key].items() if count < side.k}
        hidden[key] = suppress(n[key], own.get(key, set()) | small, side.definition, side.k)
    return _Scored(names, n, mean, sd, hidden)


def _own_hidden(side: Side) -> dict[str, set[str]]:
    """Per overall/dimension key: the groups its round's own results suppress."""
    stats = side.results.statistics
    stats = stats[stats["kind"] != "question"]
    hidden: dict[str, set[str]] = {}
    for key, cells in stats.groupby("key", sort=False):
        n_by_group = dict(zip(cells["group"], cells["n"].astype(int), strict=True))
        flagged = set(cells.loc[cells["suppressed"], "group"])
        hidden[str(key)] = suppress(n_by_group, flagged, side.definition, side.k)
    return hidden


def _round(value: float) -> float | None:
    return None if math.isnan(value) else round(value, DECIMALS)


def _cell(a: _Scored, b: _Scored, key: str, group: str) -> dict[str, Any]:
    """One group's cell: both sides, the change and its 95% interval."""
    sides: dict[str, Any] = {}
    for name, scored in (("a", a), ("b", b)):
        if group in scored.hidden[key]:
            sides[name] = {"suppressed": True}
        else:
            sides[name] = {"n": scored.n[key][group], "score": _round(scored.mean[key][group])}
    change = ci95 = None
    if not (group in a.hidden[key] or group in b.hidden[key]):
        mean_a, mean_b = a.mean[key][group], b.mean[key][group]
        if not (math.isnan(mean_a) or math.isnan(mean_b)):
            diff = mean_b - mean_a
            change = round(diff, DECIMALS)
            n_a, n_b = a.n[key][group], b.n[key][group]
            if n_a >= 2 and n_b >= 2:
                half = Z95 * math.sqrt(a.sd[key][group] ** 2 / n_a + b.sd[key][group] ** 2 / n_b)
                ci95 = [round(diff - half, DECIMALS), round(diff + half, DECIMALS)]
    return sides | {"change": change, "ci95": ci95}


def _consensus(a: Side, b: Side, key: str) -> dict[str, Any] | None:
    """Both rounds' agreed-grade scores of a dimension; None when neither has grades."""
    if not any((side.consensus or {}).get("graded") for side in (a, b)):
        return None
    score_a, score_b = ((side.consensus or {}).get("dimensions", {}).get(key) for side in (a, b))
    change = None if score_a is None or score_b is None else round(score_b - score_a, DECIMALS)
    return {"a": score_a, "b": score_b, "change": change}


def _linked_items(a: Definition, b: Definition, key: str) -> set[str]:
    """The stable keys a recommendation of dimension ``key`` may link to, in either version."""
    items = {key}
    for definition in (a, b):
        dim = definition.dimension(key)
        stack = [dim]
        while stack:
            current = stack.pop()
            items.add(current.key)
            items.update(q.key for q in current.questions)
            stack.extend(current.dimensions)
    return items


def recommendation_counts(
    recommendations: Iterable[Mapping[str, Any]], instrument: str, items: set[str]
) -> dict[str, int]:
    """Counts by status of the recommendations linked to any of ``items``."""
    wanted = {f"{instrument}:{item}" for item in items}
    counts: dict[str, int] = {}
    for rec in recommendations:
        if wanted.intersection(rec.get("links") or ()):
            counts[rec["status"]] = counts.get(rec["status"], 0) + 1
    return counts


def compare(a: Side, b: Side, recommendations: Iterable[Mapping[str, Any]] = ()) -> Comparison:
    """Compare round ``a`` with round ``b`` (compare.md); raises ValueError when their
    instruments differ."""
    da, db = a.definition, b.definition
    if da.key != db.key:
        raise ValueError(
            f"{a.slug} uses questionnaire {da.key!r} and {b.slug} uses {db.key!r}: "
            "only rounds of the same questionnaire compare"
        )
    common = common_questions(da, db)
    keys_a = {d.key for d in da.iter_dimensions()}
    dims = [d.key for d in db.iter_dimensions() if d.key in keys_a]
    top_a = {d.key for d in da.dimensions}
    top = [d.key for d in db.dimensions if d.key in top_a]
    score_a = _score_side(a, set(common), top, dims)
    score_b = _score_side(b, set(common), top, dims)
    groups = [g for g in score_b.groups if g in set(score_a.groups)]

    def results(key: str) -> dict[str, Any]:
        return {g: _cell(score_a, score_b, key, g) for g in groups}

    common_set = set(common)
    changes = {key: dimension_changes(da, db, key) for key in dims}
    dimensions = []
    for key in dims:
        under = _surveyed_scale(db.questions_under(db.dimension(key)))
        entry: dict[str, Any] = {
            "key": key,
            "comparable": set(under) <= common_set
            and set(under) == set(_surveyed_scale(da.questions_under(da.dimension(key)))),
            "questions": sum(1 for q in under if q in common_set),
            "results": results(key),
        }
        consensus = _consensus(a, b, key)
        if consensus is not None:
            entry["consensus"] = consensus
        dimensions.append(entry)
    document = {
        "a": a.slug,
        "b": b.slug,
        "questionnaire": db.key,
        "versions": [da.version, db.version],
        "groups": groups,
        "overall": results(OVERALL),
        "dimensions": dimensions,
    }
    count_recommendations(document, da, db, recommendations)
    return Comparison(document, changes, tuple(common))


def count_recommendations(
    document: dict[str, Any],
    a: Definition,
    b: Definition,
    recommendations: Iterable[Mapping[str, Any]],
) -> None:
    """Set each dimension entry's ``recommendations`` (counts by status) in ``document``:
    the register changes apart from the rounds, so a cached comparison counts afresh."""
    recs = list(recommendations)
    for entry in document["dimensions"]:
        items = _linked_items(a, b, entry["key"])
        entry["recommendations"] = recommendation_counts(recs, b.key, items)


def structure(a: Definition, b: Definition, document: Mapping[str, Any]) -> Comparison:
    """A comparison around a ``document`` already computed from ``a`` and ``b``: the
    dimensions' changes and the common questions come from the definitions alone."""
    changes = {e["key"]: dimension_changes(a, b, e["key"]) for e in document["dimensions"]}
    return Comparison(dict(document), changes, tuple(common_questions(a, b)))
