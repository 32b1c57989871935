"""Invitations: who may answer a round, through a link or a short access code.

The plain token and code exist only in the :class:`IssuedInvitation` handed back once;
the database keeps a SHA-256 of the token and an HMAC (keyed with ``SECRET_KEY``) of the
code, so a dump of the database can neither open a link nor brute-force a code.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import re
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for
from sqlalchemy import func, select

from selfassess.extensions import db
from selfassess.models import Invitation, InvitationState, Response, Round, RoundState
from selfassess.services import anonymity, audit
from selfassess.services.errors import Conflict, InvalidInput
from selfassess.services.people import EMAIL, parse_people  # noqa: F401  (callers' name)

#: Characters of access and resume codes: no 0/O, 1/I/L or U, which are misread or misheard.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
#: 10 characters of 30: about 49 bits, enough behind a rate limit, short enough to type.
CODE_LENGTH = 10
#: Bytes of randomness of a link token (192 bits).
TOKEN_BYTES = 24


@dataclass(frozen=True)
class IssuedInvitation:
    """An invitation as created: the plain token and code are only ever returned here."""

    label: str
    role: str
    profile: dict[str, Any] = field(hash=False)
    token: str
    code: str
    #: The person's language, when the people file gave one.
    language: str | None = None


# -- secrets ---------------------------------------------------------------------------------


def new_code(length: int = CODE_LENGTH) -> str:
    """A random code of ``length`` characters of :data:`CODE_ALPHABET`."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalize_code(typed: str) -> str:
    """A typed code without spaces, dashes or case: ``k7qm-4xpt 9r`` -> ``K7QM4XPT9R``."""
    return re.sub(r"[^0-9A-Z]", "", typed.upper())


def format_code(code: str, group: int = 4) -> str:
    """A code in groups for reading aloud and typing: ``K7QM-4XPT-9R``."""
    return "-".join(code[i : i + group] for i in range(0, len(code), group))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def code_hash(code: str) -> str:
    """HMAC-SHA256 of a normalized code, keyed with the application's SECRET_KEY."""
    key = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    return hmac.new(key, normalize_code(code).encode("ascii"), hashlib.sha256).hexdigest()


def find_by_token(token: str) -> Invitation | None:
    """The live (not revoked) invitation of a link token."""
    if not token or len(token) > 200:
        return None
    return db.session.scalar(
        select(Invitation).filter_by(token_hash=token_hash(token), revoked_at=None)
    )


def find_by_code(typed: str) -> Invitation | None:
    """The invitation of a typed access code, preferring an open round's."""
    code = normalize_code(typed)
    if len(code) != CODE_LENGTH:
        return None
    matches = db.session.scalars(
        select(Invitation)
        .join(Round)
        .filter(Invitation.code_hash == code_hash(code), Invitation.revoked_at.is_(None))
    ).all()
    return next((i for i in matches if i.round.is_open), matches[0] if matches else None)


# -- creating ----------------------------------------------------------------------------


def create_invitations(
    round_: Round, people: list[dict[str, Any]], *, send_email: bool = False
) -> list[IssuedInvitation]:
    """Create one invitation per person, all or nothing, in one transaction.

    Each person is a dict with ``label``, ``role`` and ``profile`` (as from
    :func:`parse_people`). Returns the plain tokens and codes: they are not stored.
    With ``send_email``, each person with an address gets the invitation by e-mail,
    queued in the same transaction.
    """
    if round_.state is RoundState.CLOSED:
        raise Conflict(f"round {round_.slug} is closed: nobody can answer it any more")
    definition = round_.version.load()
    taken = set(
        db.session.scalars(
            select(Invitation.code_hash).filter(Invitation.round_id == round_.id)
        ).all()
    )
    issued = []
    for person in people:
        if person.get("role") not in definition.role_keys:
            raise InvalidInput(f"{person.get('role')!r} is not a role of {round_.version.label}")
        token, code = secrets.token_urlsafe(TOKEN_BYTES), new_code()
        while code_hash(code) in taken:
            code = new_code()
        taken.add(code_hash(code))
        invitation = Invitation(
            round=round_,
            token_hash=token_hash(token),
            code_hash=code_hash(code),
            label=str(person.get("label", ""))[:300],
            role=person["role"],
            profile=dict(person.get("profile") or {}),
            email=split_label(str(person.get("label", "")))[1] or None,
            language=person.get("language") or None,
        )
        anonymity.seal(invitation, anonymity.new_key(), token=token, code=code)
        db.session.add(invitation)
        issued.append(
            IssuedInvitation(
                invitation.label,
                invitation.role,
                invitation.profile,
                token,
                code,
                invitation.language,
            )
        )
        if send_email and invitation.email:
            from selfassess.services.invitation_mail import queue_invitation

            queue_invitation(invitation, token, code)
    audit.record("invitations.create", round_.slug, count=len(issued))
    db.session.flush()
    return issued


def split_label(label: str) -> tuple[str, str]:
    """``Name <e@mail>`` -> (``Name``, ``e@mail``); a bare address -> ("", address)."""
    match = re.fullmatch(r"(.*?)\s*<([^<>]+)>", label.strip())
    if match and EMAIL.fullmatch(match.group(2).strip()):
        return match.group(1).strip(), match.group(2).strip().lower()
    if EMAIL.fullmatch(label.strip()):
        return "", label.strip().lower()
    return label.strip(), ""


def awaiting_submission(round_: Round) -> list[Invitation]:
    """The live invitations of ``round_`` whose person has not submitted yet: the one
    place that knows how an invitation learns it was submitted (reminders read this)."""
    return list(
        db.session.scalars(
            select(Invitation)
            .filter(Invitation.round_id == round_.id, Invitation.revoked_at.is_(None))
            .filter(Invitation.state != InvitationState.SUBMITTED)
            .order_by(Invitation.id)
        )
    )


def invitation_url(token: str) -> str:
    """The absolute URL of an invitation link; from ``BASE_URL`` outside a request."""
    if has_request_context():
        return url_for("respond.enter", token=token, _external=True)
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build("respond.enter", {"token": token}, force_external=True)


def progress(round_: Round) -> dict[str, dict[str, int]]:
    """Per role: ``invited`` (every invitation), ``started`` (answering, not submitted),
    ``submitted``. Counts only, every role of the round's questionnaire included. An
    anonymous round's drafts are counted from the responses: no invitation knows its own."""
    counts = {
        role: {"invited": 0, "started": 0, "submitted": 0}
        for role in round_.version.load().role_keys
    }

    def bucket(role: str) -> dict[str, int]:
        return counts.setdefault(role, {"invited": 0, "started": 0, "submitted": 0})

    rows = db.session.execute(
        select(Invitation.role, Invitation.state, func.count(Invitation.id))
        .filter(Invitation.round_id == round_.id)
        .group_by(Invitation.role, Invitation.state)
    ).all()
    for role, state, n in rows:
        bucket(role)["invited"] += n
        if state is InvitationState.STARTED:
            bucket(role)["started"] += n
        elif state is InvitationState.SUBMITTED:
            bucket(role)["submitted"] += n
    drafts = db.session.execute(
        select(Response.role, func.count(Response.id))
        .filter(Response.round_id == round_.id, Response.draft_key.is_not(None))
        .group_by(Response.role)
    ).all()
    for role, n in drafts:
        bucket(role)["started"] += n
    return counts


#: Cells a spreadsheet would read as a formula start with one of these.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: A separator some locale splits on (or a line break, which ends a row there), then a
#: formula start: in a ``;`` locale LibreOffice reads the unquoted cell ``a;=1+1`` of a
#: comma-separated file as ``a`` and a formula.
EMBEDDED_FORMULA = re.compile(r"([,;\t\r\n][ ]*)(?=[=+\-@\t\r])")


def spreadsheet_safe(value: str) -> str:
    """A CSV cell that a spreadsheet shows as text instead of running it as a formula,
    whichever separator (``,``, ``;``, tab) it splits the line on: an apostrophe before
    the cell's start and before any start after a separator."""
    value = EMBEDDED_FORMULA.sub(r"\1'", value)
    return "'" + value if value.startswith(FORMULA_START) else value


def link_entries(issued: list[IssuedInvitation]) -> list[dict[str, Any]]:
    """What each invited person needs: label, role, profile, the link (``url``) and the
    access code as it is typed (``code``)."""
    return [
        {
            "label": item.label,
            "role": item.role,
            "profile": dict(item.profile),
            "url": invitation_url(item.token),
            "code": format_code(item.code),
            "language": item.language,
        }
        for item in issued
    ]


def links_csv(entries: list[dict[str, Any]], fields: list[str]) -> str:
    """:func:`link_entries` as CSV text: label, role, profile ``fields``, link, access
    code; no cell reads as a formula."""
    rows = [["label", "role", *fields, "link", "access_code"]]
    rows += [
        [
            spreadsheet_safe(entry["label"]),
            entry["role"],
            *(spreadsheet_safe(str(entry["profile"].get(key, "") or "")) for key in fields),
            entry["url"],
            entry["code"],
        ]
        for entry in entries
    ]
    return csv_text(rows)


def csv_text(rows: list[list[str]]) -> str:
    """CSV for spreadsheets: a byte-order mark first, so that Excel reads Cyrillic as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()
