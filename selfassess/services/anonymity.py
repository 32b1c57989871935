"""What keeps an anonymous response apart from its invitation, in every copy of the data.

- **Keys, not pointers.** Each invitation has a random 256-bit key, stored only sealed:
  XOR-ed with a pad derived from the link token (SHA-256) and, separately, with one derived
  from the access code (HMAC keyed with ``SECRET_KEY``). Neither the token nor the code is
  stored, so the database alone cannot unseal it. A draft response carries
  ``draft_key = HMAC(key, "draft")``: the link or the code finds the draft from any
  device, and nothing in the database says which invitation a draft belongs to.
- **No write to the invitation in the submitting transaction.** The "submitted" mark that
  reminders and progress need is written just before, in its own transaction, which
  rewrites *every* invitation of the round: all of them then carry the same row version
  (PostgreSQL ``xmin``), so neither a transaction id nor an order singles one out. The same
  transaction drops the invitation's profile values, which the response already holds.
- **Nothing left behind.** On SQLite ``secure_delete`` zeroes what is overwritten, and a
  ``wal_checkpoint(TRUNCATE)`` after each submission empties the write-ahead log, which
  would otherwise keep the pages of both writes side by side; on PostgreSQL a ``VACUUM``
  of both tables drops the replaced row versions from their pages.
- **A resume code the respondent keeps**, stable across resubmissions, stored only as an
  HMAC keyed with ``SECRET_KEY``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app
from sqlalchemy import select, update

from selfassess import unit_of_work
from selfassess.extensions import db
from selfassess.models import Invitation, InvitationState, Round
from selfassess.services import invitations

#: Bytes of an invitation's key.
KEY_BYTES = 32
#: Characters of a resume code: 12 of 30 symbols, about 59 bits (README, "Anonymity").
RESUME_LENGTH = 12
#: Resume secrets issued before codes were short (SHA-256, unkeyed) still open their response.
LEGACY_RESUME_LENGTH = 28


def _server_key() -> bytes:
    return str(current_app.config["SECRET_KEY"]).encode("utf-8")


def _keyed(label: bytes, message: str) -> bytes:
    return hmac.new(_server_key(), label + b"\0" + message.encode("utf-8"), "sha256").digest()


def _token_pad(token: str) -> bytes:
    # Another domain than the stored token hash: the hash does not give the pad.
    return hashlib.sha256(b"selfassess invitation key\0" + token.encode("utf-8")).digest()


def _code_pad(code: str) -> bytes:
    # Keyed, unlike the token's: a 10-character code could be tried offline otherwise.
    return _keyed(b"invitation key", invitations.normalize_code(code))


def _xor(left: bytes, right: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(left, right, strict=True))


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def seal(invitation: Invitation, key: bytes, *, token: str, code: str) -> None:
    """Store ``key`` on ``invitation`` so that its token or its code unseals it (and the
    server, to give it a new link: :func:`reseal_token`)."""
    invitation.key_by_code = _xor(key, _code_pad(code)).hex()
    reseal_token(invitation, key, token)


def reseal_token(invitation: Invitation, key: bytes, token: str) -> None:
    """Seal ``key`` for a new link ``token``; the access code keeps working."""
    invitation.key_by_token = _xor(key, _token_pad(token)).hex()
    invitation.key_by_server = _xor(key, _server_pad(invitation)).hex()


def _server_pad(invitation: Invitation) -> bytes:
    return _keyed(b"invitation key by server", invitation.key_by_code or "")


def server_key(invitation: Invitation) -> bytes | None:
    """The invitation's key as the server alone can unseal it, to issue a new link that
    still finds the draft; ``None`` for invitations sealed before this copy existed."""
    if not invitation.key_by_server or not invitation.key_by_code:
        return None
    return _xor(bytes.fromhex(invitation.key_by_server), _server_pad(invitation))


def key_from_token(sealed: str, token: str) -> bytes:
    """An invitation's key from its ``key_by_token`` column and its link token."""
    return _xor(bytes.fromhex(sealed), _token_pad(token))


def unseal(
    invitation: Invitation, *, token: str | None = None, code: str | None = None
) -> bytes | None:
    """The invitation's key from its token or code; ``None`` for invitations made before
    keys existed (they still find their draft through ``response_id``)."""
    if token is not None and invitation.key_by_token:
        return key_from_token(invitation.key_by_token, token)
    if code is not None and invitation.key_by_code:
        return _xor(bytes.fromhex(invitation.key_by_code), _code_pad(code))
    return None


def draft_key(key: bytes) -> str:
    """The locator of the draft an invitation's key leads to."""
    return hmac.new(key, b"draft", "sha256").hexdigest()


# -- resume codes -----------------------------------------------------------------------------


def new_resume_code() -> str:
    return "".join(secrets.choice(invitations.CODE_ALPHABET) for _ in range(RESUME_LENGTH))


def resume_hash(typed: str) -> str | None:
    """What is stored of a resume code; ``None`` when it cannot be one."""
    code = invitations.normalize_code(typed)
    if len(code) == RESUME_LENGTH:
        return _keyed(b"resume code", code).hex()
    if len(code) == LEGACY_RESUME_LENGTH:
        return hashlib.sha256(code.encode("ascii")).hexdigest()
    return None


# -- the submitted mark ---------------------------------------------------------------------


def mark_submitted(invitation: Invitation) -> None:
    """Mark ``invitation`` submitted and forget its profile values, rewriting every
    invitation of its round in the same transaction, which it commits.

    Called before the response itself is submitted, in a transaction of its own: should
    the submission then fail, the draft is still found by the link and submitted again.
    """
    round_id = invitation.round_id
    # One marker at a time per round: two rewriting every row in different orders would
    # deadlock on PostgreSQL (SQLite serialises writers anyway).
    db.session.execute(select(Round.id).where(Round.id == round_id).with_for_update())
    db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id)
        .values(state=InvitationState.SUBMITTED, profile={}, response_id=None)
        .execution_options(synchronize_session=False)
    )
    # Every row of the round gets a new version in this transaction (same xmin for all).
    db.session.execute(
        update(Invitation)
        .where(Invitation.round_id == round_id)
        .values(round_id=Invitation.round_id)
        .execution_options(synchronize_session=False)
    )
    # Deliberately its own transaction (module docstring): the response is submitted in
    # the next one, which never writes to an invitation.
    unit_of_work.commit()
    db.session.expire(invitation)


def settle() -> None:
    """After an anonymous submission, remove what the database keeps of the rows the two
    transactions replaced: on SQLite, move the write-ahead log into the database and
    truncate it (``secure_delete`` has zeroed the old rows); on PostgreSQL, vacuum both
    tables, so that their pages no longer list the versions that say which invitation was
    marked just before which response was submitted. Best effort: a reader holding an old
    snapshot keeps them until the next submission, autovacuum, or checkpoint."""
    with db.engine.connect() as connection:
        if db.engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA busy_timeout=200")  # never hold a request up
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.exec_driver_sql("PRAGMA busy_timeout=30000")
        elif db.engine.dialect.name == "postgresql":
            autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
            autocommit.exec_driver_sql("VACUUM (SKIP_LOCKED) invitations, responses")
