"""Signed-in clients for the console tests."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from selfassess import instrument
from tests.conftest import MINIMAL


def sign_in(login_as: Any, role: str) -> Any:
    """Sign the test client in with a new account of ``role``."""
    return login_as(role)


@pytest.fixture
def admin(login_as: Any) -> Any:
    return sign_in(login_as, "admin")


@pytest.fixture
def consultant(login_as: Any) -> Any:
    return sign_in(login_as, "consultant")


def minimal_workbook(*, broken: bool = False) -> bytes:
    """The minimal questionnaire as a workbook; ``broken``: its second question gets an
    unknown type (``slider``), reported at ``questions!`` row 3."""
    definition, _issues = instrument.load(MINIMAL)
    assert definition is not None
    content = instrument.to_workbook(definition)
    if not broken:
        return content
    book = load_workbook(io.BytesIO(content))
    sheet = book["questions"]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=3, column=header.index("type") + 1, value="slider")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
