"""Exports: the consultant's Excel workbook, built into bytes (pure: no Flask, no DB)."""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from selfassess.exports.workbook import SHEETS, build_workbook


def __getattr__(name: str) -> Any:
    """The workbook (pandas, xlsxwriter) is imported when first used, not at start-up."""
    if name in ("SHEETS", "build_workbook"):
        return getattr(import_module("selfassess.exports.workbook"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["SHEETS", "build_workbook"]
