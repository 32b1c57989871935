"""An anonymous round answered as people do, for the attack tests: invitations with
profiles, respondents who consent, answer and submit in shuffled orders, some who reopen
and submit again, some who stay drafts or never come. The test knows the truth (which
invitation led to which response) because it drove every browser; an attacker holding a
copy of the database must not be able to recover it."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask

from selfassess.extensions import db
from selfassess.models import Round
from selfassess.services import invitations
from tests.integration.respond.conftest import Respondent, invite, respondent, web_client

__all__ = ["invite", "respondent", "web_client"]

#: (role, profile) of each invited person: several alike, one or two unique combinations.
PEOPLE = (
    [("mp", {"sex": "female"})] * 6
    + [("mp", {"sex": "male"})] * 10
    + [("mp", {"sex": "undisclosed"})]
    + [("staff", {"sex": "female"})] * 7
    + [("staff", {"sex": "male"})] * 3
    + [("staff", {"sex": "undisclosed"})]
)


@dataclass
class Answered:
    round: Round
    #: invitation id -> response id, for every person who consented.
    truth: dict[int, int] = field(default_factory=dict)
    submitted: set[int] = field(default_factory=set)
    #: Called after every request that submits (the SQLite tests copy the files then).
    snapshots: list[Any] = field(default_factory=list)

    def submitted_pairs(self) -> dict[int, int]:
        return {i: r for i, r in self.truth.items() if r in self.submitted}


def _answer(person: Respondent, role: str, rng: random.Random) -> None:
    if role == "mp":
        assert person.post("profile", {"p-years": str(rng.randint(1, 20))}).status_code == 302
    reply = person.autosave(
        {
            "answers": [
                {"question": "ovs-committee", "value": rng.choice(["yes", "no"])},
                {"question": "ovs-budget", "value": str(rng.randint(0, 5))},
            ]
        }
    )
    assert reply.status_code == 200, reply.get_data(as_text=True)


@pytest.fixture
def answered_round(app: Flask, make_round) -> Callable[..., Answered]:  # type: ignore[no-untyped-def]
    """Run the scenario; ``after_submit(answered)`` is called after each submission."""

    def run(
        seed: int = 7,
        after_submit: Callable[[Answered], Any] | None = None,
        *,
        anonymous: bool = True,
    ) -> Answered:
        rng = random.Random(seed)
        round_ = make_round(min_group_size=2, anonymous=anonymous)
        people = [
            {"label": f"person {n}", "role": role, "profile": dict(profile)}
            for n, (role, profile) in enumerate(PEOPLE)
        ]
        issued = invitations.create_invitations(round_, people)
        ids = {item.token: invitations.find_by_token(item.token).id for item in issued}
        db.session.commit()  # the edge commits; then no read snapshot held while browsers write
        answered = Answered(round_)
        order = list(issued)
        rng.shuffle(order)
        coming = order[: len(order) - 3]  # three never come
        browsers: dict[str, Respondent] = {}
        for item in coming:  # consent in one order...
            person = Respondent(app.test_client(), round_)
            assert person.enter(item.token).status_code == 302
            assert person.consent().status_code == 302
            browsers[item.token] = person
            answered.truth[ids[item.token]] = person.response().id
            db.session.rollback()
        rng.shuffle(coming)
        for item in coming:  # ...answer in another...
            _answer(browsers[item.token], item.role, rng)
        finishing = coming[: len(coming) - 3]  # three stay drafts
        rng.shuffle(finishing)
        for item in finishing:  # ...and submit in a third
            person = browsers[item.token]
            assert person.submit().status_code == 302
            answered.submitted.add(answered.truth[ids[item.token]])
            if after_submit is not None:
                after_submit(answered)
        for item in finishing[:3]:  # some change their answers and submit again
            person = browsers[item.token]
            assert person.post("reopen", {}).status_code == 302
            _answer(person, item.role, rng)
            assert person.submit().status_code == 302
            if after_submit is not None:
                after_submit(answered)
        db.session.rollback()
        return answered

    return run


def chance_links(candidates: dict[int, set[int]], truth: dict[int, int]) -> float:
    """The links a guesser makes by chance: for each response, one of its candidate
    invitations picked at random (the expected number of right picks)."""
    reverse = {r: i for i, r in truth.items()}
    return sum(1 / len(c) for r, c in candidates.items() if c and reverse[r] in c)


def report(attack: str, linked: int, total: int, chance: float | None = None) -> None:
    extra = f" (chance: {chance:.1f})" if chance is not None else ""
    print(f"{attack}: linked {linked} of {total}{extra}")
