"""YAML syntax errors in plain words, at the line the author has to change."""

from __future__ import annotations

import pytest
from instrument_helpers import MINIMAL_TEXT, edit, issues_of, line_of, show

# (id, old, new, text of the line to be named, the sentence)
CASES = [
    (
        "indented-less",
        "    type: number\n    label: {en: Years",
        "    type: number\n  label: {en: Years",
        "  label: {en: Years",
        "this line is indented differently from the lines around it",
    ),
    (
        "indented-more",
        "version: 1\n",
        "version: 1\n  oops: 2\n",
        "oops",
        "a colon (:) where YAML does not expect one",
    ),
    (
        "list-item-in-a-mapping",
        "    roles: [mp]\nscales:",
        "    roles: [mp]\n - oops\nscales:",
        " - oops",
        "this line is indented differently from the lines around it",
    ),
    (
        "tab",
        "version: 1\n",
        "\tversion: 1\n",
        "\tversion",
        "this line contains a tab character; indent with spaces only",
    ),
    (
        "unclosed-flow-mapping",
        "{en: Sex, mn: Хүйс}",
        "{en: Sex, mn: Хүйс",
        "{en: Sex, mn: Хүйс",
        "a {...} on this line is not closed, or lacks a comma between its items",
    ),
    (
        "unclosed-flow-list",
        "roles: [mp]\nscales:",
        "roles: [mp\nscales:",
        "roles: [mp\n",
        "a [...] on this line is not closed",
    ),
    (
        "missing-colon",
        "version: 1\n",
        "version 1\n",
        "version 1",
        "this line is neither 'key: value' nor a list item '- ...' (a missing colon?)",
    ),
    (
        "character-needing-quotes",
        "version: 1\n",
        "version: 1\ncolour: @red\n",
        "colour",
        "a value cannot start with '@' unless it is in quotes",
    ),
    (
        "text-after-a-quote",
        "key: minimal\n",
        'key: "minimal" test\n',
        'key: "minimal"',
        "text follows a closing quote or bracket on this line; put the whole text in quotes",
    ),
    (
        "unknown-escape",
        "key: minimal\n",
        'key: "min\\qimal"\n',
        "key: ",
        "'\\q' is not a known escape in a double-quoted text",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "at", "sentence"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_plain_sentence_at_the_line(old: str, new: str, at: str, sentence: str) -> None:
    text = edit(old, new)
    (issue,) = issues_of(text)
    assert issue.location == str(line_of(text, at)), show([issue])
    assert issue.message == f"YAML syntax error: {sentence}" or (
        issue.message.startswith("YAML syntax error: ") and sentence in issue.message
    ), show([issue])
    assert "<block end>" not in issue.message and "found character" not in issue.message


def test_the_example_of_the_issue_reads_plainly() -> None:
    """``expected <block end>, but found '?'`` was what an author saw for this file."""
    text = "format: selfassess/1\nroles:\n  mp: {en: MP}\n ? staff\n"
    (issue,) = issues_of(text)
    assert str(issue) == (
        "q.yaml:4: YAML syntax error: this line is indented differently from the lines around it"
    )


def test_unclosed_quote_names_the_line_it_opens() -> None:
    """A quoted text may run over lines: PyYAML notices at the end of the file."""
    text = MINIMAL_TEXT + 'notes: "unfinished\n\n# the end\n'
    (issue,) = issues_of(text)
    assert issue.location == str(line_of(text, 'notes: "unfinished'))
    assert issue.message == "YAML syntax error: a quote opened on this line is never closed"


def test_unknown_problem_keeps_pyyaml_words() -> None:
    text = "%YAML 1.1\n%YAML 1.1\n---\n" + MINIMAL_TEXT
    (issue,) = issues_of(text)
    assert issue.location == "2"
    assert issue.message == "YAML syntax error: found duplicate YAML directive"
