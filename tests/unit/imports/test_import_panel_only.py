"""A question only the panel grades has no individual answers: the import refuses them."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfassess.imports import parse_responses
from selfassess.instrument import Definition, load

PANEL = Path(__file__).resolve().parents[2] / "data" / "instruments" / "panel.yaml"


@pytest.fixture(scope="module")
def definition() -> Definition:
    found, issues = load(PANEL)
    assert found is not None, issues
    return found


def parse(text: str, definition: Definition):  # type: ignore[no-untyped-def]
    return parse_responses(text.encode("utf-8"), "f.csv", definition)


def test_an_answer_to_a_panel_only_question_is_a_located_error(definition: Definition) -> None:
    text = (
        "respondent,role,sex,rep-leadership,rep-rules-reviewed\nA,mp,female,3,4\nB,staff,male,2,\n"
    )
    assert parse(text, definition) == (
        [],
        [
            "f.csv:2:rep-rules-reviewed: question rep-rules-reviewed is graded by the panel "
            "only; respondents do not answer it"
        ],
    )


def test_a_comment_on_a_panel_only_question_is_refused_too(definition: Definition) -> None:
    text = "respondent,role,COMMENT:rep-rules-reviewed\nA,staff,why\n"
    (error,) = parse(text, definition)[1]
    assert error.startswith("f.csv:2:COMMENT:rep-rules-reviewed: ")
    assert "graded by the panel only" in error


def test_an_empty_panel_only_column_is_harmless(definition: Definition) -> None:
    text = "respondent,role,cult-harassment,rep-rules-reviewed\nA,mp,1,\n"
    responses, errors = parse(text, definition)
    assert errors == []
    assert responses[0].answers == {"cult-harassment": ("1", None)}
