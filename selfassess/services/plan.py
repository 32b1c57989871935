"""The plan of action at work: progress updates, statuses, focal points, reminders.

A focal point account reports on the actions of its own bodies only; administrators
and consultants on any. Services flush; the request or command commits.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from selfassess.extensions import db
from selfassess.models import (
    Account,
    AccountRole,
    Action,
    ActionStatus,
    Body,
    ProgressUpdate,
    Recommendation,
)
from selfassess.recommendations.rules import action_overdue, due_soon
from selfassess.services import register as reg
from selfassess.services.errors import Conflict, InvalidInput

#: Largest attached document, in bytes: stored in the database, so kept small.
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_UPDATE_TEXT = 5000
#: Attached documents: office files, PDF, images and text; never HTML or scripts.
DOCUMENT_TYPES = frozenset(
    {".pdf", ".doc", ".docx", ".odt", ".xls", ".xlsx", ".ods", ".ppt", ".pptx", ".odp",
     ".txt", ".csv", ".jpg", ".jpeg", ".png"}
)  # fmt: skip
#: Reminders name actions due within this many days.
DUE_SOON_DAYS = 14
#: Roles that report on every action.
REPORT_ANY = frozenset({AccountRole.ADMIN, AccountRole.CONSULTANT})


def own_body_ids(account: Account) -> set[int]:
    """The bodies a focal point account reports for."""
    query = select(Body.id).join(Body.focal_points).where(Account.id == account.id)
    return set(db.session.scalars(query))


def may_report(account: Account, action: Action) -> bool:
    """May ``account`` add progress and move the status of ``action``?"""
    if account.role in REPORT_ANY:
        return True
    if account.role is AccountRole.FOCAL_POINT:
        # The relationship, not body_id: a body set in this unit of work is not flushed yet.
        return action.body is not None and action.body.id in own_body_ids(account)
    return False


def safe_filename(name: str) -> str:
    """A file name fit for a Content-Disposition header: no path, no control or format
    characters."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f\"<>:|?*;]", "", name)
    # Format characters (bidi overrides, zero-width marks) would show another name.
    name = "".join(c for c in name if unicodedata.category(c) != "Cf").strip(" .")
    return name[:150] or "document"


def _check_document_type(name: str) -> None:
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in DOCUMENT_TYPES:
        listed = ", ".join(sorted(DOCUMENT_TYPES))
        raise InvalidInput(f"attach a document of one of these types: {listed}")


def add_update(
    action: Action,
    text: str,
    *,
    by: Account,
    on: date | None = None,
    link: str = "",
    document: tuple[str, bytes] | None = None,
) -> ProgressUpdate:
    """Report progress on ``action``; refused unless ``by`` may report on it."""
    if not may_report(by, action):
        raise Conflict("you may report only on the actions of your own bodies")
    text = text.strip()
    if not text:
        raise InvalidInput("write what was done")
    if len(text) > MAX_UPDATE_TEXT:
        raise InvalidInput(f"the text is longer than {MAX_UPDATE_TEXT} characters")
    link = link.strip()
    if link and not re.fullmatch(r"https?://[^\s<>\"]{1,490}", link):
        raise InvalidInput("the link must be a web address starting with http:// or https://")
    if on is not None and on > date.today():
        raise InvalidInput("a progress report cannot be dated in the future")
    name, content = document or ("", b"")
    if len(content) > MAX_DOCUMENT_BYTES:
        raise InvalidInput(
            f"the document is larger than {MAX_DOCUMENT_BYTES // 2**20} MB: attach a smaller one"
        )
    if content:
        _check_document_type(name)
    # Built only once everything is checked: a refused report leaves nothing behind.
    update = ProgressUpdate(
        action=action,
        reported_on=on or date.today(),
        text=text,
        link=link,
        author_id=by.id,
        author=by.email,
        document_name=safe_filename(name) if content else "",
        document=content or None,
        document_size=len(content),
    )
    db.session.add(update)
    db.session.flush()
    reg.record_change(
        action.recommendation, "update", None, text[:200], action_ref=action.ref, by=by
    )
    return update


def set_status(action: Action, status: str, *, by: Account) -> None:
    if not may_report(by, action):
        raise Conflict("you may change only the actions of your own bodies")
    try:
        value = ActionStatus(status)
    except ValueError:
        raise InvalidInput(f"{status!r} is not an action status") from None
    reg.set_fields(action, {"status": value}, by=by)
    db.session.flush()


def set_focal_bodies(account: Account, keys: list[str]) -> None:
    """The bodies a focal point account reports for (replacing the old ones)."""
    if account.role is not AccountRole.FOCAL_POINT:
        raise InvalidInput(f"{account.email} is not a focal point account")
    by_key = reg.body_by_key()
    unknown = [key for key in keys if key not in by_key]
    if unknown:
        raise InvalidInput(f"unknown body {', '.join(unknown)}")
    for body in by_key.values():
        has = account in body.focal_points
        if body.key in keys and not has:
            body.focal_points.append(account)
        elif body.key not in keys and has:
            body.focal_points.remove(account)
    db.session.flush()


def focal_points() -> list[Account]:
    query = select(Account).where(Account.role == AccountRole.FOCAL_POINT).order_by(Account.email)
    return list(db.session.scalars(query))


# -- reminders -------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    """An action that needs attention: overdue, or due within the reminder window."""

    action: Action
    overdue: bool
    days: int  # days until due (negative: days late)


def reminders(
    today: date | None = None, days: int = DUE_SOON_DAYS, body_ids: set[int] | None = None
) -> list[Reminder]:
    """Overdue and due-soon actions, the most late first; ``body_ids`` limits them."""
    today = today or date.today()
    query = (
        select(Action)
        .where(Action.due.is_not(None), Action.due <= today + timedelta(days=days))
        .where(Action.status.not_in([ActionStatus.DONE, ActionStatus.CANCELLED]))
        .options(selectinload(Action.recommendation), selectinload(Action.body))
    )
    if body_ids is not None:
        query = query.where(Action.body_id.in_(body_ids))
    found = []
    for action in db.session.scalars(query):
        status = action.status.value
        late = action_overdue(action.due, status, today)
        if late or due_soon(action.due, status, today, days):
            found.append(Reminder(action, late, (action.due - today).days))  # type: ignore[operator]
    return sorted(found, key=lambda r: (r.days, r.action.recommendation.ref, r.action.ref))


def reminder_messages(today: date | None = None, days: int = DUE_SOON_DAYS) -> list[dict[str, Any]]:
    """One message per focal point with overdue or due-soon actions of its bodies.

    For the mail outbox: each is ``{"to": email, "subject": str, "body": str, "actions":
    [(recommendation ref, action ref), ...]}``; plain text in English and Mongolian.
    """
    pending = reminders(today, days)
    messages = []
    for account in focal_points():
        if not account.active:
            continue
        mine = own_body_ids(account)
        items = [r for r in pending if r.action.body_id in mine]
        if not items:
            continue
        lines = [
            f"- {r.action.recommendation.ref} / {r.action.ref}: "
            f"{reg.name_in(r.action.text, 'en')} - due {r.action.due}"
            + (" (OVERDUE / ХУГАЦАА ХЭТЭРСЭН)" if r.overdue else "")
            for r in items
        ]
        messages.append(
            {
                "to": account.email,
                "subject": "Plan of action: actions due / Үйл ажиллагааны төлөвлөгөө",
                "body": "\n".join(
                    [
                        "These actions of your bodies are overdue or due soon.",
                        "Таны байгууллагын дараах арга хэмжээний хугацаа хэтэрсэн эсвэл дөхсөн.",
                        "",
                        *lines,
                    ]
                ),
                "actions": [(r.action.recommendation.ref, r.action.ref) for r in items],
            }
        )
    return messages


def published_register(today: date | None = None) -> list[dict[str, Any]]:
    """Published recommendations with their actions and progress texts, for the public.

    Nothing of an unpublished recommendation, and no author's e-mail address, documents
    or links to internal pages: only what the parliament chose to show.
    """
    today = today or date.today()
    found = reg.recommendations(published_only=True)
    counts = reg.update_counts()
    items = []
    for recommendation in found:
        item = reg.recommendation_dict(recommendation, today, counts)
        updates = _public_updates([a.id for a in recommendation.actions])
        for action, data in zip(recommendation.actions, item["actions"], strict=True):
            data["progress"] = updates.get(action.id, [])
        items.append(item)
    return items


def _public_updates(action_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    if not action_ids:
        return {}
    query = (
        select(ProgressUpdate)
        .where(ProgressUpdate.action_id.in_(action_ids))
        .order_by(ProgressUpdate.reported_on.desc(), ProgressUpdate.id.desc())
    )
    grouped: dict[int, list[dict[str, Any]]] = {}
    for update in db.session.scalars(query):
        grouped.setdefault(update.action_id, []).append(
            {"on": update.reported_on.isoformat(), "text": update.text, "link": update.link}
        )
    return grouped


def recommendations_of_link(link: str) -> list[Recommendation]:
    """Recommendations whose links name ``INSTRUMENT:ITEM``, in ref order."""
    return [r for r in reg.recommendations() if link in r.links]
