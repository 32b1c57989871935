"""Short-lived data that carries a multi-step form from one page to the next.

Two flows need data between requests that must not come back from the browser:

* an uploaded questionnaire between validation, preview (language tabs are plain links,
  so GET requests) and publishing: we keep the *validated canonical JSON*, never the
  raw upload, so what is published is exactly what was previewed;
* people of an upload waiting for confirmation (duplicates are shown first), then the
  freshly issued invitation links and access codes: only their hashes are stored with
  the invitations, so the CSV and the printable slips are served from here, for a short
  while.

Why not a signed hidden field: it would make the questionnaire round-trip through the
browser on every tab and cannot serve GET pages (preview, CSV, slips). Entries live in
the database (``services/staging.py``), encrypted with a key that only the signed
session of the administrator who created them holds: another session cannot read an
entry even with its token, a copy of the database reads none, and every app server
finds them.
"""

from __future__ import annotations

import re
from typing import Any

from flask import session
from flask_login import current_user

from selfassess.services import staging

TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")
#: At most this many live entries of a kind per session (older ones are forgotten).
PER_SESSION = 5


class Stash:
    """Entries of one ``kind``, each valid for ``max_age`` seconds."""

    def __init__(self, kind: str, max_age: int) -> None:
        self.kind = kind
        self.max_age = max_age

    @property
    def _session_key(self) -> str:
        return f"stash-{self.kind}"

    def _keys(self) -> dict[str, str]:
        keys = session.get(self._session_key)
        return dict(keys) if isinstance(keys, dict) else {}

    def put(self, data: dict[str, Any]) -> str:
        """Keep ``data``; returns the token to find it again from this session."""
        token, key = staging.put(self.kind, data, account_id=_account_id(), max_age=self.max_age)
        keys = self._keys()
        keys[token] = key
        session[self._session_key] = dict(list(keys.items())[-PER_SESSION:])
        return token

    def get(self, token: str) -> dict[str, Any] | None:
        """The data under ``token`` when it belongs to this session and is still fresh."""
        key = self._keys().get(token) if TOKEN.fullmatch(token) else None
        if key is None:
            return None
        return staging.get(self.kind, token, key, account_id=_account_id())

    def drop(self, token: str) -> None:
        keys = self._keys()
        if token in keys:
            staging.drop(token)
            del keys[token]
            session[self._session_key] = keys


def _account_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


#: Validated questionnaires waiting to be published (an hour to look them over).
instruments = Stash("instruments", max_age=3600)
#: People of an upload waiting for the administrator's confirmation (no secrets yet).
people = Stash("people", max_age=3600)
#: Issued links and codes (thirty minutes to download and print them).
invitations = Stash("invitations", max_age=1800)
