"""Validating the tree of dimensions and the questions in its leaves."""

from __future__ import annotations

from typing import cast

from selfassess.instrument.checks import Checks, Rules, item_name, join_ctx
from selfassess.instrument.model import ASSESSORS, QUESTION_TYPES, Dimension, Question, QuestionType
from selfassess.instrument.tree import Node, kind_of

#: Deeper trees of dimensions are a mistake, not a questionnaire.
MAX_DIMENSION_DEPTH = 10

#: Required and optional keys of a dimension and of a question.
DIMENSION_KEYS = (("key", "title"), ("description", "weight", "questions", "dimensions"))
QUESTION_KEYS = (
    ("key", "type", "text"),
    (
        *("scale", "help", "roles", "weight", "reverse", "required", "comment"),
        *("options", "min", "max", "assessed_by"),
    ),
)

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
QUESTION_RULES: Rules = (QUESTION_KEY_TYPES, QUESTION_TYPE_NEEDS)


class DimensionChecks(Checks):
    """Dimensions (leaves hold questions, inner ones hold dimensions) and questions."""

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
            name = item_name(item, "dimensions", f"{ctx}[{index}]")
            dimension = self.dimension(item, name, parent, depth)
            if dimension is not None:
                result.append(dimension)
        return tuple(result)

    def dimension(self, node: Node, ctx: str, parent: str | None, depth: int) -> Dimension | None:
        item = self.keyed_item(node, ctx, DIMENSION_KEYS, self.dimension_at, "dimension key")
        if item is None:
            return None
        fields, key = item
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
                self.error(child.key_at, join_ctx(ctx, name), "is empty")
        questions = self.questions(questions_node, join_ctx(ctx, "questions"), key)
        children = self.dimensions(
            children_node, join_ctx(ctx, "dimensions"), key or None, depth + 1
        )
        return Dimension(
            key=key,
            title=self.text(fields.get("title"), join_ctx(ctx, "title")),
            parent=parent,
            description=self.optional_text(fields.get("description"), join_ctx(ctx, "description")),
            weight=self.weight(fields.get("weight"), ctx),
            questions=questions,
            dimensions=children,
        )

    def questions(self, node: Node | None, ctx: str, dimension: str) -> tuple[Question, ...]:
        if node is None:
            return ()
        result = []
        for index, item in enumerate(self.items(node, ctx), start=1):
            question = self.question(
                item, item_name(item, "questions", f"{ctx}[{index}]"), dimension
            )
            if question is not None:
                result.append(question)
        return tuple(result)

    def question(self, node: Node, ctx: str, dimension: str) -> Question | None:
        item = self.keyed_item(node, ctx, QUESTION_KEYS, self.question_at, "question key")
        if item is None:
            return None
        fields, key = item
        if key in self.profile_at:
            self.error(fields["key"].at, ctx, f"'{key}' is also the key of a profile field")
        kind = self.choice(
            fields.get("type"), join_ctx(ctx, "type"), QUESTION_TYPES, "question type"
        )
        self.type_keys(node, fields, ctx, kind, QUESTION_RULES, "question")
        scale = self.key(fields.get("scale"), join_ctx(ctx, "scale"))
        if scale and kind == "scale":
            self.scale_refs.append((fields["scale"], ctx))
        options = fields.get("options")
        low, high = (
            self.number(fields[name], join_ctx(ctx, name)) if name in fields else None
            for name in ("min", "max")
        )
        if low is not None and high is not None and low > high:
            self.error(fields["max"].at, ctx, f"min ({low}) is greater than max ({high})")
        assessed_by = self.assessed_by(fields.get("assessed_by"), ctx, kind)
        return Question(
            key=key,
            type=cast(QuestionType, kind),
            text=self.text(fields.get("text"), join_ctx(ctx, "text")),
            roles=self.role_list(fields.get("roles"), ctx),
            dimension=dimension,
            scale=scale or None,
            help=self.optional_text(fields.get("help"), join_ctx(ctx, "help")),
            weight=self.weight(fields.get("weight"), ctx),
            reverse=self.boolean(fields.get("reverse"), join_ctx(ctx, "reverse")),
            required=self.boolean(fields.get("required"), join_ctx(ctx, "required")),
            comment=self.boolean(fields.get("comment"), join_ctx(ctx, "comment")),
            options=self.options(options, join_ctx(ctx, "options")) if options else (),
            min=low,
            max=high,
            assessed_by=assessed_by,
        )

    def assessed_by(self, node: Node | None, ctx: str, kind: str) -> tuple[str, ...]:
        """Who assesses the question, in the order of ``ASSESSORS``; both when not given."""
        if node is None:
            return ASSESSORS
        ctx = join_ctx(ctx, "assessed_by")
        if not node.is_list:
            self.error(
                node.at,
                ctx,
                f"expected a list like [survey], [panel] or [survey, panel], "
                f"got {kind_of(node.value)}",
            )
            return ASSESSORS
        given: dict[str, str] = {}
        for item in node.value:
            word = self.choice(item, ctx, ASSESSORS, "word")
            self.unique(given, word, item.at, ctx, "word")
        if not node.value:
            self.error(
                node.key_at, ctx, "list survey, panel or both, or leave the key out for both"
            )
        if "panel" in given and kind and kind != "scale":
            self.error(
                given["panel"],
                ctx,
                f"only scale questions can be graded by a panel, not a {kind} question",
            )
        return tuple(word for word in ASSESSORS if word in given) or ASSESSORS
