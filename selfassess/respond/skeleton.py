"""The questionnaire page rendered once, then filled with each respondent's answers.

A page's markup is fixed by the instrument version (immutable), the respondent's role,
the page, the language and a few things around them (the round's title, how many
minutes are left, ...). Only the answers (a radio button checked, a text typed), the
CSRF token and the ``loaded`` record of the shown values differ between respondents.
So the page is rendered once through the ordinary template with a hole in each of those
places (:class:`Holes`), split at the holes into a :class:`Skeleton`, kept in a small
in-process LRU keyed by everything else the template reads, and filled by plain string
joins: the same bytes as the template would write, at a fraction of the cost (a test
compares the two).
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from markupsafe import Markup, escape

from selfassess.instrument.answers import MULTI_SEPARATOR

#: Delimits a hole in the rendered skeleton. A control character: questionnaire texts
#: (YAML, workbooks) cannot hold one, so it marks only what :class:`Holes` wrote.
MARK = "\x1f"
_HOLE = re.compile(f"{MARK}(\\d+){MARK}")

#: Skeletons kept per worker process: pages x roles x languages x a few variants.
CACHE_SIZE = 512


@dataclass(frozen=True)
class Hole:
    #: ``check`` (" checked" or nothing), ``text`` (a stored value, escaped),
    #: ``csrf`` (the CSRF token) or ``loaded`` (the JSON of the shown values)
    kind: str
    #: The form field's name (``check`` and ``text``)
    name: str = ""
    #: The option's value (``check``)
    value: str = ""


class Holes:
    """Hands out numbered holes while a skeleton renders."""

    def __init__(self) -> None:
        self.made: list[Hole] = []

    def _make(self, hole: Hole) -> Markup:
        self.made.append(hole)
        # Safe: a control character and a number, nothing from outside.
        return Markup(f"{MARK}{len(self.made) - 1}{MARK}")  # noqa: S704

    def check(self, name: str, value: str) -> Markup:
        """Where `` checked`` goes when field ``name`` holds ``value``."""
        return self._make(Hole("check", name, value))

    def text(self, name: str) -> str:
        """Where field ``name``'s stored text goes (as a field's data)."""
        return str(self._make(Hole("text", name)))

    def csrf(self) -> str:
        return str(self._make(Hole("csrf")))

    def loaded(self) -> str:
        return str(self._make(Hole("loaded")))


@dataclass(frozen=True)
class Skeleton:
    """A rendered page split at its holes: ``parts[i]``, hole ``i``, ``parts[i+1]``..."""

    parts: tuple[str, ...]
    holes: tuple[Hole, ...]
    #: Names of the page's fields: what ``loaded`` records.
    names: frozenset[str]
    #: Names of fields whose stored value holds several options (``multi``).
    multi: frozenset[str]

    @classmethod
    def split(
        cls, html: str, holes: Holes, names: frozenset[str], multi: frozenset[str]
    ) -> Skeleton | None:
        """``html`` rendered with ``holes``; ``None`` unless each hole appears once."""
        pieces = _HOLE.split(html)
        order = [int(number) for number in pieces[1::2]]
        if sorted(order) != list(range(len(holes.made))):
            return None
        return cls(tuple(pieces[::2]), tuple(holes.made[n] for n in order), names, multi)

    def fill(self, stored: dict[str, str], csrf_token: str) -> str:
        """The page showing ``stored`` (saved values by field name)."""
        loaded = json.dumps({n: v for n, v in stored.items() if n in self.names and v})
        out = [self.parts[0]]
        for hole, part in zip(self.holes, self.parts[1:], strict=True):
            if hole.kind == "check":
                chosen = stored.get(hole.name, "")
                if hole.name in self.multi:
                    hit = hole.value in chosen.split(MULTI_SEPARATOR)
                else:
                    hit = hole.value == chosen
                out.append(" checked" if hit else "")
            elif hole.kind == "text":
                out.append(escape(stored.get(hole.name, "")))
            elif hole.kind == "csrf":
                out.append(escape(csrf_token))
            else:
                out.append(escape(loaded))
            out.append(part)
        return "".join(out)


class SkeletonCache:
    """A thread-safe LRU of skeletons (a gthread worker serves two requests at once)."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._kept: OrderedDict[Hashable, Skeleton] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], Skeleton | None]) -> Skeleton | None:
        found = self.peek(key)
        if found is not None:
            return found
        built = build()  # outside the lock: two threads may build it once each
        if built is not None:
            with self._lock:
                self._kept[key] = built
                while len(self._kept) > self.size:
                    self._kept.popitem(last=False)
        return built

    def peek(self, key: Hashable) -> Skeleton | None:
        """The skeleton of ``key`` if one is kept; never builds one."""
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
            return found

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


#: The process's skeletons of questionnaire pages.
pages = SkeletonCache()
