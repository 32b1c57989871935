"""The plain structure both loaders produce: values that remember where they came from.

A YAML file and a workbook are first turned into the same tree of :class:`Node` objects
(mappings, lists and scalars); one validator then reads that tree, so both forms are held
to exactly the same rules and report problems at the line or cell an author can find.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, eq=False)
class Node:
    """A value with its location.

    ``value`` is a scalar (``None``, bool, int, float, str, date ...), a ``list[Node]`` or a
    ``dict[str, Node]``. ``at`` locates the value; ``key_at`` locates the key under which it
    sits in its parent mapping (for YAML the two differ when the value starts on the next
    line; for list items they are the same).
    """

    value: Any
    at: str
    key_at: str = ""

    def __post_init__(self) -> None:
        if not self.key_at:
            object.__setattr__(self, "key_at", self.at)

    @property
    def is_mapping(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)


def from_plain(value: Any, at: str = "$") -> Node:
    """A tree from plain Python data, located by a path like ``$.dimensions[0].key``.

    Used to validate data that never was a file: a definition stored in the database.
    """
    if isinstance(value, dict):
        return Node({str(k): from_plain(v, f"{at}.{k}") for k, v in value.items()}, at)
    if isinstance(value, list | tuple):
        return Node([from_plain(v, f"{at}[{i}]") for i, v in enumerate(value)], at)
    return Node(value, at)


def kind_of(value: Any) -> str:
    """How a value reads to an author: ``a number``, ``a list`` ..."""
    if value is None:
        return "nothing"
    for types, name in _KINDS:
        if isinstance(value, types):
            return name
    return f"a {type(value).__name__}"


_KINDS: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (bool, "true/false"),
    ((int, float), "a number"),
    (str, "a text"),
    (list, "a list"),
    (dict, "a mapping"),
)
