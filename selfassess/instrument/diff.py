"""What changed between two versions of an instrument, item by item (pure: no Flask, no DB).

Items are matched by key, as rounds are: a question that keeps its key is the same
question. Each item is flattened from the canonical form into ``path -> value`` (texts
per language as ``text.en``; option and point lists by their code or value, as
``options.female.label.mn``), and the paths whose values differ are reported. Each
changed path falls in a category, so a reviewer sees at once whether only wording
changed or whether scores stop being comparable: ``text``, ``scale`` (scale, points,
missing codes, reverse), ``weight`` or ``structure`` (everything else).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from selfassess.instrument.canonical import definition_to_dict
from selfassess.instrument.model import ASSESSORS, Definition

Status = Literal["added", "removed", "changed"]
#: Kinds of items, in the order a diff lists them.
ITEMS: tuple[str, ...] = ("instrument", "role", "profile", "scale", "dimension", "question")
#: Categories of a changed path, in the order a summary shows them.
CATEGORIES: tuple[str, ...] = ("text", "scale", "weight", "structure")

_TEXT_KEYS = frozenset({"title", "description", "label", "text", "help"})
_SCALE_KEYS = frozenset({"scale", "points", "missing", "reverse"})
#: Keys of a list item that identify it (option codes, point values).
_IDENTITY_KEYS = ("code", "value")


@dataclass(frozen=True)
class FieldChange:
    """One path of an item whose value differs; ``None`` stands for "absent"."""

    path: str
    old: Any
    new: Any

    @property
    def category(self) -> str:
        parts = self.path.split(".")
        if parts[0] in _TEXT_KEYS or "label" in parts[1:]:
            return "text"
        if parts[0] in _SCALE_KEYS:
            return "scale"
        if parts[0] == "weight":
            return "weight"
        return "structure"


@dataclass(frozen=True)
class ItemChange:
    item: str
    key: str
    status: Status
    #: The differing paths, for a changed item; empty for an added or removed one.
    fields: tuple[FieldChange, ...] = ()

    @property
    def categories(self) -> tuple[str, ...]:
        """The categories of the changed paths, in :data:`CATEGORIES` order."""
        found = {f.category for f in self.fields}
        return tuple(c for c in CATEGORIES if c in found)


@dataclass(frozen=True)
class VersionDiff:
    changes: tuple[ItemChange, ...]

    def __bool__(self) -> bool:
        return bool(self.changes)

    def of(self, item: str) -> tuple[ItemChange, ...]:
        return tuple(c for c in self.changes if c.item == item)

    def summary(self) -> dict[str, Counter[str]]:
        """Per item kind with changes: how many were added, removed and changed."""
        counts: dict[str, Counter[str]] = {}
        for change in self.changes:
            counts.setdefault(change.item, Counter())[change.status] += 1
        return counts


def diff_definitions(old: Definition, new: Definition) -> VersionDiff:
    """The changes from ``old`` to ``new``: items of :data:`ITEMS` kinds, matched by key.

    Within a kind, items of ``new`` come in their order (added or changed), then the
    removed items of ``old`` in theirs.
    """
    before, after = _items(definition_to_dict(old)), _items(definition_to_dict(new))
    changes: list[ItemChange] = []
    for item in ITEMS:
        old_items, new_items = before[item], after[item]
        for key, flat in new_items.items():
            if key not in old_items:
                changes.append(ItemChange(item, key, "added"))
            elif fields := _changed_fields(old_items[key], flat):
                changes.append(ItemChange(item, key, "changed", fields))
        changes.extend(
            ItemChange(item, key, "removed") for key in old_items if key not in new_items
        )
    return VersionDiff(tuple(changes))


def _changed_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[FieldChange, ...]:
    paths = list(new) + [p for p in old if p not in new]
    return tuple(
        FieldChange(path, old.get(path), new.get(path))
        for path in paths
        if old.get(path) != new.get(path)
    )


def _items(data: Mapping[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """Every item of a canonical definition, flattened, by kind and key."""
    top = {
        name: data[name]
        for name in ("title", "description", "languages", "draft_languages")
        if name in data
    }
    if "gaps" in data:
        top["gaps"] = [f"{gap['field']}: {gap['a']} - {gap['b']}" for gap in data["gaps"]]
    items: dict[str, dict[str, dict[str, Any]]] = {
        "instrument": {str(data["key"]): _flatten(top)},
        "role": {key: _flatten({"label": label}) for key, label in data["roles"].items()},
        "profile": {f["key"]: _flatten(_without(f, "key")) for f in data.get("profile", [])},
        "scale": {key: _flatten(scale) for key, scale in data.get("scales", {}).items()},
        "dimension": {},
        "question": {},
    }
    for dim, parent in _walk(data["dimensions"], None):
        fields = _without(dim, "key", "questions", "dimensions")
        items["dimension"][dim["key"]] = _flatten({**fields, "parent": parent})
        for question in dim.get("questions", []):
            # Who assesses it, spelt out: the canonical form leaves the default out.
            assessed_by = question.get("assessed_by", list(ASSESSORS))
            own = {**_without(question, "key"), "dimension": dim["key"]}
            flat = _flatten({**own, "assessed_by": assessed_by})
            items["question"][question["key"]] = flat
    return items


def _walk(
    dimensions: list[dict[str, Any]], parent: str | None
) -> Iterator[tuple[dict[str, Any], str | None]]:
    for dim in dimensions:
        yield dim, parent
        yield from _walk(dim.get("dimensions", []), dim["key"])


def _without(mapping: Mapping[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k not in names}


def _identity(value: Any) -> Any:
    """The code or value identifying a list item, or None when it has none."""
    if isinstance(value, Mapping):
        return next((value[k] for k in _IDENTITY_KEYS if k in value), None)
    return None


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """``path -> scalar or list of scalars``; identified list items become paths too."""
    if isinstance(value, Mapping):
        flat: dict[str, Any] = {}
        for key, item in value.items():
            flat.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(value, list) and value and all(_identity(v) is not None for v in value):
        # The identities in order (adding, removing or reordering options shows here),
        # then each item's other keys under its identity.
        flat = {prefix: [_identity(v) for v in value]}
        for item in value:
            rest = {k: v for k, v in item.items() if k not in _IDENTITY_KEYS}
            flat.update(_flatten(rest, f"{prefix}.{_identity(item)}"))
        return flat
    return {prefix: list(value) if isinstance(value, list) else value}
