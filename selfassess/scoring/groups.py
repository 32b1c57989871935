"""The groups results are reported for, in the order of scoring.md."""

from __future__ import annotations

import numpy as np
import pandas as pd

from selfassess.instrument.model import Definition
from selfassess.scoring.inputs import BoolArray, IntArray

ALL = "all"
#: A group as structured parts: ``()`` for ``all``, ``(("role", "mp"), ("sex", "female"))``
#: for ``role=mp,sex=female``. Outputs read these instead of parsing names back apart.
GroupParts = tuple[tuple[str, str], ...]
ROLE = "role"


def group_name(parts: GroupParts) -> str:
    """The scoring.md name of a group: ``all``, ``role=mp``, ``role=mp,sex=female``."""
    return ",".join(f"{field}={code}" for field, code in parts) or ALL


def _field_codes(definition: Definition, respondents: pd.DataFrame) -> list[IntArray]:
    """Per choice profile field: each respondent's option position, -1 for no value."""
    codes = []
    for field in definition.grouping_fields:
        if field.key in respondents.columns:
            options = pd.Index([o.code for o in field.options])
            codes.append(options.get_indexer(pd.Index(respondents[field.key])).astype(np.intp))
        else:
            codes.append(np.full(len(respondents), -1, dtype=np.intp))
    return codes


def group_masks(
    definition: Definition, respondents: pd.DataFrame, role: IntArray | None = None
) -> tuple[list[str], BoolArray]:
    """Names of the groups with at least one respondent, and their membership.

    Order: ``all``; ``role=R`` (definition order); ``F=C`` for each choice profile
    field (field order, option order); ``role=R,F=C`` (role, field, option). Returns
    the names and a groups x respondents boolean matrix. ``role`` is each respondent's
    position in ``definition.roles`` (-1 when unknown), computed here when not given.
    """
    if role is None:
        role = (
            pd.Index(definition.role_keys)
            .get_indexer(pd.Index(respondents["role"]))
            .astype(np.intp)
        )
    n = len(respondents)
    parts: list[GroupParts] = [()]
    masks: list[BoolArray] = [np.ones(n, dtype=bool)]
    roles = [(((ROLE, r),), role == i) for i, r in enumerate(definition.role_keys)]
    fields = [
        (((field.key, option.code),), codes == i)
        for field, codes in zip(
            definition.grouping_fields, _field_codes(definition, respondents), strict=True
        )
        for i, option in enumerate(field.options)
    ]
    for part, mask in roles + fields:
        parts.append(part)
        masks.append(mask)
    for role_part, role_mask in roles:
        for field_part, field_mask in fields:
            parts.append(role_part + field_part)
            masks.append(role_mask & field_mask)
    matrix = np.array(masks, dtype=bool).reshape(len(masks), n)
    keep = matrix.sum(axis=1) > 0
    return [group_name(p) for p, k in zip(parts, keep, strict=True) if k], matrix[keep]


def all_group_parts(definition: Definition) -> dict[str, GroupParts]:
    """Every group the definition can have (name -> parts), in scoring.md order."""
    roles: list[GroupParts] = [((ROLE, r),) for r in definition.role_keys]
    fields: list[GroupParts] = [
        ((field.key, option.code),)
        for field in definition.grouping_fields
        for option in field.options
    ]
    crossed = [r + f for r in roles for f in fields]
    return {group_name(p): p for p in [(), *roles, *fields, *crossed]}


def group_membership(definition: Definition, respondents: pd.DataFrame) -> pd.DataFrame:
    """Group membership, one row per respondent.

    ``respondents``: columns ``response_id``, ``role`` and one column per choice profile
    field key (missing column or NA: the respondent is in no group of that field).
    Returns a boolean frame indexed by ``response_id`` with one column per group that
    has at least one respondent, in the order of :func:`group_masks`.
    """
    names, matrix = group_masks(definition, respondents)
    return pd.DataFrame(
        matrix.T,
        index=pd.Index(respondents["response_id"], name="response_id"),
        columns=pd.Index(names, dtype=str),
    )
