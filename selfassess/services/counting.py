"""What counts in the results while a submitted response is reopened (scoring.md).

Reopening a response to change it must never take it out of the results: an MP who is
interrupted, or whose round closes meanwhile, still counts with what they submitted.
At reopening the submitted answers are copied to ``counted_answers`` (and the profile to
``counted_profile``); the results read those until the response is submitted again,
when the copy is dropped and the new answers count.
"""

from __future__ import annotations

from sqlalchemy import delete, insert, select

from selfassess.extensions import db
from selfassess.models import Answer, CountedAnswer, Response


def keep_submitted(response: Response) -> None:
    """Copy the response's answers as they were submitted; call as it is reopened."""
    db.session.execute(delete(CountedAnswer).where(CountedAnswer.response_id == response.id))
    db.session.execute(
        insert(CountedAnswer).from_select(
            ["response_id", "question", "value", "numeric", "comment"],
            select(
                Answer.response_id, Answer.question, Answer.value, Answer.numeric, Answer.comment
            ).where(Answer.response_id == response.id),
        )
    )


def drop_kept(response: Response) -> None:
    """Forget the copy; call as the response is submitted again."""
    db.session.execute(delete(CountedAnswer).where(CountedAnswer.response_id == response.id))
