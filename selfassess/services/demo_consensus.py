"""Demo data of the facilitated panel: a held session with attendance, agreed grades with
evidence for most criteria, a planned follow-up session, a facilitator account.

Called once from :func:`selfassess.services.demo.load_demo`, inside its unit of work;
yields the facilitator's sign-in line, printed with the other demo accounts.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import numpy as np

from selfassess.extensions import db
from selfassess.instrument.answers import format_point
from selfassess.models import Round
from selfassess.scoring.consensus import panel_questions
from selfassess.services import panel
from selfassess.services.accounts import create_account, find_account
from selfassess.services.consensus import GradeInput, record_grade

FACILITATOR = "facilitator@demo.local"
SEED = 13
#: Every this-many-th criterion is left for the second session (as are administration's).
LEFT_FOR_LATER = 8
#: How far the panel sits from what individuals answer: a little more critical.
LEVEL = {
    "representation": 0.38,
    "legal-framework": 0.66,
    "mainstreaming": 0.34,
    "culture": 0.40,
    "hr-norms": 0.58,
    "hr-scrutiny": 0.44,
    "oversight": 0.52,
    "administration": 0.50,
}
EVIDENCE = {
    "representation": "Seat and post counts from the Secretariat's 2025 register; "
    "committee membership lists.",
    "legal-framework": "Law on Promotion of Gender Equality (2011) and its 2024 review; "
    "Law on Combating Domestic Violence.",
    "mainstreaming": "Budget statements 2024–2025 reviewed: no sex-disaggregated annex.",
    "culture": "Code of conduct (2023); the Secretariat's complaints log, anonymised.",
    "hr-norms": "Standing orders, art. 12; list of ratified treaties (UN Treaty Collection).",
    "hr-scrutiny": "Хүний эрхийн үндэсний комиссын 2024 оны илтгэлийг хэлэлцсэн тэмдэглэл.",
    "oversight": "Committee hearing minutes 2024; written questions register.",
    "administration": "HR policy of the Secretariat; staff survey 2024 (summary).",
}
NOTES = (
    "",
    "",
    "Agreed after discussion of the register figures.",
    "The staff members present rated this lower than the Members.",
    "Хоёр гишүүн илүү өндөр үнэлгээ санал болгосон.",
)
DISSENT = "Two participants held that the rule exists but is not applied in practice."
ATTENDANCE = {"mp": {"female": 5, "male": 7}, "staff": {"female": 6, "male": 3}}
RECOMMENDATIONS = {
    "rep-committee-balance": {
        "en": "Adopt a rule that no committee leadership is all of one sex.",
        "mn": "Байнгын хорооны удирдлага нэг хүйсээс бүрдэхгүй байх журам батлах.",
    },
    "mainstreaming-budget": {
        "en": "Require a sex-disaggregated annex to the annual budget statement.",
        "mn": "Жилийн төсвийн мэдэгдэлд хүйсээр ангилсан хавсралт шаардах.",
    },
}


def load(round_: Round, password: str) -> Iterator[str]:
    """The panel of the demo round; yields the facilitator's sign-in line."""
    facilitator = find_account(FACILITATOR) or create_account(
        FACILITATOR, "facilitator", password, name="Demo facilitator"
    )
    panel.assign(round_, facilitator)
    definition = round_.version.load()
    dimensions = [d.key for d in definition.dimensions]
    held = panel.create_session(
        round_,
        panel.SessionInput(
            held_on=date(2026, 3, 12),
            place="State Palace, Committee Room 2 / Төрийн ордон, 2-р танхим",
            facilitators="B. Saraa, D. Bold",
            status="held",
            attendance=ATTENDANCE,
            attendee_names="",
            dimensions=[key for key in dimensions if key != "administration"],
        ),
    )
    panel.create_session(
        round_,
        panel.SessionInput(
            place="State Palace, Committee Room 2",
            facilitators="B. Saraa",
            dimensions=["administration"],
        ),
    )
    rng = np.random.default_rng(SEED)
    for i, question in enumerate(panel_questions(definition)):
        top = definition.top_dimension_of(question).key
        if top == "administration" or i % LEFT_FOR_LATER == LEFT_FOR_LATER - 1:
            continue
        scale = definition.scale_of(question)
        points = [format_point(p.value) for p in scale.points]
        level = LEVEL.get(top, 0.5)
        if question.reverse:
            level = 1 - level
        position = int(
            np.clip(round(rng.normal(level * (len(points) - 1), 0.8)), 0, len(points) - 1)
        )
        record_grade(
            round_,
            question.key,
            GradeInput(
                grade=points[position] if rng.random() > 0.04 else scale.missing_codes[-1],
                evidence=EVIDENCE.get(top, ""),
                notes=NOTES[i % len(NOTES)],
                dissent=DISSENT if i % 9 == 4 else "",
                links="https://www.parliament.mn/" if i % 7 == 0 else "",
            ),
            based_on=0,
            actor=facilitator,
            session=held,
        )
    for key, texts in RECOMMENDATIONS.items():
        if key in {q.key for q in panel_questions(definition)}:
            panel.add_draft(round_, key, texts, actor=facilitator, session=held)
    first = next(iter(panel_questions(definition)), None)
    if first is not None:
        panel.add_document(
            round_,
            first.key,
            "seat-register-2025.csv",
            "body,women,men\nState Great Khural,32,94\nЗасгийн газар,3,13\n".encode(),
            actor=facilitator,
        )
    db.session.flush()
    yield f"    {FACILITATOR}   password: {password}   (facilitator of {round_.slug})"
