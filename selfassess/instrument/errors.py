"""Issues found while reading a questionnaire file, each with its location."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Issue:
    """One problem in a file: ``PATH:LOCATION: message``.

    ``location`` is a 1-based line for YAML (``12``) and a sheet row or cell for workbooks
    (``questions!7``, ``questions!C7``).
    """

    path: str
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.location}: {self.message}"


class Issues:
    """Collects every issue of one file in the order found, without repeats.

    Like the ONS validator's ``add_error``: checks report and carry on, so one run shows
    the author every problem instead of the first.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._items: list[Issue] = []
        self._seen: set[tuple[str, str]] = set()
        self._silenced: set[str] = set()

    def add(self, location: str, message: str) -> None:
        if location in self._silenced or (location, message) in self._seen:
            return
        self._seen.add((location, message))
        self._items.append(Issue(self.path, location, message))

    def silence(self, location: str) -> None:
        """Drop later issues at ``location``: its first issue already says what is wrong."""
        self._silenced.add(location)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Issue]:
        return iter(self._items)

    def as_list(self) -> list[Issue]:
        return list(self._items)


class InvalidDefinition(ValueError):
    """A stored or generated definition that does not validate (it should never happen)."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = list(issues)
        super().__init__("; ".join(str(issue) for issue in self.issues))


def describe_location(location: str) -> str:
    """``line 12`` for a YAML line, the sheet reference as it is for a workbook."""
    return f"line {location}" if location.isdigit() else location
