"""A round's results: submitted responses from the database into the pure scoring core.

The command line, the dashboard and the workbook all call :func:`round_results`, so
they publish the same numbers with the same suppression.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, func, select

from selfassess import __version__
from selfassess.extensions import db
from selfassess.instrument.model import Definition
from selfassess.models import (
    Answer,
    CountedAnswer,
    Invitation,
    Response,
    ResponseSource,
    ResponseState,
    Round,
)
from selfassess.scoring import Results, compute_results
from selfassess.scoring.participation import by_profile, participation
from selfassess.services import audit, consensus, revisions, themes
from selfassess.services.results_view import CachedResults, view_of

if TYPE_CHECKING:
    import pandas as pd

    from selfassess.scoring import Results

# pandas, the scoring core and the workbook are imported where they are used: the
# command line and the web app start without them (issue 16).


@dataclass(frozen=True, eq=False)
class RoundResults:
    round: Round
    definition: Definition
    results: Results
    #: Columns ``response_id``, ``role`` and one per profile field key.
    respondents: pd.DataFrame
    #: Columns ``response_id``, ``question``, ``value``, ``comment``.
    answers: pd.DataFrame
    draft_count: int
    #: Submitted responses typed in from paper forms.
    paper_count: int = 0

    @cached_property
    def as_dict(self) -> dict[str, Any]:
        """The JSON document of scoring.md, with consensus.md's ``consensus`` block;
        ``responses`` says how many came on paper when any did."""
        document = self.results.to_dict(round_slug=self.round.slug, draft_count=self.draft_count)
        if self.paper_count:
            document["responses"]["paper"] = self.paper_count
        if (block := consensus.consensus_block(self.round)) is not None:
            document["consensus"] = block
        return document

    @property
    def comments(self) -> pd.DataFrame:
        return self.results.comments


def data_frame(
    definition: Definition, respondents: pd.DataFrame, answers: pd.DataFrame
) -> pd.DataFrame:
    """One row per submitted response: ``response_id``, ``role``, profile keys, then one
    column per question key (raw answer values as strings)."""
    keys = [q.key for q in definition.iter_questions()]
    wide = answers.pivot(index="response_id", columns="question", values="value")
    return respondents.join(wide.reindex(columns=keys), on="response_id")


@dataclass(frozen=True, eq=False)
class Counted:
    """A round's counted responses (:func:`submitted_frames`) as read at one revision."""

    #: None: read without a check (see :func:`_counted_results`).
    revision: int | None
    respondents: pd.DataFrame
    answers: pd.DataFrame


def counted(round_: Round, definition: Definition) -> Counted | None:
    """The counted responses of ``round_``, read between two reads of its results
    revision; ``None`` when the revision moved meanwhile. Every change to what a round
    counts bumps the revision in its own transaction, so an unmoved revision says that the
    frames are the responses it stands for, on either database."""
    before = revisions.current(round_.id)
    respondents, answers = submitted_frames(round_, definition)
    if revisions.current(round_.id) != before:
        return None
    return Counted(before, respondents, answers)


def submitted_frames(round_: Round, definition: Definition) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The responses of ``round_`` that count, as the scoring core's two DataFrames:
    submitted ones with their answers, reopened ones with what they last submitted."""
    import numpy as np
    import pandas as pd

    submitted = (Response.round_id == round_.id, Response.state == ResponseState.SUBMITTED)
    reopened = (Response.round_id == round_.id, Response.reopened.is_(True))
    fields = [p.key for p in definition.profile]
    with _collector_paused():
        rows = _driver_rows(
            select(Response.id, Response.role, Response.profile).where(*submitted),
            select(Response.id, Response.role, Response.counted_profile).where(*reopened),
        )
        profiles = [_profile(profile) or {} for _, _, profile in rows]
        respondents = pd.DataFrame(
            {
                "response_id": np.array([row[0] for row in rows], dtype=np.int64),
                "role": pd.Series([row[1] for row in rows], dtype=object),
                **{f: pd.Series([p.get(f) for p in profiles], dtype=object) for f in fields},
            }
        ).sort_values("response_id", ignore_index=True)
        tables = ((Answer, submitted), (CountedAnswer, reopened))
        answers = _columns(
            _driver_rows(
                *(
                    select(table.response_id, table.question, table.value)
                    .join(Response, Response.id == table.response_id)
                    .where(*where)
                    for table, where in tables
                )
            ),
            ["response_id", "question", "value"],
        )
        # Few answers carry a comment: read apart, not as a column of Nones.
        commented = _driver_rows(
            *(
                select(table.response_id, table.question, table.comment)
                .join(Response, Response.id == table.response_id)
                .where(*where, table.comment.is_not(None))
                for table, where in tables
            )
        )
        answers["comment"] = _comment_column(answers, commented)
    return respondents, answers


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a round is read: the read makes hundreds of
    thousands of tuples that hold no cycle, and the collector would walk them (and
    everything else alive) again and again: a fifth of the whole command (issue 16)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _comment_column(answers: pd.DataFrame, commented: list[tuple[Any, ...]]) -> pd.Series:
    """Each answer's comment (None for none), from the rows (response, question, comment)
    of the commented answers; only the rows of responses with a comment are looked at."""
    import numpy as np
    import pandas as pd

    comments = np.full(len(answers), None, dtype=object)
    if commented:
        ids = answers["response_id"].to_numpy()
        candidates = np.flatnonzero(np.isin(ids, [row[0] for row in commented]))
        questions = answers["question"].to_numpy()
        position = {(int(ids[i]), questions[i]): i for i in candidates.tolist()}
        for response_id, question, comment in commented:
            comments[position[response_id, question]] = comment
    return pd.Series(comments, dtype=object, index=answers.index)


def _columns(rows: list[tuple[Any, ...]], names: list[str]) -> pd.DataFrame:
    """The driver's rows as a frame of columns: ids as integers, texts as Python strings
    (object columns, as the scoring core factorizes them; no per-row frame machinery)."""
    import numpy as np
    import pandas as pd

    columns = list(zip(*rows, strict=True)) if rows else [()] * len(names)
    return pd.DataFrame(
        {
            name: np.array(values, dtype=np.int64)
            if name == names[0]
            else pd.Series(np.array(values, dtype=object), dtype=object)
            for name, values in zip(names, columns, strict=True)
        }
    )


def _driver_rows(*statements: Select[Any]) -> list[tuple[Any, ...]]:
    """The statements' rows as the driver's own tuples: a round holds hundreds of
    thousands of answers, and a SQLAlchemy ``Row`` per answer cost ten times the
    reading itself (issue 16). Only plain columns are read this way; JSON comes back
    as text on SQLite and is decoded by the caller."""
    connection = db.session.connection()
    rows: list[tuple[Any, ...]] = []
    for statement in statements:
        result = connection.execute(statement)
        rows.extend(result.cursor.fetchall())
        result.close()
    return rows


def _profile(raw: Any) -> dict[str, Any] | None:
    """A profile column as the driver gives it: a dict (psycopg decodes JSONB) or JSON text."""
    return json.loads(raw) if isinstance(raw, str | bytes) else raw


def _participation(round_: Round) -> tuple[int, int]:
    """Drafts (never submitted; a reopened response is not one) and paper responses."""
    counts = dict(
        db.session.execute(
            select(Response.source, func.count(Response.id))
            .where(Response.round_id == round_.id)
            .where((Response.state == ResponseState.SUBMITTED) | Response.reopened.is_(True))
            .group_by(Response.source)
        ).all()
    )
    drafts = db.session.scalar(
        select(func.count(Response.id)).where(
            Response.round_id == round_.id,
            Response.state == ResponseState.DRAFT,
            Response.reopened.is_(False),
        )
    )
    return int(drafts or 0), int(counts.get(ResponseSource.PAPER, 0))


def draft_count(round_: Round) -> int:
    return _participation(round_)[0]


def round_results(round_: Round, read: Counted | None = None) -> RoundResults:
    """The results of ``round_``, from its counted responses as ``read`` already (else
    read now)."""
    definition = round_.version.load()
    if read is not None:
        respondents, answers = read.respondents, read.answers
    else:
        respondents, answers = submitted_frames(round_, definition)
    drafts, paper = _participation(round_)
    results = compute_results(
        definition, respondents, answers, min_group_size=round_.min_group_size
    )
    return RoundResults(round_, definition, results, respondents, answers, drafts, paper)


def workbook_bytes(round_: Round, lang: str = "en", earlier: Round | None = None) -> bytes:
    """The consultant's workbook, with a Comparison sheet when ``earlier`` is given; the
    export is recorded in the audit log.

    Its numbers are the results cache's, as the dashboard and the report show them; its
    Data sheet holds the responses they count (:func:`_counted_results`)."""
    from selfassess.exports import build_workbook

    definition = round_.version.load()
    numbers, read, comparison = _counted_results(round_, definition, earlier)
    content = build_workbook(
        definition,
        numbers.document,
        data=data_frame(definition, read.respondents, read.answers),
        comments=themes.with_themes(round_, numbers.comments, lang),
        lang=lang,
        generated_at=datetime.now(UTC),
        software_version=__version__,
        round_title=round_.title_in(lang),
        consensus_grades=consensus.worksheet_grades(round_),
        comparison=comparison,
        protected=numbers.protected,
        intervals=numbers.intervals,
        participation=participation(definition, numbers.respondents, _invited(round_)),
        profile_participation=by_profile(
            definition, numbers.respondents, invited_profiles(round_), round_.min_group_size
        ),
    )
    audit.record("results.export", round_.slug, format="xlsx", lang=lang)
    db.session.flush()
    return content


#: Reads of a round that may meet a change in the middle before the workbook computes
#: its numbers from one read of its own.
READ_ATTEMPTS = 3


def _counted_results(
    round_: Round, definition: Definition, earlier: Round | None
) -> tuple[CachedResults, Counted, dict[str, Any] | None]:
    """The cached results of ``round_``, the responses they count and the cached
    comparison with ``earlier``, all at one revision: the responses are read between two
    reads of the revision, and the cache is taken only at that revision (computed from
    that read when stale). A round that changes on every attempt gets its numbers
    computed from one read, as every export did before the cache."""
    from selfassess.services.compare import cached_comparison, compare_rounds

    for _ in range(READ_ATTEMPTS):
        read = counted(round_, definition)
        if read is None:
            continue
        cached = revisions.cached_results(round_, read)
        comparison = cached_comparison(earlier, round_).document if earlier else None
        if cached.revision == read.revision == revisions.current(round_.id):
            return cached, read, comparison
    outcome = round_results(round_)
    # Through JSON as the cache's are, so both paths hand the workbook the same types.
    document, view = (json.loads(json.dumps(x)) for x in (outcome.as_dict, view_of(outcome)))
    computed = CachedResults(round_, definition, None, document, view)
    compared = compare_rounds(earlier, round_, results_b=outcome) if earlier else None
    read = Counted(None, outcome.respondents, outcome.answers)
    return computed, read, compared.document if compared else None


def _invited(round_: Round) -> dict[str, int]:
    """Invitations of ``round_`` per role."""
    rows = db.session.execute(
        select(Invitation.role, func.count(Invitation.id))
        .where(Invitation.round_id == round_.id)
        .group_by(Invitation.role)
    ).all()
    return {role: int(count) for role, count in rows}


def invited_profiles(round_: Round) -> pd.DataFrame:
    """One row per invitation of ``round_``, a column per profile value it sets."""
    import pandas as pd

    profiles = db.session.scalars(
        select(Invitation.profile).where(Invitation.round_id == round_.id)
    ).all()
    return pd.DataFrame([dict(p or {}) for p in profiles], index=range(len(profiles)))
