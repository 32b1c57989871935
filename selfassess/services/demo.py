"""Demo data: the bundled questionnaires, a demo round, accounts and simulated responses.

``selfassess demo`` (and ``make run`` on an empty database) gives a newcomer a platform
that looks in use: an open round of the full questionnaire with a few hundred submitted
responses from Members and staff, a few drafts, invitations, and two staff accounts.
The answers are simulated with a seeded generator and follow patterns a consultant would
look for: staff rate the workplace and administration lower than Members do, women rate
the harassment items lower than men, a small party group (3 respondents) and a small
department fall under k and are suppressed.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import import_module
from pathlib import Path
from typing import Any

import numpy as np
from flask import current_app
from sqlalchemy import func, insert, select, update

from selfassess import instrument
from selfassess.extensions import db
from selfassess.instrument.answers import MULTI_SEPARATOR, check_answer
from selfassess.instrument.model import Definition, Question
from selfassess.models import (
    Answer,
    Instrument,
    Invitation,
    InvitationState,
    Response,
    ResponseSource,
    ResponseState,
    Round,
)
from selfassess.services import audit, demo_consensus, demo_mail, demo_respondents
from selfassess.services.accounts import create_account, find_account
from selfassess.services.demo_register import load_demo_register
from selfassess.services.errors import InvalidInput
from selfassess.services.instruments import load_definition
from selfassess.services.invitations import create_invitations, format_code, invitation_url
from selfassess.services.rounds import create_round, open_round

ROUND = "demo-2026"
QUESTIONNAIRE = "parliament-hr-gender"
ACCOUNTS = (("admin@demo.local", "admin"), ("consultant@demo.local", "consultant"))
SEED = 2026
#: Submitted respondents per (role, group): party groups of Members, departments of staff.
MEMBERS = {"mpp": 56, "dp": 34, "hun": 7, "coalition": 4, "cwgp": 3}
STAFF = {
    "legal-affairs": 38,
    "research-library": 28,
    "committee-secretariat": 52,
    "budget": 24,
    "hr-administration": 30,
    "communications": 21,
    "other": 3,
}
#: Seats and staff invited: the rest of them have not answered (yet).
INVITED = {"mp": 126, "staff": 240}
SHARE_WOMEN = {"mp": 0.26, "staff": 0.58}
DRAFTS = 12
ROLE_NAMES = {"mp": "Member", "staff": "Staff member"}
#: Pending invitations printed for trying the respondent side.
LINKS_SHOWN = 3

#: Average level (0-1) of each top-level dimension, and how much lower staff rate it.
LEVEL = {
    "representation": 0.42,
    "legal-framework": 0.62,
    "mainstreaming": 0.40,
    "culture": 0.52,
    "hr-norms": 0.55,
    "hr-scrutiny": 0.50,
    "oversight": 0.58,
    "administration": 0.55,
}
STAFF_LOWER = {"culture": 0.16, "administration": 0.14, "mainstreaming": 0.08}
#: Items on harassment and respect that women rate lower.
HARASSMENT = {
    "cult-harassment-policy",
    "cult-complaints",
    "cult-sexist-remarks",
    "cult-online-abuse",
    "cult-respect",
}
WOMEN_LOWER = 0.18

COMMENTS = (
    "Training on gender-sensitive budgeting was offered once, but few Members attended.",
    "The complaints procedure exists on paper; staff do not trust that it is confidential.",
    "Committee chairs are almost all men, which shapes what gets on the agenda.",
    "We receive the human rights commission's report but rarely debate it in plenary.",
    "Sex-disaggregated data are hard to obtain from ministries.",
    "Evening sittings make it difficult for parents, women especially, to take part.",
    "The legal department checks bills against the Constitution, not against treaties.",
    "Хүйсээр ангилсан мэдээлэл яамдаас авахад хэцүү байдаг.",
    "Байнгын хорооны дарга нар бараг бүгд эрэгтэй.",
    "Civil society groups are heard in committee only when a Member invites them.",
    "The new online abuse guidance helped, but reporting is still low.",
    "Orientation for new Members should include the UPR recommendations.",
)
CHANGES = (
    "A confidential, independent harassment complaints mechanism.",
    "Gender impact assessment of every bill.",
    "More women as committee chairs.",
    "Regular hearings with the human rights commission.",
    "Childcare during sittings.",
    "Хүний эрхийн сургалтыг тогтмол зохион байгуулах.",
)


def database_is_empty() -> bool:
    return not db.session.scalar(select(func.count(Instrument.id)))


def load_bundled(folder: str | Path) -> Iterator[str]:
    """Load every questionnaire file of ``folder``; yields one line per file."""
    files = sorted(p for p in Path(folder).glob("*") if p.suffix in (".yaml", ".yml", ".xlsx"))
    for path in files:
        definition, issues = instrument.load(path)
        if definition is None:
            raise InvalidInput(f"{path.name} is not valid", [str(i) for i in issues])
        outcome = load_definition(definition, source_name=path.name)
        word = "loaded" if outcome.created else "unchanged"
        yield f"{word} {definition.key} v{definition.version}"


def load_demo(folder: str | Path, *, password: str | None = None) -> Iterator[str]:
    """Everything of the demo; yields what a newcomer needs to read, line by line.

    ``password`` of the demo accounts: random when None (printed once).
    """
    yield from load_bundled(folder)
    if db.session.scalar(select(Round.id).filter_by(slug=ROUND)) is not None:
        yield f"the demo round {ROUND} already exists: nothing more to do"
        return
    round_ = create_round(ROUND, QUESTIONNAIRE, title="Demo 2026: human rights and gender")
    open_round(ROUND)
    simulated = simulate(round_.version.load(), np.random.default_rng(SEED))
    links = _invite(round_, simulated)
    _insert_responses(round_, simulated)
    yield from demo_respondents.load(round_)
    yield from import_module("selfassess.services.demo_compare").load_baseline()
    yield f"created the open round {ROUND} with {simulated.submitted} submitted responses and {DRAFTS} drafts"
    password = password or secrets.token_urlsafe(12)
    for email, role in ACCOUNTS:
        if find_account(email) is None:
            create_account(email, role, password, name=f"Demo {role}")
            yield f"created the {role} account {email}"
    yield from demo_mail.load(round_)
    yield from import_module("selfassess.services.demo_themes").load(round_)
    yield ""
    yield f"Sign in at {current_app.config['BASE_URL']}/auth/login with"
    for email, _role in ACCOUNTS:
        yield f"    {email}   password: {password}"
    yield from demo_consensus.load(round_, password)
    yield "Respondent links of the demo round (each resumes its own draft until it is submitted):"
    for url, code in links:
        yield f"    {url}   (or access code {code})"
    yield from load_demo_register(password)


@dataclass
class Simulated:
    """Respondents and their answers, ready for bulk inserts."""

    #: One per respondent: role, profile, state, dates.
    responses: list[dict[str, Any]]
    #: One list of answer rows (question, value, numeric, comment) per respondent.
    answers: list[list[dict[str, Any]]]

    @property
    def submitted(self) -> int:
        return sum(r["state"] is ResponseState.SUBMITTED for r in self.responses)


def simulate(definition: Definition, rng: np.random.Generator) -> Simulated:
    """Respondents in the proportions above, with answers following the demo's patterns."""
    people = [("mp", "faction", group, n) for group, n in MEMBERS.items()]
    people += [("staff", "department", group, n) for group, n in STAFF.items()]
    # The drafts come on top, in the two largest groups (so no small group changes).
    people += [("mp", "faction", "mpp", -(DRAFTS // 2))]
    people += [("staff", "department", "committee-secretariat", -(DRAFTS - DRAFTS // 2))]
    responses: list[dict[str, Any]] = []
    answers: list[list[dict[str, Any]]] = []
    now = datetime.now(UTC).replace(microsecond=0)
    for role, field, group, count in people:
        state = ResponseState.SUBMITTED if count > 0 else ResponseState.DRAFT
        for _ in range(abs(count)):
            sex = _sex(role, rng)
            started = now - timedelta(days=float(rng.uniform(1, 20)))
            finished = started + timedelta(minutes=float(rng.uniform(12, 50)))
            responses.append(
                {
                    "role": role,
                    "profile": {"sex": sex, field: group},
                    "state": state,
                    "started_at": started,
                    "updated_at": finished,
                    "submitted_at": finished if state is ResponseState.SUBMITTED else None,
                    "consented_at": started.replace(hour=0, minute=0, second=0),
                }
            )
            rows = _answers(definition, role, sex, rng)
            answers.append(rows if state is ResponseState.SUBMITTED else rows[: len(rows) // 3])
    return Simulated(responses, answers)


def _sex(role: str, rng: np.random.Generator) -> str:
    draw = rng.random()
    if draw < 0.02:
        return "undisclosed"
    return "female" if draw < 0.02 + SHARE_WOMEN[role] else "male"


def _answers(
    definition: Definition, role: str, sex: str, rng: np.random.Generator
) -> list[dict[str, Any]]:
    leaning = rng.normal(0, 0.1)
    rows = []
    for question in definition.iter_questions():
        if not question.applies_to(role):
            continue
        # Stored as every entry path stores it (instrument/answers.py).
        raw = _raw_answer(definition, question, role, sex, leaning, rng)
        stored = check_answer(definition, question, raw)
        value, numeric = stored.value, stored.number
        comment = None
        if question.comment and rng.random() < 0.12:
            comment = str(rng.choice(COMMENTS))
        if value or comment:
            rows.append(
                {"question": question.key, "value": value, "numeric": numeric, "comment": comment}
            )
    return rows


def _raw_answer(
    definition: Definition,
    question: Question,
    role: str,
    sex: str,
    leaning: float,
    rng: np.random.Generator,
) -> str:
    """A drawn raw answer; ``""`` for a question left blank."""
    if not question.required and rng.random() < 0.03:
        return ""
    if question.type == "scale":
        scale = definition.scale_of(question)
        draw = rng.random()
        if "dk" in scale.missing_codes and draw < 0.05:
            return "dk"
        if "na" in scale.missing_codes and draw < 0.07:
            return "na"
        top = definition.top_dimension_of(question).key
        level = LEVEL.get(top, 0.5) + leaning + rng.normal(0, 0.17)
        level -= STAFF_LOWER.get(top, 0.0) if role == "staff" else 0.0
        level -= WOMEN_LOWER if sex == "female" and question.key in HARASSMENT else 0.0
        level = 1 - level if question.reverse else level
        values = sorted(p.value for p in scale.points)
        point = values[int(np.clip(round(level * (len(values) - 1)), 0, len(values) - 1))]
        return str(point)
    if question.type == "choice":
        return str(rng.choice([o.code for o in question.options]))
    if question.type == "multi":
        chosen = [o.code for o in question.options if rng.random() < 0.4]
        return MULTI_SEPARATOR.join(chosen)
    if question.type == "number":
        hours = int(rng.gamma(2.0, 6.0))
        return str(hours)
    return str(rng.choice(CHANGES)) if rng.random() < 0.3 else ""


def _invite(round_: Round, simulated: Simulated) -> list[tuple[str, str]]:
    """Invitations for every seat and staff member, in the states the simulation left them.

    Returns a few links and codes of invitations nobody used, to try the respondent side.
    """
    people = [
        {"label": f"{ROLE_NAMES[role]} {i + 1}", "role": role, "profile": {}}
        for role, count in INVITED.items()
        for i in range(count)
    ]
    issued = create_invitations(round_, people)
    ids = db.session.scalars(
        select(Invitation.id).filter_by(round_id=round_.id).order_by(Invitation.id)
    ).all()
    answered = {
        role: [r["state"] for r in simulated.responses if r["role"] == role] for role in INVITED
    }
    used: dict[InvitationState, list[int]] = {
        InvitationState.SUBMITTED: [],
        InvitationState.STARTED: [],
    }
    unused = []
    seen: Counter[str] = Counter()
    for item, invitation_id in zip(issued, ids, strict=True):
        position = seen[item.role]
        seen[item.role] += 1
        if position < len(answered[item.role]):
            done = answered[item.role][position] is ResponseState.SUBMITTED
            used[InvitationState.SUBMITTED if done else InvitationState.STARTED].append(
                invitation_id
            )
        else:
            unused.append(item)
    for state, chosen in used.items():
        db.session.execute(update(Invitation).where(Invitation.id.in_(chosen)).values(state=state))
    db.session.flush()
    return [(invitation_url(item.token), format_code(item.code)) for item in unused[:LINKS_SHOWN]]


def _insert_responses(round_: Round, simulated: Simulated) -> None:
    """Two bulk inserts: the responses, then every answer."""
    rows = [
        {**response, "round_id": round_.id, "source": ResponseSource.WEB}
        for response in simulated.responses
    ]
    ids = db.session.scalars(
        insert(Response).returning(Response.id, sort_by_parameter_order=True), rows
    ).all()
    answers = [
        {**answer, "response_id": response_id, "updated_at": response["updated_at"]}
        for response_id, response, response_answers in zip(
            ids, rows, simulated.answers, strict=True
        )
        for answer in response_answers
    ]
    db.session.execute(insert(Answer), answers)
    audit.record("demo.responses", round_.slug, submitted=simulated.submitted, drafts=DRAFTS)
    db.session.flush()
