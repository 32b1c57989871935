"""The Data sheet's content: respondent-level answers, pseudonymised.

Pure pandas/Python; the workbook module only writes what this returns. Database ids never
leave: each row gets a fresh random id (``R-7F3K2Q``) and the rows are shuffled, so
neither the id nor the position links a row to an account, an invitation or another
export. Role and choice profile values are generalised (:mod:`.generalise`) so that no
combination of them singles out fewer than k people and no hidden group can be picked
out and re-scored; other profile fields and free texts are left out.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable, Set
from dataclasses import dataclass
from typing import Any

import pandas as pd

from selfassess.exports.generalise import generalise
from selfassess.instrument.model import Definition

#: Letters and digits without look-alikes (no 0/O, 1/I).
ID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
ID_LENGTH = 6

Cell = float | str | None

#: Question types whose answers are written as numbers (a scale's point values).
NUMERIC = frozenset({"scale", "number"})
#: Question types of the Data sheet: no free text.
ROW_LEVEL = frozenset({"scale", "choice", "multi", "number"})


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


def data_columns(
    definition: Definition, data: pd.DataFrame, k: int, protected: Set[str] = frozenset()
) -> list[DataColumn]:
    """The Data sheet: ``respondent``, ``role``, choice profile fields, then questions.

    ``data`` has one row per submitted response: ``response_id``, ``role``, profile field
    keys and question keys, raw values as strings. ``protected``: groups with a hidden
    cell (``Results.protected``). Columns missing from ``data`` come out empty; extra
    columns (``response_id`` included) are dropped. No row at all when fewer than k
    rows cannot be told apart.
    """
    # The ids are random already; the shuffled order keeps position from telling either.
    order = list(range(len(data)))
    secrets.SystemRandom().shuffle(order)
    fields = [pf for pf in definition.profile if pf.type == "choice"]
    raw = {
        key: [None if v is None else str(v) for v in _column(data, key, order, _text)]
        for key in ["role", *(f.key for f in fields)]
    }
    shown = generalise(definition, raw, k, protected)
    if shown is None:
        order = []
        shown = {key: [] for key in raw}
    columns = [DataColumn("respondent", False, list(pseudonyms(len(order))))]
    columns += [DataColumn(key, False, list(values)) for key, values in shown.items()]
    for q in definition.iter_questions():
        if q.type in ROW_LEVEL and q.surveyed:
            convert = _number if q.type in NUMERIC else _text
            columns.append(DataColumn(q.key, False, _column(data, q.key, order, convert)))
    return columns
