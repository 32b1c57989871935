"""What the results pages show, read from the published results (suppression applied).

Everything here reads the JSON document of scoring.md (``RoundResults.as_dict``), the
same one the JSON download and the workbook are built from: a cell the exports suppress
is suppressed on every page too, because no page ever sees its number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _

from selfassess.consult import charts
from selfassess.instrument.answers import format_point
from selfassess.instrument.model import Definition, Dimension, Gap, Question, text

if TYPE_CHECKING:  # annotations only: the pages import without pandas
    from selfassess.scoring.gaps import GapResult
    from selfassess.scoring.groups import GroupParts

ALL = "all"
#: The grouping shown when none is chosen.
DEFAULT_GROUPING = "role"


def gap_of(gaps: tuple[GapResult, ...], grouping: str) -> GapResult | None:
    """The first declared gap of the chosen comparison (by sex: women - men), if any."""
    return next((g for g in gaps if g.gap.field == grouping), None)


def grouping_of(parts: GroupParts) -> str:
    """``(("role", "mp"), ("sex", "female"))`` -> ``role,sex``; ``()`` -> ``all``."""
    return ",".join(field for field, _ in parts) or ALL


def groupings(groups: Mapping[str, GroupParts]) -> list[str]:
    """The groupings with at least one group, in the order of the published groups."""
    found: list[str] = []
    for parts in groups.values():
        key = grouping_of(parts)
        if key != ALL and key not in found:
            found.append(key)
    return found


def chosen_grouping(groups: Mapping[str, GroupParts], asked: str | None) -> str:
    available = groupings(groups)
    if asked in available:
        return str(asked)
    return DEFAULT_GROUPING if DEFAULT_GROUPING in available else (available or [ALL])[0]


def members(groups: Mapping[str, GroupParts], grouping: str) -> list[str]:
    """The groups of ``grouping``, in published order."""
    return [g for g, parts in groups.items() if parts and grouping_of(parts) == grouping]


@dataclass(frozen=True)
class Labels:
    """Names of fields, groups, dimensions and questions in one language."""

    definition: Definition
    lang: str
    #: The published groups as structured parts (``Results.group_parts``).
    parts: Mapping[str, GroupParts]

    def field(self, key: str) -> str:
        if key == "role":
            return _("Role")
        try:
            return text(self.definition.profile_field(key).label, self.lang)
        except KeyError:
            return key

    def grouping(self, grouping: str) -> str:
        return " × ".join(self.field(key) for key in grouping.split(","))

    def value(self, key: str, code: str) -> str:
        try:
            if key == "role":
                return text(self.definition.role(code).label, self.lang)
            option = self.definition.profile_field(key).option(code)
        except KeyError:
            return code
        return text(option.label, self.lang) if option else code

    def group(self, group: str) -> str:
        if group == ALL:
            return _("Everyone")
        return " · ".join(self.value(key, code) for key, code in self.parts.get(group, ()))

    def gap(self, gap: Gap) -> str:
        """``Women − Men``: the two sides of a declared gap."""
        return f"{self.value(gap.field, gap.a)} − {self.value(gap.field, gap.b)}"

    def dimension(self, key: str) -> str:
        return text(self.definition.dimension(key).title, self.lang)

    def question(self, key: str) -> str:
        return text(self.definition.question(key).text, self.lang)

    def code(self, question: Question, code: str) -> str:
        """The label of a point value, missing code, option code or ``blank``."""
        if code == "blank":
            return _("No answer")
        if question.type == "scale":
            scale = self.definition.scale_of(question)
            point = next((p for p in scale.points if format_point(p.value) == code), None)
            if point is not None:
                return f"{code} · {text(point.label, self.lang)}"
            missing = next((m for m in scale.missing if m.code == code), None)
            return text(missing.label, self.lang) if missing else code
        option = question.option(code)
        return text(option.label, self.lang) if option else code


def cell_value(
    cell: Mapping[str, Any] | None, interval: tuple[float, float] | None = None
) -> charts.Value:
    if not cell:
        return charts.Value(None, 0)
    hidden = bool(cell.get("suppressed"))
    return charts.Value(
        cell.get("score"), int(cell.get("n", 0)), hidden, None if hidden else interval
    )


def by_key(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["key"]: item for item in items}


def depth(definition: Definition, dimension: Dimension) -> int:
    level = 0
    while dimension.parent is not None:
        dimension = definition.dimension(dimension.parent)
        level += 1
    return level


def code_order(definition: Definition, question: Question) -> list[str]:
    """The counts keys of a question in reading order: points, missing codes, blank."""
    if question.type == "scale":
        scale = definition.scale_of(question)
        codes = [format_point(p.value) for p in scale.points] + list(scale.missing_codes)
    else:
        codes = [o.code for o in question.options]
    return [*codes, "blank"]


def distribution(
    definition: Definition, question: Question, counts: Mapping[str, int]
) -> list[tuple[str, int, float, str]]:
    """``(code, count, share, colour)`` in reading order; shares of all applicable."""
    codes = code_order(definition, question)
    total = sum(int(counts.get(code, 0)) for code in codes) or 1
    if question.type == "scale":
        scale = definition.scale_of(question)
        colours = charts.distribution_colours(len(scale.points), len(scale.missing))
    else:
        colours = [*(charts.colour_of_series(i) for i in range(len(codes) - 1)), "#ffffff"]
    return [
        (code, int(counts.get(code, 0)), int(counts.get(code, 0)) / total, colour)
        for code, colour in zip(codes, colours, strict=True)
    ]
