"""The consultant's Excel workbook, built into bytes.

Pure: a definition, the results dict (``selfassess results ROUND --format json``) and two
DataFrames in, ``.xlsx`` bytes out; no Flask, no database. Every number comes from the
results dict (and the intervals the scoring core computed), never recomputed, so the
dashboard, the JSON and the workbook agree. Suppressed cells read ``n<k`` in grey.
Respondents' texts are always written with ``write_string`` and the workbook refuses to
turn strings into formulas, numbers or URLs. One module per sheet in
:mod:`selfassess.exports.sheets`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from datetime import datetime
from typing import Any

import pandas as pd

from selfassess.exports.book import Book
from selfassess.exports.comparison import write_comparison
from selfassess.exports.consensus import write_consensus_sheet
from selfassess.exports.sheets.codebook import write_codebook
from selfassess.exports.sheets.comments import write_comments
from selfassess.exports.sheets.data import write_data
from selfassess.exports.sheets.dimensions import write_dimensions
from selfassess.exports.sheets.method import write_method
from selfassess.exports.sheets.questions import write_questions
from selfassess.exports.sheets.summary import write_summary
from selfassess.instrument.model import Definition
from selfassess.scoring.participation import Participation, ProfileRate

__all__ = ["SHEETS", "build_workbook"]

SHEETS: tuple[str, ...] = (
    "Summary",
    "Dimensions",
    "Questions",
    "Comments",
    "Data",
    "Codebook",
    "Method",
)


def build_workbook(
    definition: Definition,
    results: Mapping[str, Any],
    *,
    data: pd.DataFrame,
    comments: pd.DataFrame,
    lang: str = "en",
    generated_at: datetime,
    software_version: str,
    round_title: str | None = None,
    protected: Set[str] | None = None,
    intervals: Mapping[tuple[str, str], tuple[float, float]] | None = None,
    participation: Sequence[Participation] = (),
    profile_participation: Sequence[ProfileRate] = (),
    consensus_grades: Mapping[str, Mapping[str, Any]] | None = None,
    comparison: Mapping[str, Any] | None = None,
) -> bytes:
    """The workbook of one round as ``.xlsx`` bytes; sheets in :data:`SHEETS` order.

    ``results`` is the results JSON dict (scoring.md); ``data`` has one row per submitted
    response (``response_id``, ``role``, profile keys, question keys; raw strings);
    ``comments`` has ``question``, ``dimension``, ``kind`` (answer|comment), ``text``.
    ``lang`` picks the workbook's own words and the instrument's texts. ``protected``:
    the groups the Data sheet must not single out (``Results.protected``; by default
    every group with a suppressed cell). ``intervals``: the published 95% intervals by
    (dimension key or ``overall``, group) (``Results.intervals()``). ``participation``:
    invited, submitted and response rate per role for the Summary; ``profile_participation``
    the same per profile value invitations carry (suppressed ones say so). ``consensus_grades``:
    the panel's current grades by question (consensus.md; a Consensus sheet once any is
    recorded). ``comparison``: the document of compare.md (a Comparison sheet last).
    """
    book = Book(definition, results, lang, generated_at, software_version, round_title)
    book.intervals = dict(intervals or {})
    book.participation = tuple(participation)
    book.profile_participation = tuple(profile_participation)
    book.protected = set(protected) if protected is not None else _suppressed_groups(results)
    # Closing also removes the temporary row files, on an error too.
    with book.wb:
        write_summary(book, data)
        write_dimensions(book)
        write_questions(book)
        write_comments(book, comments, data)
        write_data(book, data)
        write_codebook(book)
        write_method(book)
        panel = write_consensus_sheet(book.wb, definition, results, consensus_grades or {}, lang)
        if panel is not None:  # printed like every other sheet
            book.print_setup(panel)
            panel.fit_to_pages(1, 0)
            panel.repeat_rows(0)
        if comparison is not None:  # compare.md, after the sheets of scoring.md
            write_comparison(book, comparison)
    return book.out.getvalue()


def _suppressed_groups(results: Mapping[str, Any]) -> set[str]:
    """Every group with a suppressed cell in some published item of ``results``."""
    items = [results.get("overall", {})]
    items += [x.get("results", {}) for x in results.get("dimensions", [])]
    items += [x.get("results", {}) for x in results.get("questions", [])]
    return {g for item in items for g, cell in item.items() if cell.get("suppressed")}
