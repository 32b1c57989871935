"""The Data sheet's content: respondent-level answers, pseudonymised.

Pure pandas/Python; the workbook module only writes what this returns. Database ids never
leave: each row gets a fresh random id (``R-7F3K2Q``) and the rows are shuffled, so
neither the id nor the position links a row to an account, an invitation or another
export. A profile value shared by fewer than k respondents is blanked, so a rare
combination cannot single a person out.
"""

from __future__ import annotations

import math
import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from selfassess.instrument.model import Definition

#: Letters and digits without look-alikes (no 0/O, 1/I).
ID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
ID_LENGTH = 6

Cell = float | str | None

#: Question types whose answers are written as numbers (a scale's point values).
NUMERIC = frozenset({"scale", "number"})


@dataclass(frozen=True)
class DataColumn:
    """One column of the Data sheet, values already in the shuffled row order."""

    key: str
    #: Free text: given a wide column.
    wide: bool
    values: list[Cell]


def pseudonyms(count: int) -> list[str]:
    """``count`` distinct random ids like ``R-7F3K2Q`` (from :mod:`secrets`)."""
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        pid = "R-" + "".join(secrets.choice(ID_ALPHABET) for _ in range(ID_LENGTH))
        if pid not in seen:
            seen.add(pid)
            out.append(pid)
    return out


class _Memo(dict[Any, Cell]):
    """Converts each distinct raw value once: a column holds few distinct answers."""

    def __init__(self, convert: Callable[[Any], Cell]) -> None:
        super().__init__()
        self.convert = convert

    def __missing__(self, raw: Any) -> Cell:
        value = self[raw] = self.convert(raw)
        return value


def _text(raw: Any) -> str | None:
    """A raw value as a non-empty string, None for no answer (None, NaN, NA, '')."""
    if isinstance(raw, str):
        return raw or None
    if raw is None or raw is pd.NA or (isinstance(raw, float) and math.isnan(raw)):
        return None
    return str(raw)


def _number(raw: Any) -> Cell:
    """A finite number as a float, anything else as its text (a missing code)."""
    value = _text(raw)
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return value
    return number if math.isfinite(number) else value


def _column(
    data: pd.DataFrame, key: str, order: list[int], convert: Callable[[Any], Cell]
) -> list[Cell]:
    """Column ``key`` converted and in row ``order``; all None when ``data`` lacks it."""
    if key not in data.columns:
        return [None] * len(order)
    raw = data[key].tolist()
    return list(map(_Memo(convert).__getitem__, (raw[i] for i in order)))


def _blank_rare(values: list[Cell], k: int) -> list[Cell]:
    counts = Counter(v for v in values if v is not None)
    rare = {v for v, c in counts.items() if c < k}
    if not rare:
        return values
    return [None if v in rare else v for v in values]


def data_columns(definition: Definition, data: pd.DataFrame, k: int) -> list[DataColumn]:
    """The Data sheet: ``respondent``, ``role``, profile fields, then questions.

    ``data`` has one row per submitted response: ``response_id``, ``role``, profile field
    keys and question keys, raw values as strings. Columns missing from ``data`` come out
    empty; extra columns (``response_id`` included) are dropped.
    """
    # The ids are random already; the shuffled order keeps position from telling either.
    order = list(range(len(data)))
    secrets.SystemRandom().shuffle(order)
    columns = [
        DataColumn("respondent", False, list(pseudonyms(len(data)))),
        DataColumn("role", False, _column(data, "role", order, _text)),
    ]
    for pf in definition.profile:
        convert = _number if pf.type == "number" else _text
        values = _blank_rare(_column(data, pf.key, order, convert), k)
        columns.append(DataColumn(pf.key, pf.type == "text", values))
    for q in definition.iter_questions():
        convert = _number if q.type in NUMERIC else _text
        columns.append(DataColumn(q.key, q.type == "text", _column(data, q.key, order, convert)))
    return columns
