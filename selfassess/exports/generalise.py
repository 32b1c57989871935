"""Role and profile values of the Data sheet, generalised so no row singles anyone out.

Row-level data would undo suppression if a reader could pick out the rows of a hidden
group and re-score them. So each value is shown only when its code is *visible*, else
left blank:

- a code is visible only when no group it forms (``F=C``, and ``role=R,F=C`` with a
  visible role) has a hidden cell holding someone in the results (``protected``);
- a blank never stands for a single code: the blank rows of a field hold no code or at
  least two (otherwise the smallest visible code is blanked too);
- every combination of shown values (role and every grouping field) occurs in at least
  k rows: while one does not, the least frequent visible code among the rare rows is
  blanked (whole codes, never single cells, so a visible code always shows all its rows).

A visible code's groups are published everywhere, and the blank rows of a field sum to
what the results give anyway (a whole minus its published parts), so re-scoring the rows
recovers nothing that suppression hides. Profile fields that are not choices (numbers,
texts) are left out: they could only identify.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence, Set

from selfassess.instrument.model import Definition
from selfassess.scoring.groups import ROLE, group_name

#: Per field, the shown value of each row: its code, or None for a blank.
Shown = dict[str, list[str | None]]


def grouping_columns(definition: Definition) -> list[tuple[str, tuple[str, ...]]]:
    """The generalised columns: ``role`` and each choice profile field, with their codes."""
    return [(ROLE, definition.role_keys)] + [
        (f.key, tuple(o.code for o in f.options)) for f in definition.grouping_fields
    ]


def generalise(
    definition: Definition,
    rows: Mapping[str, Sequence[str | None]],
    k: int,
    protected: Set[str],
) -> Shown | None:
    """The shown value of every row and column of :func:`grouping_columns`.

    ``rows``: per field key, each row's raw code (None, or a code the field does not
    know, for no value). ``protected``: group names that must not be singled out.
    Returns None when not even every value blanked gives k rows (fewer than k rows).
    """
    columns = grouping_columns(definition)
    size = len(next(iter(rows.values()), []))
    raw: Shown = {
        key: [v if v in codes else None for v in rows.get(key, [None] * size)]
        for key, codes in columns
    }
    roles = {r for r in definition.role_keys if group_name(((ROLE, r),)) not in protected}
    visible: dict[str, set[str]] = {ROLE: roles}
    for key, codes in columns[1:]:
        visible[key] = {
            c
            for c in codes
            if group_name(((key, c),)) not in protected
            and all(group_name(((ROLE, r), (key, c))) not in protected for r in roles)
        }
    counts = {key: Counter(v for v in values if v is not None) for key, values in raw.items()}

    def blank(key: str, code: str) -> None:
        visible[key].discard(code)
        hidden = [c for c in counts[key] if c not in visible[key]]
        shown = sorted((counts[key][c], c) for c in visible[key] if c in counts[key])
        if len(hidden) == 1 and shown:
            visible[key].discard(shown[0][1])

    for key, _ in columns:
        if len([c for c in counts[key] if c not in visible[key]]) == 1:
            blank(key, "")
    while True:
        shown_rows = list(
            zip(
                *([v if v in visible[key] else None for v in raw[key]] for key, _ in columns),
                strict=True,
            )
        )
        combos = Counter(shown_rows)
        rare = [row for row in shown_rows if combos[row] < k]
        if not rare:
            return {key: [row[i] for row in shown_rows] for i, (key, _) in enumerate(columns)}
        candidates = sorted(
            (counts[key][value], i, value)
            for row in set(rare)
            for i, ((key, _), value) in enumerate(zip(columns, row, strict=True))
            if value is not None
        )
        if not candidates:
            # The rare rows are blank everywhere: more rows must join them.
            candidates = sorted(
                (counts[key][c], i, c)
                for i, (key, _) in enumerate(columns)
                for c in visible[key]
                if c in counts[key]
            )
        if not candidates:
            return None
        _, i, value = candidates[0]
        blank(columns[i][0], value)
