"""Pages of a long list: which items a page shows and the links to the others."""

from __future__ import annotations

from dataclasses import dataclass

#: Texts per page of the comments.
PAGE_SIZE = 50


@dataclass(frozen=True)
class Paging:
    """Page ``number`` (from 1) of ``total`` items, ``size`` a page."""

    total: int
    number: int
    size: int = PAGE_SIZE

    @classmethod
    def of(cls, total: int, asked: str | None, size: int = PAGE_SIZE) -> Paging:
        """The page asked for (``?page=``), kept within the pages there are."""
        number = int(asked) if asked and asked.isascii() and asked.isdecimal() else 1
        last = max(1, -(-total // size))
        return cls(total, min(max(number, 1), last), size)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def start(self) -> int:
        return (self.number - 1) * self.size

    @property
    def end(self) -> int:
        return min(self.start + self.size, self.total)

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None
