"""Sign-in sessions, password changes and resets, and the second factor of staff accounts.

Every secret here is random, shown or sent once, and stored as its SHA-256 only. A
password change ends every session of the account; signing out ends the browser's own
(a copied session cookie stops working at once, because the server forgets its secret).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import pyotp
from flask import current_app
from sqlalchemy import delete, select

from selfassess.extensions import db
from selfassess.models import Account, AccountSession, PasswordReset
from selfassess.models.types import utcnow
from selfassess.services import audit
from selfassess.services.accounts import check_password, find_account
from selfassess.services.errors import InvalidInput
from selfassess.services.sealing import seal, unseal

#: How long a password-reset link works.
RESET_LIFETIME = timedelta(hours=1)
#: Accepted TOTP codes: this step and one either side (clock drift of a phone).
TOTP_WINDOW = 1


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


# -- sessions --------------------------------------------------------------------------------


def start_session(account: Account) -> str:
    """A new server-side session for ``account``; its secret goes into the signed cookie
    (``session["sid"]``), the database keeps its hash."""
    secret = secrets.token_urlsafe(24)
    db.session.execute(
        delete(AccountSession).where(AccountSession.created_at < utcnow() - _lifetime())
    )
    db.session.add(AccountSession(account_id=account.id, token_hash=_hash(secret)))
    db.session.flush()
    return secret


def _lifetime() -> timedelta:
    """How long a sign-in lasts at most, whatever the browser keeps."""
    value = current_app.config["PERMANENT_SESSION_LIFETIME"]
    return value if isinstance(value, timedelta) else timedelta(seconds=int(value))


def load_session(account_id: int, account_token: str, secret: str) -> Account | None:
    """The active account when its password epoch (``session_token``) matches and the
    server still knows this browser's session secret; else None."""
    if not secret or len(secret) > 100:
        return None
    account = db.session.scalar(
        select(Account)
        .join(AccountSession, AccountSession.account_id == Account.id)
        .where(AccountSession.token_hash == _hash(secret), Account.id == account_id)
        .where(AccountSession.created_at >= utcnow() - _lifetime())
    )
    if account is None or not account.active:
        return None
    if not secrets.compare_digest(account.session_token, account_token):
        return None
    return account


def end_session(secret: str) -> None:
    """Forget one browser's session (sign-out): a copy of its cookie no longer works."""
    if secret:
        db.session.execute(delete(AccountSession).where(AccountSession.token_hash == _hash(secret)))


def end_all_sessions(account: Account) -> None:
    """Every browser signed in to ``account`` is signed out at its next request."""
    db.session.execute(delete(AccountSession).where(AccountSession.account_id == account.id))
    account.session_token = secrets.token_hex(16)


# -- passwords -------------------------------------------------------------------------------


def set_password(account: Account, password: str, *, by: Account | str) -> None:
    """Set a new password; every session of the account ends (the caller commits)."""
    check_password(password)
    account.set_password(password)
    end_all_sessions(account)
    db.session.execute(delete(PasswordReset).where(PasswordReset.account_id == account.id))
    audit.record("account.password", account.email, actor=by)


def change_own_password(account: Account, current: str, new: str) -> str:
    """Change one's own password (the current one is required). Other sessions end; the
    caller's browser gets a fresh session, whose secret is returned."""
    if not account.check_password(current):
        raise InvalidInput("the current password is not right")
    if current == new:
        raise InvalidInput("the new password must differ from the current one")
    set_password(account, new, by=account)
    secret = start_session(account)
    db.session.flush()
    return secret


def set_password_by_email(email: str, password: str) -> Account:
    """``selfassess users set-password``: the account must exist."""
    account = find_account(email)
    if account is None:
        raise InvalidInput(f"no account for {email.strip().lower()}")
    set_password(account, password, by="command line")
    db.session.flush()
    return account


def issue_reset(account: Account) -> str:
    """A single-use reset link's secret for ``account``, valid for :data:`RESET_LIFETIME`.
    Earlier unused links of the account stop working (only the newest counts)."""
    db.session.execute(delete(PasswordReset).where(PasswordReset.account_id == account.id))
    secret = secrets.token_urlsafe(24)
    db.session.add(
        PasswordReset(
            account_id=account.id,
            token_hash=_hash(secret),
            expires_at=utcnow() + RESET_LIFETIME,
        )
    )
    db.session.flush()
    return secret


def reset_account(secret: str) -> Account | None:
    """The account a reset secret may still reset, else None (unknown, used or expired)."""
    if not secret or len(secret) > 100:
        return None
    reset = db.session.scalar(select(PasswordReset).filter_by(token_hash=_hash(secret)))
    if reset is None or reset.used_at is not None or _aware(reset.expires_at) < utcnow():
        return None
    account = db.session.get(Account, reset.account_id)
    return account if account is not None and account.active else None


def reset_password(secret: str, password: str) -> Account:
    """Use a reset link once: set the password, end every session, spend the link."""
    account = reset_account(secret)
    if account is None:
        raise InvalidInput("this link has expired or was already used")
    set_password(account, password, by=account)  # deletes the reset rows too
    db.session.flush()
    return account


def temporary_password() -> str:
    """A password an administrator reads out once (about 80 bits, easy to type)."""
    from selfassess.services.invitations import format_code, new_code

    return format_code(new_code(16))


def _aware(moment):  # type: ignore[no-untyped-def]
    """SQLite gives naive datetimes back (stored as UTC)."""
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# -- second factor (TOTP) --------------------------------------------------------------------


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(account: Account, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account.email, issuer_name="selfassess")


def _accepted_step(secret: str, code: str, last_step: int | None) -> int | None:
    """The time step ``code`` belongs to, if valid and newer than ``last_step``."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = utcnow()
    step = totp.timecode(now)
    for offset in range(-TOTP_WINDOW, TOTP_WINDOW + 1):
        candidate = step + offset
        if last_step is not None and candidate <= last_step:
            continue
        if secrets.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def enable_totp(account: Account, secret: str, code: str) -> None:
    """Turn the second factor on after the app proved it has the secret."""
    step = _accepted_step(secret, code, None)
    if step is None:
        raise InvalidInput("the code is not right: check the phone's clock and try again")
    account.totp_secret = seal(secret, "totp")
    account.totp_last_step = step
    audit.record("account.totp_on", account.email, actor=account)
    db.session.flush()


def check_totp(account: Account, code: str) -> bool:
    """Whether ``code`` is the account's current code, used once."""
    if not account.totp_secret:
        return True
    secret = unseal(account.totp_secret, "totp")
    if secret is None:  # sealed under an earlier SECRET_KEY: an administrator resets it
        return False
    step = _accepted_step(secret, code, account.totp_last_step)
    if step is None:
        return False
    account.totp_last_step = step
    return True


def disable_totp(account: Account, *, by: Account) -> None:
    """Turn the second factor off (oneself, or an administrator recovering an account)."""
    account.totp_secret = None
    account.totp_last_step = None
    if by.id != account.id:
        end_all_sessions(account)
    audit.record("account.totp_off", account.email, actor=by)
    db.session.flush()
