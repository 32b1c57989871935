"""Small-group and complementary suppression (scoring.md, "Small-group suppression").

Within one published item (overall, a dimension, a question), the groups are tied by
sums: ``all`` is the sum of the roles; ``all`` and each ``role=R`` are the sum of the
codes of a field plus those without a value; each ``F=C`` is the sum of its
``role=R,F=C``. A hidden cell that is the only hidden member of such a relation is
recomputed by subtraction, so here every relation gets either no hidden member or at
least two. Hiding more (the smallest published part) is repeated until that holds.

Items are rows of one matrix, so each pass over the relations is a handful of numpy
operations whatever the number of items.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set

import numpy as np

from selfassess.instrument.model import Definition
from selfassess.scoring.groups import ALL, ROLE, all_group_parts, group_name
from selfassess.scoring.inputs import BoolArray, IntArray

#: A relation as column positions: the whole, then its published parts.
Relation = tuple[int, IntArray]


def relations(definition: Definition) -> list[tuple[str, list[str]]]:
    """Every relation of scoring.md as (whole, parts) group names, whatever exists."""
    roles = [((ROLE, r),) for r in definition.role_keys]
    fields = [
        (field.key, [((field.key, o.code),) for o in field.options])
        for field in definition.grouping_fields
    ]
    found: list[tuple[str, list[str]]] = [(ALL, [group_name(r) for r in roles])]
    for _, codes in fields:
        found.append((ALL, [group_name(c) for c in codes]))
    for role in roles:
        for _, codes in fields:
            found.append((group_name(role), [group_name(role + c) for c in codes]))
    for _, codes in fields:
        for code in codes:
            found.append((group_name(code), [group_name(r + code) for r in roles]))
    return found


def relation_positions(definition: Definition, names: Sequence[str]) -> list[Relation]:
    """:func:`relations` as positions into ``names``.

    A group missing from ``names`` has no respondent: its n is 0 everywhere, so it is
    left out of the parts, and a relation whose whole is missing is empty.
    """
    position = {name: i for i, name in enumerate(names)}
    found: list[Relation] = []
    for whole, parts in relations(definition):
        if whole in position:
            columns = [position[p] for p in parts if p in position]
            found.append((position[whole], np.array(columns, dtype=np.intp)))
    return found


def complementary(
    n: IntArray, relations_: Sequence[Relation], k: int, hidden: BoolArray | None = None
) -> BoolArray:
    """Which cells to publish as suppressed; ``n`` is items x groups.

    A cell is suppressed when its n is below ``k`` (n = 0 included: nothing to show),
    when ``hidden`` says so, and when complementary suppression needs it. Only cells
    with ``n > 0`` count as hidden members of a relation; the implicit remainder (the
    whole minus its parts) counts when it has 1 to k-1 members.
    """
    n = np.asarray(n, dtype=np.int64)
    suppressed = n < k if hidden is None else (n < k) | hidden
    protect = suppressed & (n > 0)
    rows_all = np.arange(n.shape[0])
    unused = np.iinfo(np.int64).max
    changed = True
    while changed:
        changed = False
        for whole, parts in relations_:
            part_n = n[:, parts]
            remainder = n[:, whole] - part_n.sum(axis=1)
            count = (
                protect[:, whole].astype(np.int64)
                + protect[:, parts].sum(axis=1)
                + ((remainder >= 1) & (remainder < k))
            )
            lonely = rows_all[count == 1]
            if not len(lonely):
                continue
            candidates = np.where(protect[:, parts] | (part_n == 0), unused, part_n)[lonely]
            if candidates.shape[1]:
                smallest = candidates.argmin(axis=1)
                found = candidates[np.arange(len(lonely)), smallest] < unused
                protect[lonely[found], parts[smallest[found]]] = True
                changed |= bool(found.any())
                lonely = lonely[~found]
            # No published part left: the lone hidden member is shielded by hiding the
            # whole; when the whole is that member, its parts hold no one to subtract.
            fresh = lonely[~protect[lonely, whole] & (n[lonely, whole] > 0)]
            protect[fresh, whole] = True
            changed |= bool(len(fresh))
    return suppressed | protect


def suppress(
    n_by_group: Mapping[str, int], hidden: Set[str], definition: Definition, k: int
) -> set[str]:
    """The full hidden set of one item after small-group and complementary suppression.

    ``n_by_group``: the item's n per group name (scoring.md names; a group left out
    has no respondent). ``hidden``: groups already hidden for another reason. Returns
    ``hidden`` plus every group of ``n_by_group`` with n < k plus those that
    complementary suppression hides.
    """
    names = list(all_group_parts(definition))
    names += [g for g in n_by_group if g not in names]
    n = np.array([[int(n_by_group.get(g, 0)) for g in names]], dtype=np.int64)
    given = np.array([[g in hidden for g in names]], dtype=bool)
    present = [g in n_by_group for g in names]
    result = complementary(n, relation_positions(definition, names), k, given)[0]
    return set(hidden) | {g for g, h, p in zip(names, result, present, strict=True) if h and p}
