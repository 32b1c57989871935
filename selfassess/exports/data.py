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
from dataclasses import dataclass

import pandas as pd

from selfassess.instrument.model import Definition

#: Letters and digits without look-alikes (no 0/O, 1/I).
ID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
ID_LENGTH = 6

Cell = float | str | None


@dataclass(frozen=True)
class DataColumn:
    """One column of the Data sheet, values already in the shuffled row order."""

    key: str
    #: Free text: written wide and wrapped.
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


def _strings(series: pd.Series | None, size: int) -> list[str | None]:
    """Raw values as non-empty strings, None for no answer."""
    if series is None:
        return [None] * size
    out: list[str | None] = []
    for v in series.astype(object).where(series.notna(), None).tolist():
        if v is None or v == "":
            out.append(None)
        else:
            out.append(v if type(v) is str else str(v))
    return out


def _numbers(series: pd.Series | None, strings: list[str | None]) -> list[Cell]:
    """Numbers where the raw value is a finite number, else the raw string (a code)."""
    if series is None:
        return list(strings)
    nums = pd.to_numeric(series, errors="coerce").astype("float64").tolist()
    return [
        n if s is not None and math.isfinite(n) else s for n, s in zip(nums, strings, strict=True)
    ]


def _blank_rare(values: list[str | None], k: int) -> list[str | None]:
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
    size = len(data)
    order = list(range(size))
    secrets.SystemRandom().shuffle(order)

    def col(key: str) -> pd.Series | None:
        return data[key] if key in data.columns else None

    columns = [
        DataColumn("respondent", False, list(pseudonyms(size))),
        DataColumn("role", False, list(_strings(col("role"), size))),
    ]
    for pf in definition.profile:
        raw = _blank_rare(_strings(col(pf.key), size), k)
        if pf.type == "number":
            kept = pd.Series(raw, dtype=object)
            columns.append(DataColumn(pf.key, False, _numbers(kept, raw)))
        else:
            columns.append(DataColumn(pf.key, pf.type == "text", list(raw)))
    for q in definition.iter_questions():
        raw = _strings(col(q.key), size)
        if q.type in ("scale", "number"):
            columns.append(DataColumn(q.key, False, _numbers(col(q.key), raw)))
        else:
            columns.append(DataColumn(q.key, q.type == "text", list(raw)))
    # The ids are random already; shuffle the answers so row order reveals nothing.
    for c in columns[1:]:
        c.values[:] = [c.values[i] for i in order]
    return columns
