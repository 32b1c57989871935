"""An attacker's second look at file names: what the next reader sees is what the file is."""

from __future__ import annotations

import pytest

from selfassess.services import panel, plan

#: Right-to-left override, isolates, zero-width marks: shown, they make a name read as
#: another (``report‮xcod.csv`` displays as ``reportvsc.docx``).
TRICKS = ["\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200b", "\u200f", "\ufeff"]


@pytest.mark.parametrize("trick", TRICKS)
def test_a_progress_documents_name_keeps_no_invisible_formatting(trick: str) -> None:
    name = plan.safe_filename(f"Тайлан{trick}xcod.csv")
    assert trick not in name
    assert name == "Тайланxcod.csv"  # Cyrillic stays


@pytest.mark.parametrize("trick", TRICKS)
def test_a_panel_documents_name_keeps_no_invisible_formatting(trick: str) -> None:
    assert trick not in panel.safe_filename(f"report{trick}xcod.csv")
