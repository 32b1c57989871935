"""Staff accounts: create, authenticate, change."""

from __future__ import annotations

import re
import secrets
from functools import cache

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from selfassess import unit_of_work
from selfassess.extensions import db
from selfassess.models import Account, AccountRole
from selfassess.models.types import utcnow
from selfassess.services import audit
from selfassess.services.errors import Conflict, InvalidInput, NotFound

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MIN_PASSWORD = 10


def create_account(email: str, role: str, password: str, *, name: str = "") -> Account:
    email = email.strip().lower()
    if not EMAIL.fullmatch(email):
        raise InvalidInput(f"{email!r} is not an e-mail address")
    try:
        account_role = AccountRole(role)
    except ValueError:
        raise InvalidInput(f"role must be admin or consultant, not {role!r}") from None
    check_password(password)
    if find_account(email) is not None:
        raise Conflict(f"an account for {email} already exists")
    account = Account(email=email, role=account_role, name=name.strip()[:200])
    account.set_password(password)
    db.session.add(account)
    audit.record("account.create", email, role=role)
    db.session.flush()
    return account


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"the password must have at least {MIN_PASSWORD} characters")


def find_account(email: str) -> Account | None:
    return db.session.scalar(
        select(Account).where(func.lower(Account.email) == email.strip().lower())
    )


def authenticate(email: str, password: str) -> Account | None:
    """The active account with this e-mail and password, else None (the same for both)."""
    account = find_account(email)
    # A password is checked whether or not the address has an account, so that a refusal
    # takes as long either way: the time tells nobody which addresses are staff's.
    if account is not None:
        matches = account.check_password(password)
    else:
        matches = check_password_hash(_unmatchable_hash(), password) and False
    if account is None or not account.active or not matches:
        audit.record("auth.login_failed", audit.typed_address(email), actor="anonymous")
        # A refused sign-in is recorded whatever becomes of the request.
        unit_of_work.commit()
        return None
    account.last_login_at = utcnow()
    audit.record("auth.login", account.email, actor=account)
    db.session.flush()
    return account


@cache
def _unmatchable_hash() -> str:
    """A hash made like every account's (same method, same cost) of a random password."""
    return generate_password_hash(secrets.token_urlsafe(32))


def get_account(account_id: int) -> Account:
    account = db.session.get(Account, account_id)
    if account is None:
        raise NotFound(f"no account with id {account_id}")
    return account


def list_accounts() -> list[Account]:
    return list(db.session.scalars(select(Account).order_by(Account.role, Account.email)))


def change_role(account_id: int, role: str, *, by: Account) -> Account:
    """Give an account another role; nobody changes their own (no accidental lock-out)."""
    account = get_account(account_id)
    try:
        new_role = AccountRole(role)
    except ValueError:
        raise InvalidInput(f"role must be admin or consultant, not {role!r}") from None
    if account.id == by.id:
        raise Conflict("you cannot change your own role: ask another administrator")
    if new_role is not account.role:
        account.role = new_role
        audit.record("account.role", account.email, actor=by, role=new_role.value)
        db.session.flush()
    return account


def set_active(account_id: int, active: bool, *, by: Account) -> Account:
    """Deactivate (or reactivate) an account; its sessions end. Never one's own."""
    account = get_account(account_id)
    if account.id == by.id and not active:
        raise Conflict("you cannot deactivate your own account")
    if account.active != active:
        account.active = active
        account.session_token = secrets.token_hex(16)  # its open sessions end now
        audit.record(
            "account.activate" if active else "account.deactivate", account.email, actor=by
        )
        db.session.flush()
    return account
