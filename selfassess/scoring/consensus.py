"""Scores of a panel's agreed grades (consensus.md): a grade per question in, scores out.

The same arithmetic as an individual respondent's scores (scoring.md), applied to the
one "respondent" the panel is, with two differences: roles do not apply (every panel
question counts) and nothing is suppressed (the grades are the panel's published
judgement, not anybody's confidential answer).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from selfassess.instrument.model import Definition, Dimension, Number, Question
from selfassess.scoring.points import format_point

DECIMALS = 2


def panel_questions(definition: Definition) -> list[Question]:
    """The questions a panel grades, in file order."""
    return [q for q in definition.iter_questions() if q.panel]


def grade_values(definition: Definition, question: Question) -> tuple[str, ...]:
    """The grades a question accepts: its points as written (``"3"``), then missing codes."""
    scale = definition.scale_of(question)
    return tuple(format_point(p.value) for p in scale.points) + scale.missing_codes


def canonical_grade(definition: Definition, question: Question, raw: str) -> str | None:
    """``raw`` as the grade it means (``"3.0"`` is ``"3"``), or None if it is none."""
    scale = definition.scale_of(question)
    if raw in scale.missing_codes:
        return raw
    try:
        number = float(raw)
    except ValueError:
        return None
    point = next((p for p in scale.points if float(p.value) == number), None)
    return format_point(point.value) if point is not None else None


def item_score(definition: Definition, question: Question, grade: str | None) -> float | None:
    """The 0-100 score of a grade (reverse items reversed); None for a missing code."""
    if grade is None:
        return None
    scale = definition.scale_of(question)
    point = next((p for p in scale.points if format_point(p.value) == grade), None)
    if point is None:
        return None
    lo, hi = float(scale.lo), float(scale.hi)
    score = (float(point.value) - lo) / (hi - lo) * 100
    return 100 - score if question.reverse else score


@dataclass(frozen=True)
class ConsensusScores:
    """Unrounded scores; :meth:`to_dict` is the ``consensus`` block of the results JSON."""

    #: Panel question key -> (grade or None, item score or None), in file order.
    questions: dict[str, tuple[str | None, float | None]]
    #: Every dimension key, depth-first -> score or None.
    dimensions: dict[str, float | None]
    overall: float | None

    @property
    def graded(self) -> int:
        return sum(grade is not None for grade, _ in self.questions.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "graded": self.graded,
            "questions_total": len(self.questions),
            "overall": _rounded(self.overall),
            "dimensions": {key: _rounded(score) for key, score in self.dimensions.items()},
            "questions": {
                key: {"grade": grade, "score": _rounded(score)}
                for key, (grade, score) in self.questions.items()
            },
        }


def consensus_scores(definition: Definition, grades: Mapping[str, str | None]) -> ConsensusScores:
    """Scores of the agreed ``grades`` (question key -> grade as written, or None).

    Grades of questions that are not panel questions, and grades that are neither a
    point nor a missing code of the question's scale, are ignored.
    """
    questions: dict[str, tuple[str | None, float | None]] = {}
    for question in panel_questions(definition):
        raw = grades.get(question.key)
        grade = canonical_grade(definition, question, raw) if raw is not None else None
        questions[question.key] = (grade, item_score(definition, question, grade))

    dimensions: dict[str, float | None] = {}

    def score_of(dim: Dimension) -> float | None:
        if dim.is_leaf:
            panel = [q for q in dim.questions if q.key in questions]
            scored = [(q.weight, questions[q.key][1]) for q in panel]
            graded = [(w, s) for w, s in scored if s is not None]
            # Null when fewer than half of the panel questions have a score.
            enough = bool(panel) and 2 * len(graded) >= len(panel)
            result = _weighted_mean(graded) if enough else None
        else:
            children = [(child.weight, score_of(child)) for child in dim.dimensions]
            result = _weighted_mean([(w, s) for w, s in children if s is not None])
        dimensions[dim.key] = result
        return result

    top = [(dim.weight, score_of(dim)) for dim in definition.dimensions]
    overall = _weighted_mean([(w, s) for w, s in top if s is not None])
    order = [d.key for d in definition.iter_dimensions()]
    return ConsensusScores(questions, {key: dimensions[key] for key in order}, overall)


def _weighted_mean(pairs: Sequence[tuple[Number, float | None]]) -> float | None:
    total = sum(float(w) for w, _ in pairs)
    if not pairs or total <= 0:
        return None
    return sum(float(w) * float(s) for w, s in pairs if s is not None) / total


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, DECIMALS)


def perception_gaps(
    block: Mapping[str, Any], questionnaire: Mapping[str, float | None]
) -> dict[str, float | None]:
    """Per dimension: the panel's score minus the questionnaire's (``all``), rounded;
    None where either is missing. ``block`` is :meth:`ConsensusScores.to_dict`'s
    output, ``questionnaire`` dimension key -> published score of all respondents."""
    gaps: dict[str, float | None] = {}
    for key, panel in block["dimensions"].items():
        survey = questionnaire.get(key)
        gaps[key] = None if panel is None or survey is None else round(panel - survey, DECIMALS)
    return gaps
