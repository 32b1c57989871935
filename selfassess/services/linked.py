"""What comparison and the report read from the other parts of the method.

The panel's agreed grades (consensus.md) and the recommendations register
(recommendations.md), in the plain shapes of their contracts.
"""

from __future__ import annotations

from typing import Any

from selfassess.models import Round
from selfassess.services import consensus, register


def consensus_block(round_: Round) -> dict[str, Any] | None:
    """The round's ``consensus`` block of consensus.md, or None without panel questions."""
    return consensus.consensus_block(round_)


def current_grades(round_: Round) -> dict[str, dict[str, Any]]:
    """Per panel question key: its current agreed grade (``grade``, ``evidence``, ...)."""
    return consensus.current_grades(round_)


def list_recommendations() -> list[dict[str, Any]]:
    """Every recommendation of the register in recommendations.md's JSON shape."""
    return register.list_recommendations()
