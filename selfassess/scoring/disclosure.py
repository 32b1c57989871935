"""Complementary suppression (scoring.md): which groups of one published item to hide.

PLACEHOLDER of the compare branch: the scoring branch owns this module and replaces it at
merge with the real complementary suppression, under this exact signature. Until then
it only hides the given groups and the small ones, so callers are already wired.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from selfassess.instrument.model import Definition


def suppress(
    n_by_group: Mapping[str, int], hidden: Set[str], definition: Definition, k: int
) -> set[str]:
    """The hidden groups of one item: ``hidden`` plus every group with 0 < n < k.

    Replaced at merge by the scoring branch's complementary suppression, which also
    hides the smallest published part of any whole-and-parts relation with exactly one
    hidden member.
    """
    return set(hidden) | {group for group, n in n_by_group.items() if 0 < n < k}
