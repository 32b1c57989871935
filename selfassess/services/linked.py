"""The one door to the services of other features: agreed grades and the register.

Comparison and the report read the panel's agreed grades (consensus.md) and the
recommendations register (recommendations.md). Those services may be absent from an
installation's code (a branch not merged yet); every function here imports its service
lazily and answers "nothing" (None or []) when it is missing, so a comparison or a report
still works without them.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import Any

from selfassess.models import Round


def _service(name: str) -> ModuleType | None:
    try:
        return import_module(f"selfassess.services.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"selfassess.services.{name}":
            raise  # the service exists but is broken: say so, do not hide it
        return None


def consensus_block(round_: Round) -> dict[str, Any] | None:
    """The round's ``consensus`` block of consensus.md, or None."""
    service = _service("consensus")
    if service is None:
        return None
    block: dict[str, Any] | None = service.consensus_block(round_)
    return block


def current_grades(round_: Round) -> dict[str, dict[str, Any]]:
    """Per panel question key: its current agreed grade (``grade``, ``evidence``, ...)."""
    service = _service("consensus")
    if service is None:
        return {}
    grades: dict[str, dict[str, Any]] = service.current_grades(round_)
    return grades


def list_recommendations() -> list[dict[str, Any]]:
    """Every recommendation of the register in recommendations.md's JSON shape."""
    service = _service("register")
    if service is None:
        return []
    found: list[dict[str, Any]] = service.list_recommendations()
    return found
