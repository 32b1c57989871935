"""No input, however broken, makes the loaders raise: a Definition or located issues."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from instrument_helpers import LOCATION, MINIMAL, MINIMAL_TEXT, edit_workbook

from selfassess.instrument import MAX_FILE_BYTES, Definition, Issue, load_bytes, to_workbook

LINES = MINIMAL_TEXT.splitlines(keepends=True)
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(data: bytes, name: str) -> tuple[Definition | None, list[Issue]]:
    """The contract every input must meet."""
    definition, issues = load_bytes(data, name)
    assert (definition is None) == bool(issues)
    for issue in issues:
        assert issue.path == name
        assert LOCATION.fullmatch(issue.location), issue
        assert issue.message and "\n" not in issue.message, issue
    return definition, issues


# -- random input -------------------------------------------------------------------------


@FAST
@given(st.binary(max_size=2000))
def test_random_bytes_as_yaml(data: bytes) -> None:
    check(data, "junk.yaml")


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_as_workbook(data: bytes) -> None:
    definition, _ = check(data, "junk.xlsx")
    assert definition is None


@FAST
@given(st.text(alphabet=st.sampled_from(list("{}[]:,-?&*!|>'\"#%@` \n\tab1")), max_size=200))
def test_yaml_punctuation_soup(text: str) -> None:
    check(text.encode(), "soup.yaml")


# -- mutations of a valid file ------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        ["~", "null", "yes", "no", "2024-13-45", "0x1F", "1_000", ".nan", "&a x", "*a"]
    ),
)


def _scalar_text(value: Any) -> str:
    return repr(value) if not isinstance(value, str) else value


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = list(LINES)
    kind = draw(st.sampled_from(["delete", "swap", "replace", "truncate", "duplicate"]))
    index = draw(st.integers(0, len(lines) - 1))
    if kind == "delete":
        del lines[index]
    elif kind == "swap":
        other = draw(st.integers(0, len(lines) - 1))
        lines[index], lines[other] = lines[other], lines[index]
    elif kind == "duplicate":
        lines.insert(index, lines[index])
    elif kind == "replace":
        line = lines[index]
        head, sep, _ = line.partition(": ")
        value = _scalar_text(draw(SCALARS))
        lines[index] = f"{head}{sep or ': '}{value}\n"
    else:
        text = "".join(lines)
        return text[: draw(st.integers(0, len(text)))]
    return "".join(lines)


@FAST
@given(mutated())
def test_mutations_of_a_valid_file(text: str) -> None:
    check(text.encode("utf-8"), "mutated.yaml")


@FAST
@given(st.lists(mutated(), min_size=1, max_size=1), st.integers(0, 5))
def test_mutated_bytes(texts: list[str], cut: int) -> None:
    data = texts[0].encode("utf-8")
    check(data[: len(data) - cut], "cut.yaml")  # may cut a multi-byte character in half


@st.composite
def edited_workbook(draw: st.DrawFn) -> bytes:
    sheet_name = draw(st.sampled_from(["settings", "roles", "scales", "dimensions", "questions"]))
    row = draw(st.integers(1, 8))
    column = draw(st.integers(1, 16))
    text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8)
    value = draw(st.one_of(st.none(), st.booleans(), st.integers(-5, 5), text))

    def change(wb: Any) -> None:
        wb[sheet_name].cell(row, column).value = value

    return edit_workbook(WORKBOOK, change)


WORKBOOK = to_workbook(load_bytes(MINIMAL.read_bytes(), "minimal.yaml")[0])  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_workbook())
def test_edits_of_a_valid_workbook(data: bytes) -> None:
    check(data, "edited.xlsx")


# -- broken files of every kind -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "location", "fragment"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "1", "not UTF-8"),
        (b"key: x\nversion: 1\ntitle: \xff\xfe\n", "3", "not UTF-8"),
        (b"key: x\n\x00\x00", "2", "binary"),
        (b"key: x\nversion: \x07\n", "2", "character YAML does not allow"),
        (b"[" * 1200, "1", "nested too deeply"),
        (b"a: " + b"[" * 70 + b"]" * 70, "1", "nested more than 64 levels"),
        (b"\xef\xbb\xbf", "1", "the file is empty"),
        (b"? [a, b]\n: c\n", "1", "a key must be a plain name"),
        (b"!!set {a, b}\n", "1", "tags like"),
        (b"just a sentence\n", "1", "expected a mapping"),
        (b"- &a [*a]\n", "1", "aliases"),
    ],
    ids=[
        "png",
        "bad-utf8-line-3",
        "nul-bytes",
        "control-character",
        "deep-brackets",
        "deep-but-parseable",
        "bom-only",
        "complex-key",
        "set-tag",
        "scalar-document",
        "recursive-alias",
    ],
)
def test_broken_yaml(data: bytes, location: str, fragment: str) -> None:
    definition, issues = check(data, "broken.yaml")
    assert definition is None
    assert any(i.location == location and fragment in i.message for i in issues), issues


def test_billion_laughs_is_not_expanded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 12)]
    _, issues = check("\n".join(lines).encode(), "laughs.yaml")
    assert any("aliases" in issue.message for issue in issues)


def test_huge_file() -> None:
    data = b"key: x\n" + b"# padding\n" * (MAX_FILE_BYTES // 10)
    definition, issues = check(data, "huge.yaml")
    assert definition is None
    assert [i.location for i in issues] == ["1"] and "more than the limit" in issues[0].message
