"""Exports: the consultant's Excel workbook, built into bytes (pure: no Flask, no DB)."""

from selfassess.exports.workbook import SHEETS, build_workbook

__all__ = ["SHEETS", "build_workbook"]
