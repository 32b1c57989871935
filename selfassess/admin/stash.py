"""Short-lived server-side files that carry a multi-step form from one page to the next.

Two flows need data between requests that must not come back from the browser:

* an uploaded questionnaire between validation, preview (language tabs are plain links,
  so GET requests) and publishing: we keep the *validated canonical JSON*, never the
  raw upload, so what is published is exactly what was previewed;
* freshly issued invitation links and access codes: only their hashes are stored in
  the database, so the CSV and the printable slips are served from here, once, for a
  short while.

Why files and not a signed hidden field: a signed field would make the questionnaire
round-trip through the browser on every tab and cannot serve GET pages (preview,
CSV, slips). Each entry is a JSON file in ``instance/stash/<kind>/`` named by a random
token (mode 0600), listed in the signed session of the administrator who created it —
another session cannot read it even with the token — and deleted when used, dropped,
or older than its ``max_age``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from pathlib import Path
from typing import Any

from flask import current_app, session

TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")
#: At most this many live entries of a kind per session (older ones are forgotten).
PER_SESSION = 5


class Stash:
    """Entries of one ``kind`` (a folder name), each valid for ``max_age`` seconds."""

    def __init__(self, kind: str, max_age: int) -> None:
        self.kind = kind
        self.max_age = max_age

    @property
    def _folder(self) -> Path:
        return Path(current_app.instance_path) / "stash" / self.kind

    @property
    def _session_key(self) -> str:
        return f"stash-{self.kind}"

    def put(self, data: dict[str, Any]) -> str:
        """Keep ``data``; returns the token to find it again from this session."""
        self._sweep()
        token = secrets.token_urlsafe(16)
        self._folder.mkdir(parents=True, exist_ok=True)
        path = self._folder / f"{token}.json"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            json.dump(data, file, ensure_ascii=False)
        tokens = [*session.get(self._session_key, []), token][-PER_SESSION:]
        session[self._session_key] = tokens
        return token

    def get(self, token: str) -> dict[str, Any] | None:
        """The data under ``token`` when it belongs to this session and is still fresh."""
        path = self._path(token)
        if path is None or not path.exists():
            return None
        if time.time() - path.stat().st_mtime > self.max_age:
            path.unlink(missing_ok=True)
            return None
        with path.open(encoding="utf-8") as file:
            return json.load(file)  # type: ignore[no-any-return]

    def drop(self, token: str) -> None:
        path = self._path(token)
        if path is not None:
            path.unlink(missing_ok=True)
        session[self._session_key] = [t for t in session.get(self._session_key, []) if t != token]

    def _path(self, token: str) -> Path | None:
        if not TOKEN.fullmatch(token) or token not in session.get(self._session_key, []):
            return None
        return self._folder / f"{token}.json"

    def _sweep(self) -> None:
        """Delete every entry of this kind that is past its age, whoever made it."""
        if not self._folder.is_dir():
            return
        limit = time.time() - self.max_age
        for path in self._folder.glob("*.json"):
            try:
                if path.stat().st_mtime < limit:
                    path.unlink(missing_ok=True)
            except FileNotFoundError:  # another request swept it first
                continue


#: Validated questionnaires waiting to be published (an hour to look them over).
instruments = Stash("instruments", max_age=3600)
#: Issued links and codes (thirty minutes to download and print them).
invitations = Stash("invitations", max_age=1800)
