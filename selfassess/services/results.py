"""A round's results: submitted responses from the database into the pure scoring core.

The command line, the dashboard and the workbook all call :func:`round_results`, so
they publish the same numbers with the same suppression.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

import pandas as pd
from sqlalchemy import func, select

from selfassess import __version__
from selfassess.exports import build_workbook
from selfassess.extensions import db
from selfassess.instrument.model import Definition
from selfassess.models import Answer, Invitation, Response, ResponseState, Round
from selfassess.scoring import Results, compute_results
from selfassess.scoring.participation import participation
from selfassess.services import audit


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

    @cached_property
    def as_dict(self) -> dict[str, Any]:
        """The JSON document of scoring.md."""
        return self.results.to_dict(round_slug=self.round.slug, draft_count=self.draft_count)

    @property
    def comments(self) -> pd.DataFrame:
        return self.results.comments

    @cached_property
    def data(self) -> pd.DataFrame:
        """One row per submitted response: ``response_id``, ``role``, profile keys,
        then one column per question key (raw answer values as strings)."""
        keys = [q.key for q in self.definition.iter_questions()]
        wide = self.answers.pivot(index="response_id", columns="question", values="value")
        wide = wide.reindex(columns=keys)
        return self.respondents.join(wide, on="response_id")


def submitted_frames(round_: Round, definition: Definition) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The submitted responses of ``round_`` as the scoring core's two DataFrames."""
    rows = db.session.execute(
        select(Response.id, Response.role, Response.profile).where(
            Response.round_id == round_.id, Response.state == ResponseState.SUBMITTED
        )
    ).all()
    fields = [p.key for p in definition.profile]
    respondents = pd.DataFrame(
        [(rid, role, *((profile or {}).get(f) for f in fields)) for rid, role, profile in rows],
        columns=["response_id", "role", *fields],
    )
    answer_rows = db.session.execute(
        select(Answer.response_id, Answer.question, Answer.value, Answer.comment)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.round_id == round_.id, Response.state == ResponseState.SUBMITTED)
    ).all()
    answers = pd.DataFrame(answer_rows, columns=["response_id", "question", "value", "comment"])
    return respondents, answers


def round_results(round_: Round) -> RoundResults:
    definition = round_.version.load()
    respondents, answers = submitted_frames(round_, definition)
    drafts = db.session.scalar(
        select(func.count(Response.id)).where(
            Response.round_id == round_.id, Response.state == ResponseState.DRAFT
        )
    )
    results = compute_results(
        definition, respondents, answers, min_group_size=round_.min_group_size
    )
    return RoundResults(round_, definition, results, respondents, answers, int(drafts or 0))


def workbook_bytes(round_: Round, lang: str = "en") -> bytes:
    """The consultant's workbook; the export is recorded in the audit log."""
    outcome = round_results(round_)
    content = build_workbook(
        outcome.definition,
        outcome.as_dict,
        data=outcome.data,
        comments=outcome.comments,
        lang=lang,
        generated_at=datetime.now(UTC),
        software_version=__version__,
        round_title=round_.title,
        protected=outcome.results.protected,
        intervals=outcome.results.intervals(),
        participation=participation(outcome.definition, outcome.respondents, _invited(round_)),
    )
    audit.record("results.export", round_.slug, format="xlsx", lang=lang)
    db.session.commit()
    return content


def _invited(round_: Round) -> dict[str, int]:
    """Invitations of ``round_`` per role."""
    rows = db.session.execute(
        select(Invitation.role, func.count(Invitation.id))
        .where(Invitation.round_id == round_.id)
        .group_by(Invitation.role)
    ).all()
    return {role: int(count) for role, count in rows}
