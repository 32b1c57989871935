"""The workbook tests' questionnaire and results (``export_builders``), as fixtures."""

from __future__ import annotations

from typing import Any

import pytest
from export_builders import make_definition, make_results

from selfassess.instrument.model import Definition


@pytest.fixture
def definition() -> Definition:
    return make_definition()


@pytest.fixture
def results() -> dict[str, Any]:
    return make_results()
