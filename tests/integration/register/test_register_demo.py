"""The demo's register: both languages, overdue and done actions, a focal point."""

from __future__ import annotations

from typing import Any

from selfassess.services import plan
from selfassess.services.register import list_recommendations


def test_the_demo_has_a_realistic_register(runner: Any) -> None:
    result = runner.invoke(args=["demo", "--password-stdin"], input="demo-password-42\n")
    assert result.exit_code == 0, result.output
    assert "created the recommendations register: 9 recommendations, 12 actions" in result.output
    assert "focal@demo.local   password: demo-password-42" in result.output
    register = list_recommendations()
    refs = [item["ref"] for item in register]
    assert "UPR3-107.45" in refs and "SA-2026-01" in refs
    assert all(item["text"].get("en") and item["text"].get("mn") for item in register)
    actions = [a for item in register for a in item["actions"]]
    assert any(a["overdue"] for a in actions) and any(a["status"] == "done" for a in actions)
    assert any(a["updates"] for a in actions)
    assert plan.reminder_messages()[0]["to"] == "focal@demo.local"
    listing = runner.invoke(args=["recommendations", "list", "--overdue", "--format", "json"])
    assert listing.exit_code == 0 and "SA-2026-01" in listing.output
