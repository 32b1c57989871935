"""The grants the express path finds in a browser's session, and those a process keeps.

A browser's signed session holds, per round id, the response it was granted and, for an
anonymous round, the invitation behind it (``respond/grants.py``). :func:`held` lists them
for one slug; :class:`Grant` is one the database confirmed (a row of
``express.GRANTED``); :class:`Remembered` keeps the confirmed ones of a process, so that an
autosave need not read its grant again: its write checks the grant as it was read
(:attr:`Grant.guard`, ``express_save.GUARDED_TOUCH``), writes nothing if anything changed
since, and the grant is then forgotten.

What is kept never names an invitation: the key is the round, the slug and the response,
and the invitation comes from the request's own session each time. So no process keeps a
trace that ties an anonymous response to the invitation it came through.
"""

from __future__ import annotations

import threading
from typing import Any, NamedTuple

from selfassess.services import responses


class GrantKey(NamedTuple):
    """A response a browser's session is granted in the round of ``slug``."""

    round_id: int
    slug: str
    response_id: int


class Grant:
    """A draft granted to this browser in an open round, as the database confirmed it."""

    def __init__(self, key: GrantKey, invitation_id: int | None, row: dict[str, Any]) -> None:
        self.key, self.invitation_id, self.row = key, invitation_id, row
        self.draft = responses.Draft(key.response_id, row["role"], row["anonymous"])

    @property
    def guard(self) -> dict[str, Any]:
        """What a write checks again (``express_save.GUARDED_TOUCH``): the grant as read."""
        return {
            "g_round_id": self.key.round_id,
            "g_slug": self.key.slug,
            "g_invitation_id": self.invitation_id,
            "g_role": self.row["role"],
            "g_anonymous": self.row["anonymous"],
            "g_hash": self.row["content_hash"],
        }


def held(session: dict[str, Any], slug: str) -> list[tuple[GrantKey, int | None]]:
    """The grants ``session`` holds, each with the invitation it names, for ``slug``."""
    given = session.get("respond")
    if not isinstance(given, dict):
        return []
    found = []
    for round_key, grant in given.items():
        if not (
            isinstance(grant, dict)
            and isinstance(grant.get("response"), int)
            and str(round_key).isdigit()
        ):
            continue
        invitation = grant.get("invitation")
        found.append(
            (
                GrantKey(int(round_key), slug, grant["response"]),
                invitation if isinstance(invitation, int) else None,
            )
        )
    return found


class Remembered:
    """The grants this process confirmed lately, without their invitations: at most
    :data:`GRANTS_KEPT`, the oldest dropped first."""

    def __init__(self) -> None:
        self._rows: dict[GrantKey, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: GrantKey, invitation_id: int | None) -> Grant | None:
        """The grant of ``key`` if confirmed lately, with this request's invitation."""
        row = self._rows.get(key)
        return None if row is None else Grant(key, invitation_id, row)

    def keep(self, grant: Grant) -> None:
        with self._lock:
            self._rows.pop(grant.key, None)
            while len(self._rows) >= GRANTS_KEPT:
                del self._rows[next(iter(self._rows))]
            self._rows[grant.key] = grant.row

    def forget(self, grant: Grant) -> None:
        with self._lock:
            self._rows.pop(grant.key, None)

    def __len__(self) -> int:
        return len(self._rows)


#: Grants a process remembers (a few hundred bytes each).
GRANTS_KEPT = 10_000
