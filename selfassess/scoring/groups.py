"""The groups results are reported for, in the order of scoring.md."""

from __future__ import annotations

import numpy as np
import pandas as pd

from selfassess.instrument.model import Definition
from selfassess.scoring.inputs import BoolArray, IntArray

ALL = "all"


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
    names: list[str] = [ALL]
    masks: list[BoolArray] = [np.ones(n, dtype=bool)]
    roles = [(f"role={r}", role == i) for i, r in enumerate(definition.role_keys)]
    fields = [
        (f"{field.key}={option.code}", codes == i)
        for field, codes in zip(
            definition.grouping_fields, _field_codes(definition, respondents), strict=True
        )
        for i, option in enumerate(field.options)
    ]
    for name, mask in roles + fields:
        names.append(name)
        masks.append(mask)
    for role_name, role_mask in roles:
        for field_name, field_mask in fields:
            names.append(f"{role_name},{field_name}")
            masks.append(role_mask & field_mask)
    matrix = np.array(masks, dtype=bool).reshape(len(masks), n)
    keep = matrix.sum(axis=1) > 0
    return [name for name, k in zip(names, keep, strict=True) if k], matrix[keep]


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
