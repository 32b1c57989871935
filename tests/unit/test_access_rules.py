"""``declare_access`` labels a blueprint and guards it in one call."""

from __future__ import annotations

import pytest
from flask import Blueprint

from selfassess.auth.access import RULES, declare_access


def test_a_rule_labels_and_guards() -> None:
    bp = declare_access(Blueprint("x", __name__), "staff")
    assert bp.access == "staff"  # type: ignore[attr-defined]
    assert len(bp.before_request_funcs[None]) == 1


def test_public_and_respondent_rules_add_no_account_guard() -> None:
    for rule in ("public", "respondent"):
        bp = declare_access(Blueprint(rule, __name__), rule)
        assert bp.access == rule  # type: ignore[attr-defined]
        assert not bp.before_request_funcs.get(None)
        assert RULES[rule] is None


def test_an_unknown_rule_fails_at_import() -> None:
    with pytest.raises(KeyError):
        declare_access(Blueprint("y", __name__), "everyone")
