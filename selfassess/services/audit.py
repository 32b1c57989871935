"""Writing the audit log."""

from __future__ import annotations

import re
from typing import Any

from flask import has_request_context
from flask_login import current_user

from selfassess.extensions import db
from selfassess.models import Account, AuditEvent

COMMAND_LINE = "command line"
#: What the log keeps of a typed "address" that is not shaped like one: people type their
#: password into the address field, and every administrator reads this log.
NOT_AN_ADDRESS = "(not an e-mail address)"
_ADDRESS = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]+")


def typed_address(typed: str) -> str:
    """A typed sign-in or reset address as the log may keep it."""
    address = typed.strip().lower()[:254]
    return address if _ADDRESS.fullmatch(address) else NOT_AN_ADDRESS


def record(
    action: str, target: str = "", *, actor: Account | str | None = None, **details: Any
) -> None:
    """Add an audit event to the session; the caller's transaction commits it."""
    if actor is None:
        actor = _current_actor()
    account = actor if isinstance(actor, Account) else None
    db.session.add(
        AuditEvent(
            actor_id=account.id if account else None,
            actor=account.email if account else str(actor),
            action=action,
            target=target,
            details=details,
        )
    )


def _current_actor() -> Account | str:
    if has_request_context() and current_user.is_authenticated:
        return current_user._get_current_object()  # type: ignore[no-any-return]
    return COMMAND_LINE if not has_request_context() else "anonymous"
