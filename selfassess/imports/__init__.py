"""Imports: parse response files (CSV or XLSX) into responses (pure: no Flask, no DB)."""

from selfassess.imports.responses import ParsedResponse, parse_responses

__all__ = ["ParsedResponse", "parse_responses"]
