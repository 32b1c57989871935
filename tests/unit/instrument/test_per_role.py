"""``per_role``: what a definition gives a role, made once and kept for that very object."""

from __future__ import annotations

from selfassess.instrument import model
from selfassess.instrument.model import Definition, per_role
from tests.factories import definition, leaf, question


def test_kept_per_definition_and_role_and_never_for_another_object() -> None:
    built: list[tuple[int, str]] = []

    @per_role
    def keys(found: Definition, role: str) -> tuple[str, ...]:
        built.append((id(found), role))
        return tuple(q.key for q in found.iter_questions() if q.applies_to(role))

    first = definition(leaf("d", question("q1", roles=("mp",)), question("q2")))
    assert keys(first, "mp") == ("q1", "q2")
    assert keys(first, "staff") == ("q2",)
    assert keys(first, "mp") == ("q1", "q2")
    assert len(built) == 2  # the second ask for "mp" was kept
    other = definition(leaf("d", question("q3")))
    assert keys(other, "mp") == ("q3",)  # another definition: built for it
    assert len(built) == 3


def test_starts_again_when_full(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(model, "PER_ROLE_SIZE", 2)
    built: list[str] = []

    @per_role
    def made(found: Definition, role: str) -> str:
        built.append(role)
        return role

    kept = definition(leaf("d", question("q")))
    for role in ("a", "b", "c", "a"):
        made(kept, role)
    assert built == ["a", "b", "c", "a"]  # "a" was dropped when the cache started again
