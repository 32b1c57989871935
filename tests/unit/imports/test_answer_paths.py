"""Every entry path stores an accepted value the same way (instrument/answers.py).

The paths: the answer types themselves, the web form's autosave and paper entry
(``services.responses.answer_columns``), the response import (CSV), people files and the
web profile (``services.people.profile_value``) and the web form's number field.
"""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st
from import_builders import make_definition

from selfassess.imports import parse_responses
from selfassess.instrument.answers import (
    AnswerError,
    check_answer,
    check_profile,
    format_point,
    number_text,
)
from selfassess.services.errors import InvalidInput
from selfassess.services.people import profile_value
from selfassess.services.responses import Change, answer_columns

DEFINITION = make_definition()
QUESTIONS = {q.key: q for q in DEFINITION.iter_questions()}
PROFILE = {p.key: p for p in DEFINITION.profile}

#: Raw numbers as people type them: 3, 3.0, 1e20, -0.5, 12.50 ...
numbers = st.one_of(
    st.integers(-(10**22), 10**22).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(-1e6, 1e6).map(lambda f: f"{f:.2f}"),
    st.sampled_from(["1e20", "1E+20", "0.50", "-0", "12,5", "ten", "nan", "inf"]),
)
codes = st.lists(st.sampled_from(["a", "b", "c", "x", "y", "zz", " a "]), max_size=4)
#: Text a cell can carry (no NUL, no line breaks: a CSV row is one line here).
texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda s: s.strip() == s and s
)
raws = st.one_of(numbers, codes.map(";".join), texts, st.sampled_from(["dk", "na", "3.0"]))
keys = st.sampled_from([k for k, q in QUESTIONS.items() if q.type != "text"] + ["q6"])


def _core(key: str, raw: str) -> str | None:
    try:
        return check_answer(DEFINITION, QUESTIONS[key], raw).value or None
    except AnswerError:
        return None


def _web(key: str, raw: str) -> str | None:
    try:
        return answer_columns(DEFINITION, "mp", Change(key, raw))["value"] or None
    except InvalidInput:
        return None


def _imported(key: str, raw: str, profile: dict[str, str] | None = None) -> tuple:
    row = {"respondent": "R1", "role": "mp", key: raw, **(profile or {})}
    out = io.StringIO()
    writer = csv.DictWriter(out, list(row), quoting=csv.QUOTE_ALL)
    writer.writeheader()
    writer.writerow(row)
    responses, errors = parse_responses(out.getvalue().encode(), "f.csv", DEFINITION)
    return (responses[0] if responses else None), errors


@settings(max_examples=300, deadline=None)
@given(key=keys, raw=raws)
def test_an_answer_is_stored_alike_by_every_path(key: str, raw: str) -> None:
    core, web = _core(key, raw), _web(key, raw)
    parsed, errors = _imported(key, raw)
    imported = parsed.answers[key][0] if parsed and key in parsed.answers else None
    assert web == core
    assert imported == core, errors


@settings(max_examples=200, deadline=None)
@given(key=st.sampled_from(sorted(PROFILE)), raw=raws)
def test_a_profile_value_is_stored_alike_by_every_path(key: str, raw: str) -> None:
    if not raw.strip():  # a blank is no value on every path; callers skip it
        return
    try:
        core = check_profile(PROFILE[key], raw)
    except AnswerError:
        core = None
    try:
        people = profile_value(PROFILE[key], raw)
    except InvalidInput:
        people = None
    parsed, errors = _imported("q1", "3", {key: raw})
    imported = parsed.profile.get(key) if parsed else None
    assert people == core
    assert imported == core, errors
    assert type(imported) is type(core)


def test_the_named_disagreements_are_gone() -> None:
    """1e20 was ``100000000000000000000`` from the web and ``1e+20`` from an import; a
    number profile field a number from the web and a string from an import."""
    assert _web("q5", "1e20") is None  # above q5's maximum, refused alike
    assert number_text(1e20) == "1e+20" == format_point(1e20)
    parsed, _ = _imported("q1", "3", {"age": "44.0"})
    assert parsed is not None
    assert parsed.profile["age"] == 44 == profile_value(PROFILE["age"], "44.0")
    assert _web("q4", "b;a") == "a;b" == _imported("q4", "b;a")[0].answers["q4"][0]
