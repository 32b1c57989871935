"""Data staged in the database between the pages of a multi-step form.

An entry is JSON encrypted with a random key (Fernet: AES-CBC with an HMAC) that only
the session of the administrator who staged it holds; the database keeps the ciphertext
and a SHA-256 of the entry's token. So a copy of the database reveals nothing staged
(issued links and codes, for one), any app server can read an entry, and nothing is
written to the instance folder. Entries are refused once past their age, and deleted
when read late, dropped, or swept by the next entry staged.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import delete, select

from selfassess import unit_of_work
from selfassess.extensions import db
from selfassess.models import StagedUpload
from selfassess.models.types import utcnow


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def put(
    kind: str, data: dict[str, Any], *, account_id: int | None, max_age: int
) -> tuple[str, str]:
    """Stage ``data``; returns its token (for addresses) and key (for the session only)."""
    sweep()
    token, key = secrets.token_urlsafe(16), Fernet.generate_key().decode("ascii")
    payload = Fernet(key).encrypt(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    db.session.add(
        StagedUpload(
            kind=kind,
            token_hash=_hash(token),
            account_id=account_id,
            payload=payload,
            expires_at=utcnow() + timedelta(seconds=max_age),
        )
    )
    db.session.flush()
    return token, key


def get(kind: str, token: str, key: str, *, account_id: int | None) -> dict[str, Any] | None:
    """The staged data, when the entry exists, is fresh and was staged by this account."""
    entry = db.session.scalar(select(StagedUpload).filter_by(token_hash=_hash(token), kind=kind))
    if entry is None or entry.account_id != account_id:
        return None
    if _aware(entry.expires_at) < utcnow():
        db.session.delete(entry)
        unit_of_work.commit()  # an expired entry goes at once, though its request is refused
        return None
    try:
        return json.loads(Fernet(key).decrypt(entry.payload))  # type: ignore[no-any-return]
    except (InvalidToken, ValueError):
        return None


def drop(token: str) -> None:
    db.session.execute(delete(StagedUpload).where(StagedUpload.token_hash == _hash(token)))
    db.session.flush()


def sweep() -> None:
    """Delete every entry past its age, whoever staged it."""
    db.session.execute(delete(StagedUpload).where(StagedUpload.expires_at < utcnow()))


def _aware(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back (stored as UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
