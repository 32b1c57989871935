"""Demo data of the respondent features: round titles in both languages and paper forms
typed in. (Reopening is shown by answering through a demo link, submitting, and choosing
"Change my answers": the demo's counts of submitted and draft responses stay as printed.)"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select, update

from selfassess.extensions import db
from selfassess.models import Response, ResponseSource, ResponseState, Round
from selfassess.services.rounds import update_settings

TITLES = {
    "en": "Demo 2026: human rights and gender",
    "mn": "Жишээ 2026: хүний эрх ба жендэр",
}
#: Simulated responses shown as paper forms typed in (numbers 1 to this).
PAPER_FORMS = 8


def load(round_: Round) -> Iterator[str]:
    update_settings(round_.slug, titles=TITLES)
    submitted = list(
        db.session.scalars(
            select(Response)
            .where(Response.round_id == round_.id, Response.state == ResponseState.SUBMITTED)
            .order_by(Response.id)
            .limit(PAPER_FORMS)
        )
    )
    # The first ones came on paper (the statistics stay those of the simulation).
    for number, response in enumerate(submitted[:PAPER_FORMS], start=1):
        db.session.execute(
            update(Response)
            .where(Response.id == response.id)
            .values(source=ResponseSource.PAPER, paper_number=number)
        )
    db.session.flush()
    yield f"round titles in en and mn; {PAPER_FORMS} of the responses came on paper forms"
