"""Validating the scales: points with distinct values, and the missing answers."""

from __future__ import annotations

from selfassess.instrument.checks import Checks, join_ctx, listing
from selfassess.instrument.errors import describe_location
from selfassess.instrument.model import Number, Option, Point, Scale
from selfassess.instrument.tree import Node

#: A scale's required and optional keys.
SCALE_KEYS = (("points",), ("missing",))


class ScaleChecks(Checks):
    """The ``scales`` mapping, and the scale every scale question names."""

    def scales(self, node: Node | None) -> tuple[Scale, ...]:
        entries = None if node is None else self.keyed_mapping(node, "scales", "scale")
        if entries is None:
            return ()
        scales = []
        for name, child in entries.items():
            key = self.key(Node(name, child.key_at), "scales")
            scale = self.scale(child, join_ctx("scales", name), key)
            if scale is not None:
                scales.append(scale)
        self.scale_keys = tuple(entries)
        return tuple(scales)

    def scale(self, node: Node, ctx: str, key: str) -> Scale | None:
        fields = self.fields(node, ctx, *SCALE_KEYS)
        if fields is None:
            return None
        points = self.points(fields.get("points"), join_ctx(ctx, "points"))
        missing = self.missing(fields.get("missing"), join_ctx(ctx, "missing"), points)
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
            label = self.text(fields.get("label"), join_ctx(here, "label"))
            value_node = fields.get("value")
            value = None if value_node is None else self.number(value_node, join_ctx(here, "value"))
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
                    f"unknown scale '{node.value}' (known: {listing(self.scale_keys)})",
                )
