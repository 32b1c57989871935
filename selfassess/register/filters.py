"""Filtering and searching the register's JSON list (the register page's filters)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RegisterFilter:
    status: str = ""
    body: str = ""
    #: An ``INSTRUMENT:ITEM`` link.
    item: str = ""
    source: str = ""
    sdg: str = ""
    overdue: bool = False
    q: str = ""

    @classmethod
    def from_args(cls, args: Any) -> RegisterFilter:
        return cls(
            status=args.get("status", "").strip(),
            body=args.get("body", "").strip(),
            item=args.get("item", "").strip(),
            source=args.get("source", "").strip(),
            sdg=args.get("sdg", "").strip(),
            overdue=args.get("overdue") in ("1", "on", "true"),
            q=args.get("q", "").strip()[:200],
        )

    @property
    def active(self) -> bool:
        return any((self.status, self.body, self.item, self.source, self.sdg, self.overdue, self.q))

    def keeps(self, item: dict[str, Any]) -> bool:
        bodies = set(item["responsible"]) | {a["responsible"] for a in item["actions"]}
        checks = (
            not self.status or item["status"] == self.status,
            not self.body or self.body in bodies,
            not self.item or self.item in item["links"],
            not self.source or item["source"] == self.source,
            not self.sdg or self.sdg in item["sdg"],
            not self.overdue or item["overdue"],
            not self.q or self.q.casefold() in _searchable(item),
        )
        return all(checks)

    def apply(self, items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        return [item for item in items if self.keeps(item)]


def _searchable(item: dict[str, Any]) -> str:
    parts = [item["ref"], item["source"], *item["text"].values()]
    for action in item["actions"]:
        parts.extend(action["text"].values())
    return "\n".join(parts).casefold()


def choices(items: list[dict[str, Any]], key: str) -> list[str]:
    """The distinct values of a list field (or a text field) across the register."""
    found: set[str] = set()
    for item in items:
        value = item[key]
        found.update(value if isinstance(value, list) else [value] if value else [])
    return sorted(found)
