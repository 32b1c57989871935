"""The panel around the grades: who facilitates which round, its sessions, the documents
of its evidence and its draft recommendations. Services flush; the edge commits."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from selfassess.extensions import db
from selfassess.imports.grades import MAX_TEXT, normalise_text
from selfassess.instrument.model import Definition
from selfassess.models import (
    Account,
    AccountRole,
    DraftRecommendation,
    EvidenceDocument,
    FacilitatorAssignment,
    PanelSession,
    Round,
    SessionStatus,
)
from selfassess.services import audit
from selfassess.services.consensus import panel_question
from selfassess.services.errors import Conflict, InvalidInput, NotFound

#: The largest evidence document kept, in bytes (documents live in the database).
MAX_DOCUMENT = 5 * 1024 * 1024
#: The sexes attendance is counted by (the report's record of who took part).
SEXES = ("female", "male")
MAX_ATTENDANCE = 10_000


# -- who may record in which round ------------------------------------------------------


def may_record(account: Account, round_: Round) -> bool:
    """Consultants and admins work on every round; a facilitator on its assigned ones."""
    if account.role in (AccountRole.ADMIN, AccountRole.CONSULTANT):
        return True
    return account.role is AccountRole.FACILITATOR and _assignment(account, round_) is not None


def rounds_of(account: Account) -> list[Round]:
    """The rounds ``account`` may work on, newest first."""
    query = select(Round).order_by(Round.created_at.desc(), Round.id.desc())
    if account.role is AccountRole.FACILITATOR:
        query = query.join(FacilitatorAssignment, FacilitatorAssignment.round_id == Round.id).where(
            FacilitatorAssignment.account_id == account.id
        )
    return list(db.session.scalars(query))


def facilitators_of(round_: Round) -> list[Account]:
    return list(
        db.session.scalars(
            select(Account)
            .join(FacilitatorAssignment, FacilitatorAssignment.account_id == Account.id)
            .where(FacilitatorAssignment.round_id == round_.id)
            .order_by(Account.email)
        )
    )


def assign(round_: Round, account: Account) -> bool:
    """Let facilitator ``account`` record in ``round_``; False if it already may."""
    if account.role is not AccountRole.FACILITATOR:
        raise InvalidInput(f"{account.email} is not a facilitator account")
    if _assignment(account, round_) is not None:
        return False
    db.session.add(FacilitatorAssignment(round_id=round_.id, account_id=account.id))
    audit.record("panel.assign", round_.slug, facilitator=account.email)
    db.session.flush()
    return True


def unassign(round_: Round, account: Account) -> bool:
    assignment = _assignment(account, round_)
    if assignment is None:
        return False
    db.session.delete(assignment)
    audit.record("panel.unassign", round_.slug, facilitator=account.email)
    db.session.flush()
    return True


def _assignment(account: Account, round_: Round) -> FacilitatorAssignment | None:
    return db.session.scalar(
        select(FacilitatorAssignment).filter_by(round_id=round_.id, account_id=account.id)
    )


# -- sessions ---------------------------------------------------------------------------


@dataclass
class SessionInput:
    held_on: date | None = None
    place: str = ""
    facilitators: str = ""
    status: str = "planned"
    #: Role key -> sex -> count.
    attendance: dict[str, dict[str, int]] = field(default_factory=dict)
    attendee_names: str = ""
    dimensions: list[str] = field(default_factory=list)


def sessions_of(round_: Round) -> list[PanelSession]:
    return list(
        db.session.scalars(
            select(PanelSession).filter_by(round_id=round_.id).order_by(PanelSession.number)
        )
    )


def get_session(round_: Round, number: int) -> PanelSession:
    session = db.session.scalar(select(PanelSession).filter_by(round_id=round_.id, number=number))
    if session is None:
        raise NotFound(f"no panel session {number} in round {round_.slug}")
    return session


def create_session(round_: Round, values: SessionInput) -> PanelSession:
    number = (
        db.session.scalar(
            select(func.max(PanelSession.number)).where(PanelSession.round_id == round_.id)
        )
        or 0
    ) + 1
    session = PanelSession(round_id=round_.id, number=number)
    _apply(round_.version.load(), session, values)
    db.session.add(session)
    audit.record("panel.session.create", f"{round_.slug} #{number}")
    db.session.flush()
    return session


def update_session(round_: Round, session: PanelSession, values: SessionInput) -> None:
    _apply(round_.version.load(), session, values)
    audit.record("panel.session.update", f"{round_.slug} #{session.number}", status=values.status)
    db.session.flush()


def _apply(definition: Definition, session: PanelSession, values: SessionInput) -> None:
    try:
        status = SessionStatus(values.status)
    except ValueError:
        raise InvalidInput(f"status must be planned or held, not {values.status!r}") from None
    roles = set(definition.role_keys)
    attendance: dict[str, dict[str, int]] = {}
    for role, by_sex in values.attendance.items():
        if role not in roles:
            raise InvalidInput(f"unknown role {role!r}")
        for sex, count in by_sex.items():
            if sex not in SEXES or not 0 <= count <= MAX_ATTENDANCE:
                raise InvalidInput(f"attendance {role}/{sex}: a count from 0 to {MAX_ATTENDANCE}")
        attendance[role] = {sex: int(by_sex.get(sex, 0)) for sex in SEXES}
    known = [d.key for d in definition.iter_dimensions()]
    unknown = set(values.dimensions) - set(known)
    if unknown:
        raise InvalidInput(f"unknown dimension {sorted(unknown)[0]!r}")
    if status is SessionStatus.HELD and values.held_on is None:
        raise InvalidInput("a held session needs its date")
    if len(values.attendee_names) > MAX_TEXT:
        raise InvalidInput(f"the names are longer than {MAX_TEXT} characters")
    session.held_on = values.held_on
    session.place = normalise_text(values.place)[:200]
    session.facilitators = normalise_text(values.facilitators)[:300]
    session.status = status
    session.attendance = attendance
    session.attendee_names = normalise_text(values.attendee_names)
    session.dimensions = [key for key in known if key in values.dimensions]


# -- evidence documents -----------------------------------------------------------------


#: Mongolian Cyrillic in Latin letters, so "Тайлан.pdf" downloads as "Tailan.pdf".
CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяөү",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "yo",
            "j",
            "z",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "sh",
            "-",
            "y",
            "-",
            "e",
            "yu",
            "ya",
            "o",
            "u",
        ],
        strict=True,
    )
)


def _latin(char: str) -> str:
    latin = CYRILLIC.get(char.lower())
    if latin is None:
        return char
    latin = latin.strip("-")  # the hard and soft signs have no letter
    return latin.capitalize() if char.isupper() else latin


def safe_filename(name: str) -> str:
    """A file name that is safe in a header and on any disk: the last path part, in
    ASCII letters, digits, ``.``, ``-`` and ``_`` (Cyrillic transliterated)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(_latin(char) for char in name)
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_stem).strip("-.")[:80] or "document"
    extension = re.sub(r"[^A-Za-z0-9]+", "", extension)[:10].lower()
    return f"{stem}.{extension}" if extension else stem


def add_document(
    round_: Round, key: str, filename: str, content: bytes, *, actor: Account | None
) -> EvidenceDocument:
    panel_question(round_.version.load(), key)
    if not content:
        raise InvalidInput("the file is empty")
    if len(content) > MAX_DOCUMENT:
        raise InvalidInput(f"the file is larger than {MAX_DOCUMENT // (1024 * 1024)} MB")
    document = EvidenceDocument(
        round_id=round_.id,
        question=key,
        filename=safe_filename(filename),
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        uploaded_by_id=actor.id if actor else None,
        uploaded_by=actor.email if actor else audit.COMMAND_LINE,
    )
    db.session.add(document)
    audit.record("panel.document", f"{round_.slug} {key}", actor=actor, file=document.filename)
    db.session.flush()
    return document


def documents_of(round_: Round, key: str | None = None) -> list[EvidenceDocument]:
    """Documents of a round (of one question), without loading their content."""
    from sqlalchemy.orm import defer

    query = (
        select(EvidenceDocument)
        .options(defer(EvidenceDocument.content))
        .filter_by(round_id=round_.id)
        .order_by(EvidenceDocument.uploaded_at, EvidenceDocument.id)
    )
    if key is not None:
        query = query.filter_by(question=key)
    return list(db.session.scalars(query))


def get_document(round_: Round, document_id: int) -> EvidenceDocument:
    """A document of ``round_``; one of another round is not found (no IDOR)."""
    document = db.session.scalar(
        select(EvidenceDocument).filter_by(id=document_id, round_id=round_.id)
    )
    if document is None:
        raise NotFound("no such document")
    return document


def remove_document(round_: Round, document_id: int) -> EvidenceDocument:
    """Remove a document attached by mistake (the audit log keeps its name and hash)."""
    document = get_document(round_, document_id)
    db.session.delete(document)
    audit.record(
        "panel.document.remove",
        f"{round_.slug} {document.question}",
        file=document.filename,
        sha256=document.sha256,
    )
    db.session.flush()
    return document


# -- draft recommendations -------------------------------------------------------------


def drafts_of(round_: Round, key: str | None = None) -> list[DraftRecommendation]:
    query = select(DraftRecommendation).filter_by(round_id=round_.id)
    if key is not None:
        query = query.filter_by(question=key)
    return list(db.session.scalars(query.order_by(DraftRecommendation.id)))


def add_draft(
    round_: Round,
    key: str,
    texts: dict[str, str],
    *,
    actor: Account | None,
    session: PanelSession | None = None,
) -> DraftRecommendation:
    definition = round_.version.load()
    panel_question(definition, key)
    cleaned = {
        lang: normalise_text(value)
        for lang, value in texts.items()
        if lang in definition.languages and value and value.strip()
    }
    if not cleaned:
        raise InvalidInput("the recommendation is empty")
    if any(len(value) > MAX_TEXT for value in cleaned.values()):
        raise InvalidInput(f"the recommendation is longer than {MAX_TEXT} characters")
    draft = DraftRecommendation(
        round_id=round_.id,
        question=key,
        text=cleaned,
        session_id=session.id if session else None,
        created_by=actor.email if actor else audit.COMMAND_LINE,
    )
    db.session.add(draft)
    audit.record("panel.recommendation", f"{round_.slug} {key}", actor=actor)
    db.session.flush()
    return draft


def remove_draft(round_: Round, draft_id: int) -> None:
    draft = db.session.scalar(
        select(DraftRecommendation).filter_by(id=draft_id, round_id=round_.id)
    )
    if draft is None:
        raise NotFound("no such draft recommendation")
    if draft.adopted_as:
        raise Conflict("this recommendation is in the register already")
    db.session.delete(draft)
    audit.record("panel.recommendation.remove", f"{round_.slug} {draft.question}")
    db.session.flush()
