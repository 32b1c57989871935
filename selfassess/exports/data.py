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

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from selfassess.exports.generalise import generalise
from selfassess.instrument.model import Definition

#: Letters and digits without look-alikes (no 0/O, 1/I).
ID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
ID_LENGTH = 6
#: The alphabet as single characters, indexed by 5 random bits.
ALPHABET = np.array(list(ID_ALPHABET), dtype="<U1")

IntArray = NDArray[np.intp]

Cell = float | str | None

#: Question types whose answers are written as numbers (a scale's point values).
NUMERIC = frozenset({"scale", "number"})
#: Question types of the Data sheet: no free text.
ROW_LEVEL = frozenset({"scale", "choice", "multi", "number"})


@dataclass(frozen=True)
class DataColumn:
    """One column of the Data sheet, in the shuffled row order: each row's position of
    its value in ``distinct`` (-1 for no value), so a column of thousands of answers
    holds each distinct value once."""

    key: str
    #: Free text: given a wide column.
    wide: bool
    codes: IntArray
    distinct: list[Cell]

    @property
    def values(self) -> list[Cell]:
        """Each row's value, None for no value."""
        return [self.distinct[c] if c >= 0 else None for c in self.codes.tolist()]


def pseudonyms(count: int) -> list[str]:
    """``count`` distinct random ids like ``R-7F3K2Q`` (from :mod:`secrets`): each
    letter is 5 random bits of :func:`secrets.token_bytes` (the alphabet has 32)."""
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        need = count - len(out)
        letters = np.frombuffer(secrets.token_bytes(need * ID_LENGTH), dtype=np.uint8) & 31
        drawn = ALPHABET[letters].view(f"<U{ID_LENGTH}").ravel()
        for pid in ("R-" + d for d in drawn.tolist()):
            if pid not in seen:
                seen.add(pid)
                out.append(pid)
    return out


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
    data: pd.DataFrame, key: str, order: IntArray, convert: Callable[[Any], Cell]
) -> tuple[IntArray, list[Cell]]:
    """Column ``key`` in row ``order`` as codes into its distinct converted values; each
    distinct raw value is converted once. All empty when ``data`` lacks the column."""
    if key not in data.columns:
        return np.full(len(order), -1, dtype=np.intp), []
    codes, raw = pd.factorize(data[key], use_na_sentinel=True)
    converted = [convert(v) for v in raw.tolist()]
    # Distinct raw values may convert alike ("3" and "3.0") or to nothing (""): one
    # code per distinct converted value, -1 for nothing.
    distinct: list[Cell] = []
    position: dict[Any, int] = {}
    remap = np.empty(len(converted) + 1, dtype=np.intp)
    for i, value in enumerate(converted):
        if value is None:
            remap[i] = -1
            continue
        marker = (type(value), value)
        if marker not in position:
            position[marker] = len(distinct)
            distinct.append(value)
        remap[i] = position[marker]
    remap[-1] = -1  # pandas' code for NA
    return remap[np.asarray(codes, dtype=np.intp)[order]], distinct


def _coded(values: list[str | None]) -> tuple[IntArray, list[Cell]]:
    codes, distinct = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    return np.asarray(codes, dtype=np.intp), list(distinct.tolist())


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
    shuffled = list(range(len(data)))
    secrets.SystemRandom().shuffle(shuffled)
    order = np.array(shuffled, dtype=np.intp)
    fields = [pf for pf in definition.profile if pf.type == "choice"]
    raw: dict[str, list[str | None]] = {}
    for key in ["role", *(f.key for f in fields)]:
        codes, distinct = _column(data, key, order, _text)
        texts = [None if v is None else str(v) for v in distinct]
        raw[key] = [texts[c] if c >= 0 else None for c in codes.tolist()]
    shown = generalise(definition, raw, k, protected)
    if shown is None:
        order = order[:0]
        shown = {key: [] for key in raw}
    ids: list[Cell] = list(pseudonyms(len(order)))
    columns = [DataColumn("respondent", False, np.arange(len(ids), dtype=np.intp), ids)]
    columns += [DataColumn(key, False, *_coded(values)) for key, values in shown.items()]
    for q in definition.iter_questions():
        if q.type in ROW_LEVEL and q.surveyed:
            convert = _number if q.type in NUMERIC else _text
            columns.append(DataColumn(q.key, False, *_column(data, q.key, order, convert)))
    return columns
