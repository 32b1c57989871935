"""Assembling the rows of a workbook's sheets into the nested tree of the YAML format.

The reader (:mod:`selfassess.instrument.xlsx`) turns cells into located nodes, row by row;
here the rows become roles, scales, the profile and the tree of dimensions with their
questions and options, so that one validator reads both forms.
"""

from __future__ import annotations

from dataclasses import dataclass

from selfassess.instrument.errors import Issues, describe_location
from selfassess.instrument.model import FORMAT
from selfassess.instrument.tree import Node

#: Sheets nested deeper than this cannot be a tree of dimensions.
MAX_PARENT_CHAIN = 20


@dataclass
class Row:
    """One data row: its location and its cells as nodes, by column (texts grouped)."""

    at: str
    cells: dict[str, Node]

    def get(self, name: str) -> Node | None:
        return self.cells.get(name)

    def node(self, *leave_out: str) -> Node:
        cells = {k: v for k, v in self.cells.items() if k not in leave_out}
        return Node(cells, self.at)


class Assembler:
    """Builds the nested tree of the YAML format from the rows of the sheets."""

    def __init__(self, sheets: dict[str, list[Row]], issues: Issues) -> None:
        self.sheets = sheets
        self.issues = issues
        self.all_questions: list[Node] = []

    def rows(self, name: str) -> list[Row]:
        return self.sheets.get(name, [])

    def tree(self) -> tuple[Node | None, list[Node]]:
        settings = self.rows("settings")
        if "settings" not in self.sheets:
            return None, []
        if not settings:
            self.issues.add("settings!2", "the settings sheet needs one row of values")
            return None, []
        for extra in settings[1:]:
            self.issues.add(extra.at, "the settings sheet has one row of values; this is a second")
        top = settings[0]
        cells = dict(top.cells)
        cells.setdefault("format", Node(FORMAT, top.at))
        cells["roles"] = self.roles()
        if "scales" in self.sheets:
            cells["scales"] = self.scales()
        profile = self.profile()
        if profile is not None:
            cells["profile"] = profile
        if self.rows("gaps"):
            cells["gaps"] = Node([row.node() for row in self.rows("gaps")], "gaps!1")
        dimensions, orphans = self.dimensions()
        cells["dimensions"] = dimensions
        return Node(cells, top.at), orphans

    def required(self, row: Row, name: str) -> str | None:
        node = row.get(name)
        if node is None:
            self.issues.add(row.at, f"the '{name}' column is empty")
            return None
        return str(node.value)

    def roles(self) -> Node:
        roles: dict[str, Node] = {}
        for row in self.rows("roles"):
            key = self.required(row, "key")
            if key is None:
                continue
            if key in roles:
                first = describe_location(roles[key].key_at)
                self.issues.add(row.at, f"duplicate role '{key}' (first at {first})")
                continue
            label = row.get("label") or Node({}, row.at)
            roles[key] = Node(label.value, row.at, row.cells["key"].at)
        return Node(roles, "roles!1")

    def scales(self) -> Node:
        scales: dict[str, dict[str, Node]] = {}
        first_row: dict[str, Row] = {}
        for row in self.rows("scales"):
            key = self.required(row, "scale")
            if key is None:
                continue
            value, code = row.get("value"), row.get("code")
            if (value is None) == (code is None):
                self.issues.add(
                    row.at,
                    "give either a value (a point of the scale) or a code (a missing answer)"
                    + (", not both" if value is not None else ""),
                )
                continue
            if key not in scales:
                first_row[key] = row
                scales[key] = {"points": Node([], row.at)}
            part = "points" if value is not None else "missing"
            scales[key].setdefault(part, Node([], row.at)).value.append(row.node("scale"))
        return Node(
            {
                key: Node(parts, first_row[key].at, first_row[key].cells["scale"].at)
                for key, parts in scales.items()
            },
            "scales!1",
        )

    def grouped(self, sheet: str, column: str, known: dict[str, Node], what: str) -> None:
        """Attaches each row of ``sheet`` as an option to the item its ``column`` names."""
        for row in self.rows(sheet):
            owner = self.required(row, column)
            if owner is None:
                continue
            target = known.get(owner)
            if target is None:
                self.issues.add(
                    row.cells[column].at, f"unknown {what} '{owner}' (not in the {what} sheet)"
                )
                continue
            target.value.setdefault("options", Node([], row.at)).value.append(row.node(column))

    def profile(self) -> Node | None:
        if "profile" not in self.sheets:
            return None
        fields = [row.node() for row in self.rows("profile")]
        by_key = self.keyed(fields)
        self.grouped("profile_options", "field", by_key, "profile field")
        return Node(fields, "profile!1")

    @staticmethod
    def keyed(nodes: list[Node]) -> dict[str, Node]:
        """Nodes by their ``key`` value, first one winning (duplicates are reported later)."""
        result: dict[str, Node] = {}
        for node in nodes:
            key = node.value.get("key")
            if key is not None and isinstance(key.value, str):
                result.setdefault(key.value, node)
        return result

    def dimensions(self) -> tuple[Node, list[Node]]:
        rows = self.rows("dimensions")
        nodes = [row.node("parent") for row in rows]
        by_key = self.keyed(nodes)
        parents = {
            str(row.cells["key"].value): str(row.cells["parent"].value)
            for row in rows
            if "key" in row.cells and "parent" in row.cells
        }
        children: dict[str | None, list[Node]] = {}
        for row, node in zip(rows, nodes, strict=True):
            parent = row.get("parent")
            if parent is None:
                children.setdefault(None, []).append(node)
            elif str(parent.value) not in by_key:
                self.issues.add(parent.at, f"unknown parent dimension '{parent.value}'")
            elif not self.reaches_top(row, parents):
                self.issues.add(
                    parent.at,
                    "following the parents of this dimension goes round in a circle "
                    f"(or deeper than {MAX_PARENT_CHAIN} levels)",
                )
            else:
                children.setdefault(str(parent.value), []).append(node)
        orphans = self.questions(by_key)
        self.grouped("options", "question", self.keyed(self.all_questions), "question")
        return self.attach(children, None, "dimensions!1", depth=0), orphans

    @staticmethod
    def reaches_top(row: Row, parents: dict[str, str]) -> bool:
        key = row.get("key")
        current = None if key is None else str(key.value)
        for _ in range(MAX_PARENT_CHAIN + 1):
            if current not in parents:
                return True
            current = parents[current]
        return False

    def attach(
        self, children: dict[str | None, list[Node]], parent: str | None, at: str, depth: int
    ) -> Node:
        nodes = children.get(parent, [])
        if depth <= MAX_PARENT_CHAIN:
            for node in nodes:
                key = node.value.get("key")
                if key is not None and isinstance(key.value, str) and key.value in children:
                    node.value["dimensions"] = self.attach(children, key.value, node.at, depth + 1)
        return Node(nodes, at)

    def questions(self, dimensions: dict[str, Node]) -> list[Node]:
        """Attaches every question to its dimension; returns those without one."""
        orphans: list[Node] = []
        for row in self.rows("questions"):
            node = row.node("dimension")
            self.all_questions.append(node)
            owner = row.get("dimension")
            if owner is None:
                self.issues.add(row.at, "the 'dimension' column is empty")
                orphans.append(node)
                continue
            target = dimensions.get(str(owner.value))
            if target is None:
                self.issues.add(owner.at, f"unknown dimension '{owner.value}'")
                orphans.append(node)
                continue
            target.value.setdefault("questions", Node([], row.at)).value.append(node)
        return orphans
