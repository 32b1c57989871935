"""One validator for both file forms: it reads the located tree and builds the Definition.

Every check reports through :class:`~selfassess.instrument.errors.Issues` and carries on
with a best-effort value, so a single run lists every problem of a file. The Definition is
returned only when nothing was reported. Defaults of the format are filled in here (roles,
weights, booleans, numbers as int when integral) so that equal meaning gives an equal
Definition whichever form it came from.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Sequence
from typing import cast

from selfassess.instrument.errors import Issues, describe_location
from selfassess.instrument.model import (
    FORMAT,
    PROFILE_TYPES,
    QUESTION_TYPES,
    Definition,
    Dimension,
    Number,
    Option,
    Point,
    ProfileField,
    ProfileType,
    Question,
    QuestionType,
    Role,
    Scale,
)
from selfassess.instrument.tree import Node, kind_of

INSTRUMENT_KEY = re.compile(r"[a-z0-9][a-z0-9-]*")
INNER_KEY = re.compile(r"[a-z0-9][a-z0-9_-]*")
LANGUAGE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*")
#: Keys are stored in 64-character database columns (roles, question keys, instrument key).
MAX_KEY_LENGTH = 64
#: Deeper trees of dimensions are a mistake, not a questionnaire.
MAX_DIMENSION_DEPTH = 10
#: Profile field keys become columns of the response import file beside these.
RESERVED_COLUMNS = ("respondent", "role")

TOP_REQUIRED = ("format", "key", "version", "languages", "title", "roles", "dimensions")
TOP_OPTIONAL = ("description", "draft_languages", "profile", "scales")
SCALE_REQUIRED = ("points",)
SCALE_OPTIONAL = ("missing",)
DIMENSION_REQUIRED = ("key", "title")
DIMENSION_OPTIONAL = ("description", "weight", "questions", "dimensions")
QUESTION_REQUIRED = ("key", "type", "text")
QUESTION_OPTIONAL = (
    *("scale", "help", "roles", "weight", "reverse", "required", "comment"),
    *("options", "min", "max"),
)
PROFILE_REQUIRED = ("key", "type", "label")
PROFILE_OPTIONAL = ("help", "roles", "required", "options")

#: Keys that only some question types may have: key -> the types that may.
QUESTION_KEY_TYPES: dict[str, tuple[str, ...]] = {
    "scale": ("scale",),
    "weight": ("scale",),
    "reverse": ("scale",),
    "options": ("choice", "multi"),
    "min": ("number",),
    "max": ("number",),
}
#: Keys that some question types must have: type -> keys.
QUESTION_TYPE_NEEDS: dict[str, tuple[str, ...]] = {
    "scale": ("scale",),
    "choice": ("options",),
    "multi": ("options",),
}
QUESTION_RULES = (QUESTION_KEY_TYPES, QUESTION_TYPE_NEEDS)
PROFILE_RULES: tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]] = (
    {"options": ("choice",)},
    {"choice": ("options",)},
)


def validate(
    root: Node | None, issues: Issues, orphan_questions: Iterable[Node] = ()
) -> Definition | None:
    """The Definition of ``root``, or None when anything (here or before) was reported.

    ``orphan_questions`` are questions a loader could not place in a dimension (a workbook
    row naming an unknown dimension): they are checked too, so their other problems show.
    """
    if root is None:
        return None
    validator = _Validator(issues)
    definition = validator.definition(root)
    for node in orphan_questions:
        validator.question(node, _name(node, "questions", "question"), "")
    return None if issues else definition


def _join(ctx: str, name: str) -> str:
    return f"{ctx}.{name}" if ctx else name


def _name(node: Node, kind: str, fallback: str) -> str:
    """``kind.KEY`` for an item with a usable key, else ``fallback`` (its position)."""
    key = node.value.get("key") if node.is_mapping else None
    if key is not None and isinstance(key.value, str) and INNER_KEY.fullmatch(key.value):
        return f"{kind}.{key.value}"
    return fallback


def _listing(names: Iterable[str]) -> str:
    return ", ".join(names) or "none"


def _normalise(value: int | float) -> Number:
    return int(value) if isinstance(value, float) and value.is_integer() else value


class _Validator:
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
                hint = f"did you mean '{close[0]}'?" if close else f"allowed: {_listing(allowed)}"
                self.error(child.key_at, ctx, f"unknown key '{name}' ({hint})")
            elif child.value is None and name in required:
                self.error(child.key_at, _join(ctx, name), "has no value")
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
        return _normalise(value)

    def weight(self, node: Node | None, ctx: str) -> Number:
        if node is None:
            return 1
        value = self.number(node, _join(ctx, "weight"))
        if value is not None and value <= 0:
            self.error(node.at, _join(ctx, "weight"), f"must be greater than 0, got {value}")
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
            self.error(
                node.at, ctx, f"unknown {what} {node.value!r} (allowed: {_listing(allowed)})"
            )
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
                    f"language '{lang}' is not one of the languages ({_listing(self.languages)})",
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
        ctx = _join(ctx, "roles")
        given: dict[str, str] = {}
        for item in self.items(node, ctx):
            key = self.key(item, ctx)
            if key and self.roles_known and key not in self.role_keys:
                self.error(
                    item.at, ctx, f"unknown role '{key}' (known: {_listing(self.role_keys)})"
                )
            self.unique(given, key, item.at, ctx, "role")
        if node.is_list and not node.value:
            self.error(
                node.key_at, ctx, "list at least one role, or leave the key out for all roles"
            )
        return tuple(key for key in self.role_keys if key in given)

    # -- the definition -----------------------------------------------------------------

    def definition(self, root: Node) -> Definition | None:
        fields = self.fields(root, "", TOP_REQUIRED, TOP_OPTIONAL)
        if fields is None:
            return None
        fmt = fields.get("format")
        if fmt is not None and fmt.value != FORMAT:
            self.error(fmt.at, "format", f"must be '{FORMAT}', not {fmt.value!r}")
        key = self.key(fields.get("key"), "key", INSTRUMENT_KEY)
        version = self.version(fields.get("version"))
        languages = self.language_list(fields.get("languages"), "languages")
        if languages is not None and not languages:
            node = fields["languages"]
            self.error(node.key_at, "languages", "list at least one language")
        self.languages = languages or None
        draft = self.draft_languages(fields.get("draft_languages"))
        title = self.text(fields.get("title"), "title")
        description = self.optional_text(fields.get("description"), "description")
        roles = self.roles(fields.get("roles"))
        scales = self.scales(fields.get("scales"))
        profile = self.profile(fields.get("profile"))
        dimensions_node = fields.get("dimensions")
        dimensions = self.dimensions(dimensions_node, "dimensions", None, 0)
        if dimensions_node is not None and dimensions_node.is_list and not dimensions_node.value:
            self.error(dimensions_node.key_at, "dimensions", "list at least one dimension")
        self.check_scale_references(fields.get("scales"))
        if self.issues:
            return None
        return Definition(
            key=key,
            version=version,
            languages=languages or (),
            title=title,
            roles=roles,
            scales=scales,
            dimensions=dimensions,
            profile=profile,
            description=description,
            draft_languages=draft,
        )

    def version(self, node: Node | None) -> int:
        if node is None:
            return 0
        value = self.number(node, "version")
        if value is None:
            return 0
        if not isinstance(value, int) or value < 1:
            self.error(node.at, "version", f"must be a whole number of 1 or more, got {value}")
            return 0
        return value

    def language_list(self, node: Node | None, ctx: str) -> tuple[str, ...] | None:
        if node is None:
            return None
        if not node.is_list:
            self.error(node.at, ctx, f"expected a list like [en, mn], got {kind_of(node.value)}")
            return None
        seen: dict[str, str] = {}
        ok = True
        for item in node.value:
            if not isinstance(item.value, str) or not LANGUAGE.fullmatch(item.value):
                self.error(
                    item.at, ctx, f"{item.value!r} is not a language code (like en, mn, zh-Hant)"
                )
                ok = False
                continue
            if item.value in seen:
                ok = False
            self.unique(seen, item.value, item.at, ctx, "language")
        return tuple(seen) if ok else None

    def draft_languages(self, node: Node | None) -> tuple[str, ...]:
        draft = self.language_list(node, "draft_languages")
        if node is None or draft is None or self.languages is None:
            return ()
        for item in node.value:
            if item.value not in self.languages:
                self.error(
                    item.at,
                    "draft_languages",
                    f"'{item.value}' is not one of the languages ({_listing(self.languages)})",
                )
        return tuple(lang for lang in self.languages if lang in draft)

    def roles(self, node: Node | None) -> tuple[Role, ...]:
        if node is None:
            return ()
        if not node.is_mapping:
            self.error(
                node.at, "roles", f"expected a mapping of role keys, got {kind_of(node.value)}"
            )
            return ()
        if not node.value:
            self.error(node.key_at, "roles", "define at least one role")
        roles = []
        for name, child in node.value.items():
            key = self.key(Node(name, child.key_at), "roles")
            label = self.text(child, _join("roles", name))
            if key:
                roles.append(Role(key=key, label=label))
        self.role_keys = tuple(role.key for role in roles)
        self.roles_known = len(roles) == len(node.value)
        return tuple(roles)

    # -- scales -------------------------------------------------------------------------

    def scales(self, node: Node | None) -> tuple[Scale, ...]:
        if node is None:
            return ()
        if not node.is_mapping:
            self.error(
                node.at, "scales", f"expected a mapping of scale keys, got {kind_of(node.value)}"
            )
            return ()
        scales = []
        for name, child in node.value.items():
            key = self.key(Node(name, child.key_at), "scales")
            scale = self.scale(child, _join("scales", name), key)
            if scale is not None:
                scales.append(scale)
        self.scale_keys = tuple(node.value)
        return tuple(scales)

    def scale(self, node: Node, ctx: str, key: str) -> Scale | None:
        fields = self.fields(node, ctx, SCALE_REQUIRED, SCALE_OPTIONAL)
        if fields is None:
            return None
        points = self.points(fields.get("points"), _join(ctx, "points"))
        missing = self.missing(fields.get("missing"), _join(ctx, "missing"), points)
        return Scale(key=key, points=points, missing=missing)

    def points(self, node: Node | None, ctx: str) -> tuple[Point, ...]:
        if node is None:
            return ()
        points = []
        seen: dict[Number, str] = {}
        items = self.items(node, ctx)
        for index, item in enumerate(items, start=1):
            here = f"{ctx}[{index}]"
            fields = self.fields(item, here, ("value", "label"), ())
            if fields is None:
                continue
            label = self.text(fields.get("label"), _join(here, "label"))
            value_node = fields.get("value")
            value = None if value_node is None else self.number(value_node, _join(here, "value"))
            if value_node is None or value is None:
                continue
            if value in seen:
                self.error(
                    value_node.at,
                    here,
                    f"duplicate point value {value} (first at {describe_location(seen[value])})",
                )
                continue
            seen[value] = value_node.at
            points.append(Point(value=value, label=label))
        if node.is_list and len(items) < 2:
            self.error(node.key_at, ctx, f"a scale needs at least two points, got {len(items)}")
        return tuple(points)

    def missing(self, node: Node | None, ctx: str, points: tuple[Point, ...]) -> tuple[Option, ...]:
        if node is None:
            return ()
        values = {str(point.value) for point in points}
        return self.options(node, ctx, "missing code", clashes=values)

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
            code = self.key(code_node, _join(here, "code"))
            label = self.text(fields.get("label"), _join(here, "label"))
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

    def check_scale_references(self, scales: Node | None) -> None:
        """Scale questions name a defined scale (checked once every scale is known)."""
        if not self.scale_refs or (scales is not None and not scales.is_mapping):
            return
        if not self.scale_keys:
            node, ctx = self.scale_refs[0]
            self.error(node.at, ctx, "there are scale questions but no scales are defined")
            return
        for node, ctx in self.scale_refs:
            if node.value not in self.scale_keys:
                self.error(
                    node.at,
                    ctx,
                    f"unknown scale '{node.value}' (known: {_listing(self.scale_keys)})",
                )

    # -- profile ------------------------------------------------------------------------

    def profile(self, node: Node | None) -> tuple[ProfileField, ...]:
        if node is None:
            return ()
        fields = []
        for index, item in enumerate(self.items(node, "profile"), start=1):
            field = self.profile_field(item, _name(item, "profile", f"profile[{index}]"))
            if field is not None:
                fields.append(field)
        return tuple(fields)

    def profile_field(self, node: Node, ctx: str) -> ProfileField | None:
        fields = self.fields(node, ctx, PROFILE_REQUIRED, PROFILE_OPTIONAL)
        if fields is None:
            return None
        key = self.key(fields.get("key"), _join(ctx, "key"))
        if key:
            self.unique(self.profile_at, key, fields["key"].at, ctx, "profile field")
            if key in RESERVED_COLUMNS:
                self.error(
                    fields["key"].at,
                    ctx,
                    f"'{key}' is reserved for the response import file; choose another key",
                )
        kind = self.choice(fields.get("type"), _join(ctx, "type"), PROFILE_TYPES, "type")
        self.type_keys(node, fields, ctx, kind, PROFILE_RULES, "field")
        options = fields.get("options")
        return ProfileField(
            key=key,
            type=cast(ProfileType, kind),
            label=self.text(fields.get("label"), _join(ctx, "label")),
            roles=self.role_list(fields.get("roles"), ctx),
            options=self.options(options, _join(ctx, "options")) if options else (),
            help=self.optional_text(fields.get("help"), _join(ctx, "help")),
            required=self.boolean(fields.get("required"), _join(ctx, "required")),
        )

    def type_keys(
        self,
        node: Node,
        fields: dict[str, Node],
        ctx: str,
        kind: str,
        rules: tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]],
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
                self.error(child.key_at, _join(ctx, name), f"a {kind} {noun} needs at least one")

    def hint(self, name: str) -> str:
        if name == "scale":
            return f" (one of: {_listing(self.scale_keys)})"
        return ""

    # -- dimensions and questions -------------------------------------------------------

    def dimensions(
        self, node: Node | None, ctx: str, parent: str | None, depth: int
    ) -> tuple[Dimension, ...]:
        if node is None:
            return ()
        if depth >= MAX_DIMENSION_DEPTH:
            self.error(node.at, ctx, f"dimensions are nested more than {MAX_DIMENSION_DEPTH} deep")
            return ()
        result = []
        for index, item in enumerate(self.items(node, ctx), start=1):
            name = _name(item, "dimensions", f"{ctx}[{index}]")
            dimension = self.dimension(item, name, parent, depth)
            if dimension is not None:
                result.append(dimension)
        return tuple(result)

    def dimension(self, node: Node, ctx: str, parent: str | None, depth: int) -> Dimension | None:
        fields = self.fields(node, ctx, DIMENSION_REQUIRED, DIMENSION_OPTIONAL)
        if fields is None:
            return None
        key = self.key(fields.get("key"), _join(ctx, "key"))
        if key:
            self.unique(self.dimension_at, key, fields["key"].at, ctx, "dimension key")
        questions_node = fields.get("questions")
        children_node = fields.get("dimensions")
        if questions_node is not None and children_node is not None:
            self.error(
                node.at,
                ctx,
                "has both 'questions' and 'dimensions'; a dimension holds either questions "
                "or sub-dimensions",
            )
        elif questions_node is None and children_node is None:
            self.error(
                node.at,
                ctx,
                "has neither 'questions' nor 'dimensions'; add questions or sub-dimensions",
            )
        for name, child in (("questions", questions_node), ("dimensions", children_node)):
            if child is not None and child.is_list and not child.value:
                self.error(child.key_at, _join(ctx, name), "is empty")
        questions = self.questions(questions_node, _join(ctx, "questions"), key)
        children = self.dimensions(children_node, _join(ctx, "dimensions"), key or None, depth + 1)
        return Dimension(
            key=key,
            title=self.text(fields.get("title"), _join(ctx, "title")),
            parent=parent,
            description=self.optional_text(fields.get("description"), _join(ctx, "description")),
            weight=self.weight(fields.get("weight"), ctx),
            questions=questions,
            dimensions=children,
        )

    def questions(self, node: Node | None, ctx: str, dimension: str) -> tuple[Question, ...]:
        if node is None:
            return ()
        result = []
        for index, item in enumerate(self.items(node, ctx), start=1):
            question = self.question(item, _name(item, "questions", f"{ctx}[{index}]"), dimension)
            if question is not None:
                result.append(question)
        return tuple(result)

    def question(self, node: Node, ctx: str, dimension: str) -> Question | None:
        fields = self.fields(node, ctx, QUESTION_REQUIRED, QUESTION_OPTIONAL)
        if fields is None:
            return None
        key = self.key(fields.get("key"), _join(ctx, "key"))
        if key:
            key_at = fields["key"].at
            self.unique(self.question_at, key, key_at, ctx, "question key")
            if key in self.profile_at:
                self.error(key_at, ctx, f"'{key}' is also the key of a profile field")
        kind = self.choice(fields.get("type"), _join(ctx, "type"), QUESTION_TYPES, "question type")
        self.type_keys(node, fields, ctx, kind, QUESTION_RULES, "question")
        scale = self.key(fields.get("scale"), _join(ctx, "scale"))
        if scale and kind == "scale":
            self.scale_refs.append((fields["scale"], ctx))
        options = fields.get("options")
        low, high = (
            self.number(fields[name], _join(ctx, name)) if name in fields else None
            for name in ("min", "max")
        )
        if low is not None and high is not None and low > high:
            self.error(fields["max"].at, ctx, f"min ({low}) is greater than max ({high})")
        return Question(
            key=key,
            type=cast(QuestionType, kind),
            text=self.text(fields.get("text"), _join(ctx, "text")),
            roles=self.role_list(fields.get("roles"), ctx),
            dimension=dimension,
            scale=scale or None,
            help=self.optional_text(fields.get("help"), _join(ctx, "help")),
            weight=self.weight(fields.get("weight"), ctx),
            reverse=self.boolean(fields.get("reverse"), _join(ctx, "reverse")),
            required=self.boolean(fields.get("required"), _join(ctx, "required")),
            comment=self.boolean(fields.get("comment"), _join(ctx, "comment")),
            options=self.options(options, _join(ctx, "options")) if options else (),
            min=low,
            max=high,
        )
