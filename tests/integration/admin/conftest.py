"""Signed-in clients for the console tests."""

from __future__ import annotations

from typing import Any

import pytest
from flask import g


def forget_request_cache() -> None:
    """Drop what requests leave in ``g``: the ``app`` fixture keeps one app context for
    the whole test, so its ``g`` outlives each request (the CSRF token of a session that
    sign-in replaced, the signed-in account of another client)."""
    for name in ("csrf_token", "_login_user"):
        g.pop(name, None)


def sign_in(login_as: Any, role: str) -> Any:
    """Sign the test client in with a new account of ``role``."""
    account = login_as(role)
    forget_request_cache()
    return account


@pytest.fixture
def admin(login_as: Any) -> Any:
    return sign_in(login_as, "admin")


@pytest.fixture
def consultant(login_as: Any) -> Any:
    return sign_in(login_as, "consultant")
