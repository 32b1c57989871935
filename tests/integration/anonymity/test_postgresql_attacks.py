"""An attacker with read access to the PostgreSQL database (a replica, a physical backup,
a superuser's console) tries the system columns: ``xmin`` (the transaction that wrote a
row version) and ``ctid`` (where it lies). Before issue 10 the submitting transaction
wrote both rows and the xmin join tied 118 of 118 responses to their invitations."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from selfassess.extensions import db
from tests.integration.anonymity.conftest import chance_links, report


@pytest.fixture(autouse=True)
def _postgresql_only(app) -> None:  # type: ignore[no-untyped-def]
    if db.engine.dialect.name != "postgresql":
        pytest.skip("system columns xmin and ctid are PostgreSQL's")


def rows(sql: str) -> list[sa.Row]:  # type: ignore[type-arg]
    """Rows of an attacker's query (built from the tests' own constants only)."""
    with db.engine.connect() as connection:
        return list(connection.execute(sa.text(sql)))


def test_the_xmin_join_links_no_invitation_to_its_response(answered_round) -> None:
    answered = answered_round()
    pairs = answered.submitted_pairs()
    joined = rows(
        "SELECT i.id, r.id FROM invitations i JOIN responses r"
        " ON r.xmin = i.xmin OR r.xmin::text::bigint = i.xmin::text::bigint + 1"
        " WHERE r.state = 'submitted'"
    )
    candidates: dict[int, set[int]] = {r: set() for r in pairs.values()}
    for invitation_id, response_id in joined:
        candidates[response_id].add(invitation_id)
    linked = sum(1 for i, r in pairs.items() if candidates[r] == {i})
    chance = chance_links(candidates, pairs)
    report("PostgreSQL xmin join (same or next transaction)", linked, len(pairs), chance)
    assert linked == 0
    assert chance <= 1.0  # no better than a guess among everyone who submitted


@pytest.mark.parametrize("order", ["xmin", "ctid", "id"])
def test_ranking_rows_by_system_columns_links_no_more_than_chance(answered_round, order) -> None:
    answered = answered_round()
    pairs = answered.submitted_pairs()
    keys = {
        "xmin": "xmin::text::bigint, ctid",
        "ctid": "ctid",
        "id": "id",
    }
    invitations = [
        row[0]
        for row in rows(
            f"SELECT id FROM invitations WHERE state = 'submitted' ORDER BY {keys[order]}"  # noqa: S608
        )
    ]
    responses = [
        row[0]
        for row in rows(
            f"SELECT id FROM responses WHERE state = 'submitted' ORDER BY {keys[order]}"  # noqa: S608
        )
    ]
    assert sorted(invitations) == sorted(pairs) and sorted(responses) == sorted(pairs.values())
    linked = sum(1 for i, r in zip(invitations, responses, strict=True) if pairs[i] == r)
    report(f"PostgreSQL rank matching by {order}", linked, len(pairs), 1.0)
    # A random matching gets one right on average, 5 or more once in 270 tries; row
    # placement varies from run to run, so the bound leaves chance its room.
    assert linked <= 4


def test_every_invitation_of_the_round_carries_the_same_row_version(answered_round) -> None:
    answered = answered_round()
    versions = rows(
        f"SELECT DISTINCT xmin::text FROM invitations WHERE round_id = {answered.round.id}"  # noqa: S608
    )
    assert len(versions) == 1


def test_the_xmin_join_finds_the_link_an_identified_round_keeps(answered_round) -> None:
    """The control: where invitation and response are written together, it links."""
    answered = answered_round(anonymous=False)
    pairs = answered.submitted_pairs()
    joined = set(
        rows(
            "SELECT i.id, r.id FROM invitations i JOIN responses r ON r.xmin = i.xmin"
            " WHERE r.state = 'submitted'"
        )
    )
    linked = sum(1 for pair in pairs.items() if pair in joined)
    report("PostgreSQL xmin join, identified round (control)", linked, len(pairs))
    assert linked == len(pairs)


def dead_version_links(answered) -> int:  # type: ignore[no-untyped-def]
    """A superuser reads every row version still on the pages (pageinspect): the version
    of an invitation that first says 'submitted' and the response version that first
    does, written by neighbouring transactions."""
    with db.engine.begin() as connection:
        connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pageinspect")

    def first_submitted(table: str) -> dict[int, int]:
        found: dict[int, int] = {}
        for xmin, data in rows(
            "SELECT t_xmin::text::bigint, t_data FROM generate_series(0,"  # noqa: S608
            f" (pg_relation_size('{table}') / 8192)::int - 1) AS page,"
            f" LATERAL heap_page_items(get_raw_page('{table}', page))"
            " WHERE t_data IS NOT NULL ORDER BY 1"
        ):
            row_id = int.from_bytes(bytes(data)[:4], "little")
            if b"submitted" in bytes(data) and row_id not in found:
                found[row_id] = xmin
        return found

    invitations, responses = first_submitted("invitations"), first_submitted("responses")
    by_xmin = {xmin: response_id for response_id, xmin in responses.items()}
    pairs = answered.submitted_pairs()
    claims: dict[int, set[int]] = {}
    for invitation_id, xmin in invitations.items():
        for step in (0, 1, 2):
            if xmin + step in by_xmin:
                claims.setdefault(by_xmin[xmin + step], set()).add(invitation_id)
    # A link is a response that exactly one invitation claims, rightly.
    return sum(1 for i, r in pairs.items() if claims.get(r) == {i})


def test_dead_row_versions_are_gone_from_the_pages_after_each_submission(answered_round) -> None:
    """A superuser reading the pages (pageinspect) finds no replaced version that links:
    each submission vacuums both tables (what remains: README, "What is not protected")."""
    answered = answered_round()
    linked = dead_version_links(answered)
    report("PostgreSQL dead row versions (pageinspect)", linked, len(answered.submitted_pairs()))
    assert linked == 0
    for table in ("invitations", "responses"):
        (stored,) = rows(
            "SELECT count(*) FROM generate_series(0,"  # noqa: S608
            f" (pg_relation_size('{table}') / 8192)::int - 1) AS page,"
            f" LATERAL heap_page_items(get_raw_page('{table}', page)) WHERE t_data IS NOT NULL"
        )
        (live,) = rows(f"SELECT count(*) FROM {table}")  # noqa: S608
        assert stored[0] == live[0], f"{table}: {stored[0] - live[0]} replaced versions remain"
