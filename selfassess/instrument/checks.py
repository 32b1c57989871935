"""The checks every part of a definition is read with: mappings, keys, numbers, texts.

:class:`Checks` reports through :class:`~selfassess.instrument.errors.Issues` and returns a
best-effort value, so a single run lists every problem of a file. The validators of the
parts (:mod:`~selfassess.instrument.validate_scales`,
:mod:`~selfassess.instrument.validate_questions`, :mod:`~selfassess.instrument.validate`)
build on it and share its state: what is known so far about roles, scales and keys.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Sequence
from typing import cast

from selfassess.instrument.errors import Issues, describe_location
from selfassess.instrument.model import Number, Option
from selfassess.instrument.tree import Node, kind_of

INSTRUMENT_KEY = re.compile(r"[a-z0-9][a-z0-9-]*")
INNER_KEY = re.compile(r"[a-z0-9][a-z0-9_-]*")
LANGUAGE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*")
#: Keys are stored in 64-character database columns (roles, question keys, instrument key).
MAX_KEY_LENGTH = 64

#: Per kind of item, the keys it may have and the keys some of its types need.
Rules = tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]


def join_ctx(ctx: str, name: str) -> str:
    return f"{ctx}.{name}" if ctx else name


def item_name(node: Node, kind: str, fallback: str) -> str:
    """``kind.KEY`` for an item with a usable key, else ``fallback`` (its position)."""
    key = node.value.get("key") if node.is_mapping else None
    if key is not None and isinstance(key.value, str) and INNER_KEY.fullmatch(key.value):
        return f"{kind}.{key.value}"
    return fallback


def listing(names: Iterable[str]) -> str:
    return ", ".join(names) or "none"


def normalise(value: int | float) -> Number:
    return int(value) if isinstance(value, float) and value.is_integer() else value


class Checks:
    """Reporting and the checks of values; the state the parts' validators share."""

    def __init__(self, issues: Issues) -> None:
        self.issues = issues
        #: The listed languages; None when they could not be read (texts then go unchecked
        #: for completeness, to avoid one error per text).
        self.languages: tuple[str, ...] | None = None
        self.role_keys: tuple[str, ...] = ()
        self.roles_known = False
        self.scale_keys: tuple[str, ...] = ()
        self.question_at: dict[str, str] = {}
        self.dimension_at: dict[str, str] = {}
        self.profile_at: dict[str, str] = {}
        #: (the ``scale`` value, its context) of every scale question.
        self.scale_refs: list[tuple[Node, str]] = []

    # -- reporting ----------------------------------------------------------------------

    def error(self, location: str, ctx: str, message: str) -> None:
        self.issues.add(location, f"{ctx}: {message}" if ctx else message)

    def fields(
        self, node: Node, ctx: str, required: Sequence[str], optional: Sequence[str]
    ) -> dict[str, Node] | None:
        """The mapping's entries; unknown keys, missing keys and empty values reported.

        An optional key with an empty value (``help:``) counts as absent.
        """
        if not node.is_mapping:
            what = ", ".join(required) or ", ".join(optional)
            self.error(node.at, ctx, f"expected a mapping (with {what}), got {kind_of(node.value)}")
            return None
        allowed = (*required, *optional)
        result: dict[str, Node] = {}
        for name, child in node.value.items():
            if name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"allowed: {listing(allowed)}"
                self.error(child.key_at, ctx, f"unknown key '{name}' ({hint})")
            elif child.value is None and name in required:
                self.error(child.key_at, join_ctx(ctx, name), "has no value")
            elif child.value is not None:
                result[name] = child
        for name in required:
            if name not in node.value:
                self.error(node.at, ctx, f"missing required key '{name}'")
        return result

    def items(self, node: Node, ctx: str) -> list[Node]:
        if not node.is_list:
            self.error(node.at, ctx, f"expected a list, got {kind_of(node.value)}")
            return []
        return cast(list[Node], node.value)

    def keyed_mapping(self, node: Node, ctx: str, what: str) -> dict[str, Node] | None:
        """A mapping of keys to items (``roles``, ``scales``), or None if it is not one."""
        if not node.is_mapping:
            self.error(
                node.at, ctx, f"expected a mapping of {what} keys, got {kind_of(node.value)}"
            )
            return None
        return cast(dict[str, Node], node.value)

    def keyed_item(
        self,
        node: Node,
        ctx: str,
        rules: tuple[Sequence[str], Sequence[str]],
        seen: dict[str, str],
        what: str,
    ) -> tuple[dict[str, Node], str] | None:
        """An item's fields and its key ('' when wrong), the key unique among ``seen``."""
        fields = self.fields(node, ctx, *rules)
        if fields is None:
            return None
        key = self.key(fields.get("key"), join_ctx(ctx, "key"))
        if key:
            self.unique(seen, key, fields["key"].at, ctx, what)
        return fields, key

    # -- scalars ------------------------------------------------------------------------

    def key(self, node: Node | None, ctx: str, pattern: re.Pattern[str] = INNER_KEY) -> str:
        """A key's text ('' when wrong)."""
        if node is None:
            return ""
        value = node.value
        if isinstance(value, int | float) and not isinstance(value, bool):
            self.error(node.at, ctx, f"a key must be text; write '{value}' in quotes")
            return ""
        if not isinstance(value, str):
            self.error(node.at, ctx, f"a key must be text, got {kind_of(value)}")
            return ""
        if not pattern.fullmatch(value):
            allowed = "a-z 0-9 -" if pattern is INSTRUMENT_KEY else "a-z 0-9 _ -"
            self.error(
                node.at,
                ctx,
                f"invalid key '{value}': use lower-case letters, digits and the characters "
                f"of [{allowed}], starting with a letter or digit",
            )
            return ""
        if len(value) > MAX_KEY_LENGTH:
            self.error(node.at, ctx, f"key '{value}' is longer than {MAX_KEY_LENGTH} characters")
            return ""
        return value

    def number(self, node: Node, ctx: str) -> Number | None:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(node.at, ctx, f"expected a number, got {kind_of(value)}")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.error(node.at, ctx, f"expected a finite number, got {value}")
            return None
        return normalise(value)

    def weight(self, node: Node | None, ctx: str) -> Number:
        if node is None:
            return 1
        value = self.number(node, join_ctx(ctx, "weight"))
        if value is not None and value <= 0:
            self.error(node.at, join_ctx(ctx, "weight"), f"must be greater than 0, got {value}")
        return value or 1

    def boolean(self, node: Node | None, ctx: str) -> bool:
        if node is None:
            return False
        if not isinstance(node.value, bool):
            self.error(node.at, ctx, f"expected true or false, got {kind_of(node.value)}")
            return False
        return node.value

    def choice(self, node: Node | None, ctx: str, allowed: Sequence[str], what: str) -> str:
        if node is None:
            return ""
        if node.value not in allowed or not isinstance(node.value, str):
            self.error(node.at, ctx, f"unknown {what} {node.value!r} (allowed: {listing(allowed)})")
            return ""
        return node.value

    def text(self, node: Node | None, ctx: str) -> dict[str, str]:
        """A text per language, complete in the listed languages, in their order."""
        if node is None:
            return {}
        if not node.is_mapping:
            example = ", ".join(f"{lang}: ..." for lang in self.languages or ("en",))
            self.error(
                node.at,
                ctx,
                f"expected a text per language like {{{example}}}, got {kind_of(node.value)}",
            )
            return {}
        found: dict[str, str] = {}
        for lang, child in node.value.items():
            if self.languages is not None and lang not in self.languages:
                self.error(
                    child.key_at,
                    ctx,
                    f"language '{lang}' is not one of the languages ({listing(self.languages)})",
                )
            elif isinstance(child.value, bool):
                self.error(
                    child.at, ctx, f"the '{lang}' text reads as true/false; put it in quotes"
                )
            elif child.value is None or (isinstance(child.value, str) and not child.value.strip()):
                self.error(child.at, ctx, f"the '{lang}' text is empty")
            elif not isinstance(child.value, str):
                self.error(child.at, ctx, f"the '{lang}' text is {kind_of(child.value)}")
            else:
                found[lang] = child.value.strip()
        for lang in self.languages or ():
            if lang not in node.value:
                self.error(node.key_at, ctx, f"missing the '{lang}' translation")
        order = self.languages or tuple(found)
        return {lang: found[lang] for lang in order if lang in found}

    def optional_text(self, node: Node | None, ctx: str) -> dict[str, str] | None:
        return None if node is None else self.text(node, ctx)

    def unique(self, seen: dict[str, str], name: str, at: str, ctx: str, what: str) -> None:
        """Report ``name`` if already in ``seen``, else remember where it was."""
        if not name:
            return
        if name in seen:
            self.error(
                at, ctx, f"duplicate {what} '{name}' (first at {describe_location(seen[name])})"
            )
        else:
            seen[name] = at

    def role_list(self, node: Node | None, ctx: str) -> tuple[str, ...]:
        """Roles in role order; every role when not given."""
        if node is None:
            return self.role_keys
        ctx = join_ctx(ctx, "roles")
        given: dict[str, str] = {}
        for item in self.items(node, ctx):
            key = self.key(item, ctx)
            if key and self.roles_known and key not in self.role_keys:
                self.error(item.at, ctx, f"unknown role '{key}' (known: {listing(self.role_keys)})")
            self.unique(given, key, item.at, ctx, "role")
        if node.is_list and not node.value:
            self.error(
                node.key_at, ctx, "list at least one role, or leave the key out for all roles"
            )
        return tuple(key for key in self.role_keys if key in given)

    def options(
        self, node: Node, ctx: str, what: str = "option code", clashes: set[str] | None = None
    ) -> tuple[Option, ...]:
        """``[{code, label}]`` items, codes unique within the list and not in ``clashes``."""
        options = []
        seen: dict[str, str] = {}
        for index, item in enumerate(self.items(node, ctx), start=1):
            here = f"{ctx}[{index}]"
            fields = self.fields(item, here, ("code", "label"), ())
            if fields is None:
                continue
            code_node = fields.get("code")
            code = self.key(code_node, join_ctx(here, "code"))
            label = self.text(fields.get("label"), join_ctx(here, "label"))
            if code_node is None or not code:
                continue
            if clashes and code in clashes:
                self.error(code_node.at, here, f"{what} '{code}' is also a point value")
            elif code in seen:
                self.unique(seen, code, code_node.at, here, what)
            else:
                seen[code] = code_node.at
                options.append(Option(code=code, label=label))
        return tuple(options)

    def type_keys(
        self,
        node: Node,
        fields: dict[str, Node],
        ctx: str,
        kind: str,
        rules: Rules,
        noun: str,
    ) -> None:
        """Keys only some types may have, and keys some types must have."""
        key_types, type_needs = rules
        if not kind:
            return
        for name, types in key_types.items():
            if name in fields and kind not in types:
                self.error(
                    fields[name].key_at,
                    ctx,
                    f"'{name}' is only for {' and '.join(types)} {noun}s, not for {kind}",
                )
        for name in type_needs.get(kind, ()):
            child = fields.get(name)
            if child is None:
                self.error(node.at, ctx, f"a {kind} {noun} needs '{name}'{self.hint(name)}")
            elif child.is_list and not child.value:
                self.error(child.key_at, join_ctx(ctx, name), f"a {kind} {noun} needs at least one")

    def hint(self, name: str) -> str:
        if name == "scale":
            return f" (one of: {listing(self.scale_keys)})"
        return ""
