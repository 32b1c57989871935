"""One validator for both file forms: it reads the located tree and builds the Definition.

Every check reports through :class:`~selfassess.instrument.errors.Issues` and carries on
with a best-effort value, so a single run lists every problem of a file. The Definition is
returned only when nothing was reported. Defaults of the format are filled in here (roles,
weights, booleans, numbers as int when integral) so that equal meaning gives an equal
Definition whichever form it came from.

This module reads the top level, the roles, the profile and the gaps; the scales and the
tree of dimensions and questions have their own modules, and the checks of single values
all of them use live in :mod:`~selfassess.instrument.checks`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from selfassess.instrument.checks import (
    INSTRUMENT_KEY,
    LANGUAGE,
    Rules,
    item_name,
    join_ctx,
    listing,
)
from selfassess.instrument.errors import Issues
from selfassess.instrument.model import (
    FORMAT,
    PROFILE_TYPES,
    Definition,
    Gap,
    ProfileField,
    ProfileType,
    Role,
)
from selfassess.instrument.tree import Node, kind_of
from selfassess.instrument.validate_questions import DimensionChecks
from selfassess.instrument.validate_scales import ScaleChecks

#: Profile field keys become columns of the response import file beside these.
RESERVED_COLUMNS = ("respondent", "role")

TOP_REQUIRED = ("format", "key", "version", "languages", "title", "roles", "dimensions")
TOP_OPTIONAL = ("description", "draft_languages", "profile", "gaps", "scales")
#: A gap's keys (all required) and its optional ones (none).
GAP_KEYS: tuple[tuple[str, ...], tuple[str, ...]] = (("field", "a", "b"), ())
#: A profile field's required and optional keys.
PROFILE_KEYS = (("key", "type", "label"), ("help", "roles", "required", "options"))
PROFILE_RULES: Rules = ({"options": ("choice",)}, {"choice": ("options",)})


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
        validator.question(node, item_name(node, "questions", "question"), "")
    return None if issues else definition


class _Validator(ScaleChecks, DimensionChecks):
    """The whole definition: its top level, roles and profile, then the parts."""

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
        gaps = self.gaps(fields.get("gaps"), profile)
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
            gaps=gaps,
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
                    f"'{item.value}' is not one of the languages ({listing(self.languages)})",
                )
        return tuple(lang for lang in self.languages if lang in draft)

    def roles(self, node: Node | None) -> tuple[Role, ...]:
        entries = None if node is None else self.keyed_mapping(node, "roles", "role")
        if node is None or entries is None:
            return ()
        if not entries:
            self.error(node.key_at, "roles", "define at least one role")
        roles = []
        for name, child in entries.items():
            key = self.key(Node(name, child.key_at), "roles")
            label = self.text(child, join_ctx("roles", name))
            if key:
                roles.append(Role(key=key, label=label))
        self.role_keys = tuple(role.key for role in roles)
        self.roles_known = len(roles) == len(entries)
        return tuple(roles)

    # -- profile ------------------------------------------------------------------------

    def profile(self, node: Node | None) -> tuple[ProfileField, ...]:
        if node is None:
            return ()
        fields = []
        for index, item in enumerate(self.items(node, "profile"), start=1):
            field = self.profile_field(item, item_name(item, "profile", f"profile[{index}]"))
            if field is not None:
                fields.append(field)
        return tuple(fields)

    def profile_field(self, node: Node, ctx: str) -> ProfileField | None:
        item = self.keyed_item(node, ctx, PROFILE_KEYS, self.profile_at, "profile field")
        if item is None:
            return None
        fields, key = item
        if key in RESERVED_COLUMNS:
            self.error(
                fields["key"].at,
                ctx,
                f"'{key}' is reserved for the response import file; choose another key",
            )
        kind = self.choice(fields.get("type"), join_ctx(ctx, "type"), PROFILE_TYPES, "type")
        self.type_keys(node, fields, ctx, kind, PROFILE_RULES, "field")
        options = fields.get("options")
        return ProfileField(
            key=key,
            type=cast(ProfileType, kind),
            label=self.text(fields.get("label"), join_ctx(ctx, "label")),
            roles=self.role_list(fields.get("roles"), ctx),
            options=self.options(options, join_ctx(ctx, "options")) if options else (),
            help=self.optional_text(fields.get("help"), join_ctx(ctx, "help")),
            required=self.boolean(fields.get("required"), join_ctx(ctx, "required")),
        )

    # -- gaps ---------------------------------------------------------------------------

    def gaps(self, node: Node | None, profile: tuple[ProfileField, ...]) -> tuple[Gap, ...]:
        """The declared comparisons: two different codes of the role or a choice field."""
        if node is None:
            return ()
        codes: dict[str, tuple[str, ...]] = {"role": self.role_keys}
        codes |= {f.key: tuple(o.code for o in f.options) for f in profile if f.type == "choice"}
        other_types: dict[str, str] = {f.key: f.type for f in profile if f.type != "choice"}
        gaps: list[Gap] = []
        seen: dict[str, str] = {}
        for index, item in enumerate(self.items(node, "gaps"), start=1):
            ctx = f"gaps[{index}]"
            fields = self.fields(item, ctx, *GAP_KEYS)
            if fields is None:
                continue
            field, a, b = (self.key(fields.get(name), join_ctx(ctx, name)) for name in GAP_KEYS[0])
            if field and field not in codes:
                self.error(fields["field"].at, ctx, self.not_a_grouping(field, other_types, codes))
                continue
            if not (field and a and b):
                continue
            wrong = [
                (name, code) for name, code in (("a", a), ("b", b)) if code not in codes[field]
            ]
            for name, code in wrong:
                if field != "role" or self.roles_known:
                    self.error(
                        fields[name].at,
                        ctx,
                        f"'{code}' is not a code of {field} (codes: {listing(codes[field])})",
                    )
            if a == b:
                self.error(
                    fields["b"].at, ctx, f"a and b are both '{a}'; a gap compares two groups"
                )
            elif not wrong:
                comparison = f"{field}: {a} - {b}"
                if comparison not in seen:
                    gaps.append(Gap(field=field, a=a, b=b))
                self.unique(seen, comparison, item.at, ctx, "gap")
        return tuple(gaps)

    @staticmethod
    def not_a_grouping(
        field: str, other_types: dict[str, str], codes: dict[str, tuple[str, ...]]
    ) -> str:
        if field in other_types:
            return (
                f"'{field}' is a {other_types[field]} profile field; a gap compares the groups "
                "of role or of a choice profile field"
            )
        return f"unknown field '{field}' (role or a choice profile field: {listing(codes)})"
