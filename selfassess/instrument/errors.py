"""Issues found while reading a questionnaire file: the one collector (``tabular.problems``)."""

from __future__ import annotations

from collections.abc import Iterable

from selfassess.tabular.problems import Issue, Problems

__all__ = ["InvalidDefinition", "Issue", "Issues", "describe_location"]

#: The questionnaire's name for the one collector of located problems.
Issues = Problems


class InvalidDefinition(ValueError):
    """A stored or generated definition that does not validate (it should never happen)."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = list(issues)
        super().__init__("; ".join(str(issue) for issue in self.issues))


def describe_location(location: str) -> str:
    """``line 12`` for a YAML line, the sheet reference as it is for a workbook."""
    return f"line {location}" if location.isdigit() else location
