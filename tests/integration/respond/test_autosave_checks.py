"""The autosave's checks (respond/autosaving.py): a chosen value's check is kept and
answers exactly as a fresh one, in the respondent's language; typed text is never kept."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from werkzeug.test import TestResponse

from selfassess.respond import autosaving
from tests.factories import definition, leaf, question

DEFINITION = definition(
    leaf(
        "d",
        question("agree"),  # the 0-5 scale, with "dk" and "na"
        question("share", "number", scale=None, min=0, max=100),
        question("remarks", "text", scale=None),
        question("noted", comment=True),
    ),
    languages=("en", "mn"),
)


@pytest.fixture
def kept(app):  # type: ignore[no-untyped-def]
    """The kept checks, empty at the start of the test."""
    autosaving._CHECKS._kept.clear()
    yield autosaving._CHECKS._kept
    autosaving._CHECKS._kept.clear()


def checked(payload: object, lang: str = "en", role: str = "mp") -> autosaving.Checked:
    with force_locale(lang):
        return autosaving.check(payload, DEFINITION, role, lang)


def fresh(payload: dict[str, object], lang: str = "en") -> autosaving.Checked:
    """The same check, built afresh (the form, field by field)."""
    question = DEFINITION.question(str(payload["question"]))
    sent = [(question, f"q-{question.key}", autosaving._as_list(payload["value"]))]
    with force_locale(lang):
        return autosaving._checked(sent, DEFINITION, lang)


@pytest.mark.parametrize(
    "payload",
    [
        {"question": "agree", "value": "3"},
        {"question": "agree", "value": "dk"},
        {"question": "agree", "value": "9"},  # refused: not a point
    ],
)
def test_a_kept_check_answers_as_a_fresh_one_in_each_language(kept, payload) -> None:
    for lang in ("en", "mn"):
        first = checked(payload, lang)
        assert checked(payload, lang) is first  # kept
        assert first == fresh(payload, lang)
    assert len(kept) == 2  # one per language


def test_a_refusal_is_kept_per_language(kept) -> None:
    chosen = definition(
        leaf("d", question("pick", "choice", scale=None, options=("a", "b"))),
        languages=("en", "mn"),
    )
    payload = {"question": "pick", "value": "c"}
    with force_locale("en"):
        english = autosaving.check(payload, chosen, "mp", "en")
    with force_locale("mn"):
        mongolian = autosaving.check(payload, chosen, "mp", "mn")
    assert english.refusal is not None and mongolian.refusal is not None
    assert english.refusal[0]["question"] == "pick" and len(kept) == 2


def test_numbers_texts_comments_long_values_and_many_values_are_never_kept(kept) -> None:
    """A number, a typed text or a comment could say who sent it; many values at once
    could fill a worker's memory with their keys."""
    for payload in (
        {"question": "share", "value": "27"},
        {"question": "share", "value": "12,5"},  # a decimal comma, stored as 12.5
        {"question": "share", "value": "900"},  # refused: out of range
        {"question": "remarks", "value": "the budget office"},
        {"question": "noted", "value": "2", "comment": "see the 2024 report"},
        {"question": "noted", "comment": "see the 2025 report"},
        {"question": "agree", "value": ["1"] * 40},
        {"answers": [{"question": "agree", "value": "1"}, {"question": "noted", "value": "2"}]},
        {"answers": [{"question": "agree", "value": str(n % 6)} for n in range(2000)]},
    ):
        assert checked(payload) == checked(payload)
    assert kept == {}
    assert checked({"question": "share", "value": "12,5"}).changes[0].value == "12.5"
    assert checked({"question": "remarks", "value": "x"}).changes[0].value == "x"
    refused = checked({"question": "share", "value": "900"}).refusal
    assert refused == ({"error": "Enter a number from 0 to 100.", "question": "share"}, 400)


def test_a_role_and_a_language_each_have_their_own_check(kept) -> None:
    payload = {"question": "agree", "value": "4"}
    checked(payload, "en", "mp")
    checked(payload, "en", "staff")
    checked(payload, "mn", "mp")
    assert len(kept) == 3


def test_a_refusal_answered_from_memory_is_never_changed_by_its_caller(app, kept) -> None:
    payload = {"question": "agree", "value": "9"}
    saved: list[object] = []
    with force_locale("en"):
        body, status = autosaving.reply(payload, DEFINITION, "mp", "en", saved.append)
        body["error"] = "changed"
        again, _ = autosaving.reply(payload, DEFINITION, "mp", "en", saved.append)
    assert status == 400 and again["error"] != "changed" and not saved


def test_kept_finds_only_what_a_check_kept_and_makes_nothing(kept) -> None:
    """``kept`` needs no app context (the express path sets one up only to check)."""
    click = {"question": "agree", "value": "2"}
    assert autosaving.kept(click, DEFINITION, "mp", "en") is None and kept == {}
    made = checked(click)
    assert autosaving.kept(click, DEFINITION, "mp", "en") is made
    assert autosaving.kept(click, DEFINITION, "mp", "mn") is None  # another language
    assert autosaving.kept(click, DEFINITION, "staff", "en") is None  # another role
    for never in (
        {"question": "share", "value": "27"},
        {"question": "unknown", "value": "2"},
        {"answers": "not a list"},
    ):
        checked(never)
        assert autosaving.kept(never, DEFINITION, "mp", "en") is None
    assert len(kept) == 1


def test_a_kept_click_is_saved_without_the_app_context(make_round, respondent, kept) -> None:
    """The commonest autosave (a click whose check is kept) is answered by the express
    path with no app context: the app's JSON, made once per question, byte for byte."""
    from flask import appcontext_pushed

    person = respondent(make_round())
    first = person.autosave({"question": "ovs-budget", "value": "3"})  # checked, then kept
    pushed: list[object] = []

    def record(sender: object, **_extra: object) -> None:
        pushed.append(sender)

    def click(value: str) -> TestResponse:
        return person.client.post(
            person.url("autosave"),
            json={"question": "ovs-budget", "value": value},
            headers={"X-CSRFToken": token},
        )

    token = person.csrf()
    with appcontext_pushed.connected_to(record):
        again = click("3")
        kept_click = len(pushed)
        assert click("4").status_code == 200  # a new click: checked in the app context
    # The tests' client sets up a context around each request (tests/conftest.py).
    assert (kept_click, len(pushed) - kept_click) == (1, 2)
    assert first.status_code == again.status_code == 200
    assert again.get_data() == first.get_data() == b'{"saved":["ovs-budget"]}\n'
