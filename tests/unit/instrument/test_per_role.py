"""``per_role`` and ``PerDefinition``: what is made of a definition, made once and kept for
that very object, never keeping it alive."""

from __future__ import annotations

import gc
import weakref

import pytest

from selfassess.instrument import model
from selfassess.instrument.answers import AnswerError, answer_check
from selfassess.instrument.model import Definition, PerDefinition, per_role
from tests.factories import definition, leaf, question, scale


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


def test_kept_values_hold_no_definition_alive() -> None:
    """A previewed upload's definition lives for one request: keeping what was made of it
    must not keep it."""
    kept: PerDefinition[str] = PerDefinition(8)
    made = definition(leaf("d", question("q")))
    assert kept.get(made, "k", lambda: "first") == "first"
    assert kept.get(made, "k", lambda: "again") == "first"
    gone = weakref.ref(made)
    del made
    gc.collect()
    assert gone() is None


def test_an_answer_check_is_built_once_per_definition_and_question() -> None:
    first = definition(leaf("d", question("q"), question("n", "number", scale=None, max=10)))
    other = definition(leaf("d", question("q", scale="g3")), scales=[scale("g3", range(3))])
    q, n = first.question("q"), first.question("n")
    assert answer_check(first, q) is answer_check(first, q)
    assert answer_check(first, n) is not answer_check(first, q)
    assert answer_check(first, q)("5").value == "5"
    with pytest.raises(AnswerError):  # the other definition's own scale, 0 to 2
        answer_check(other, other.question("q"))("5")
