"""PyYAML's syntax errors in the words of someone who edits a questionnaire.

PyYAML says ``expected <block end>, but found '?'``; an author needs to hear that a line is
indented differently from the lines around it. :data:`PLAIN_PROBLEMS` is a table from
PyYAML's problem text to a plain sentence and the line that sentence is about; a problem
not in the table keeps PyYAML's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

_INDENTATION = "this line is indented differently from the lines around it"
_TAB = "this line contains a tab character; indent with spaces only"


@dataclass(frozen=True)
class Plain:
    """A plain sentence for a PyYAML problem (``{0}`` is the pattern's first group)."""

    pattern: re.Pattern[str]
    message: str
    #: The line the sentence is about: where PyYAML found the problem, or where the
    #: construct it was reading began (an unclosed quote is reported at the end of file).
    at_start: bool = False


def _plain(pattern: str, message: str, *, at_start: bool = False) -> Plain:
    return Plain(re.compile(pattern), message, at_start)


#: PyYAML's problem text -> the plain sentence; the first matching entry wins.
PLAIN_PROBLEMS: tuple[Plain, ...] = (
    _plain(
        r"expected <block end>, but found '<scalar>'",
        "text follows a closing quote or bracket on this line; put the whole text in quotes",
    ),
    _plain(r"expected <block end>, but found", _INDENTATION),
    _plain(r"did not find expected (key|'-' indicator)", _INDENTATION),
    _plain(r"expected '<document start>', but found", _INDENTATION),
    _plain(
        r"mapping values are not allowed here",
        "a colon (:) where YAML does not expect one: put a text that contains ': ' in "
        "quotes, or check this line's indentation",
    ),
    _plain(r"found character '\\t' that cannot start any token", _TAB),
    _plain(r"found a tab character", _TAB),
    _plain(
        r"found character '(.)' that cannot start any token",
        "a value cannot start with '{0}' unless it is in quotes",
    ),
    _plain(
        r"found unexpected end of stream",
        "a quote opened on this line is never closed",
        at_start=True,
    ),
    _plain(
        r"expected ',' or '\}', but got",
        "a {{...}} on this line is not closed, or lacks a comma between its items "
        "(a text with ': ' in it needs quotes)",
        at_start=True,
    ),
    _plain(
        r"expected ',' or '\]', but got",
        "a [...] on this line is not closed, or lacks a comma between its items",
        at_start=True,
    ),
    _plain(
        r"could not find expected ':'",
        "this line is neither 'key: value' nor a list item '- ...' (a missing colon?)",
        at_start=True,
    ),
    _plain(
        r"expected alphabetic or numeric character",
        "'*' and '&' have a meaning in YAML at the start of a value: put the text in quotes",
    ),
    _plain(
        r"found unknown escape character '?(.)'?",
        "'\\{0}' is not a known escape in a double-quoted text: write '\\\\' for a "
        "backslash, or use single quotes",
    ),
    _plain(
        r"expected the node content|did not find expected node content",
        "a value is missing here, or starts with a character that needs quotes",
    ),
    _plain(
        r"expected chomping or indentation indicators",
        "after '|' or '>' the text starts on the next line, indented",
    ),
)


def plain_problem(exc: yaml.MarkedYAMLError) -> tuple[int, str]:
    """The 1-based line and the sentence that describe a syntax error."""
    problem = _one_line(exc.problem or exc.context)
    for entry in PLAIN_PROBLEMS:
        match = entry.pattern.search(problem)
        if match is None:
            continue
        mark = (exc.context_mark if entry.at_start else None) or exc.problem_mark
        return _line(mark), entry.message.format(*match.groups())
    original = problem
    if exc.problem and exc.context:
        original = f"{problem} ({_one_line(exc.context)})"
    return _line(exc.problem_mark or exc.context_mark), original


def _line(mark: yaml.Mark | None) -> int:
    return mark.line + 1 if mark is not None else 1


def _one_line(message: str | None) -> str:
    return " ".join((message or "invalid").split())
