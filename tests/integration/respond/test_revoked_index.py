"""Every respondent's request checks that no invitation behind its grant is revoked
(``admission.revoked``). The database answers that from the index of revoked invitations
(``ix_invitations_revoked``), never by scanning the invitations, however many a round has:
at the demo's 735 the scan was 0.24 ms of a 0.39 ms autosave, and it grew with each one."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import insert, text
from sqlalchemy.sql import Executable

from selfassess.extensions import db
from selfassess.models import Invitation
from selfassess.respond import express, express_save
from selfassess.services import admission

#: Invitations in the round: enough that a scan costs the planner more than the index.
INVITED = 400
#: The values of the statements' parameters (any will do: only the plan is read).
VALUES: dict[str, Any] = {
    "slug": "crowded",
    "round_id": 1,
    "response_id": 1,
    "invitation_id": 1,
    "response_ids": [1],  # expanding (``admission``): one each
    "invitation_ids": [1],
    "b_response_id": 1,
    "b_state": "draft",
    "b_now": "2026-12-06T00:00:00+00:00",
    "b_question": "q",
    "new_value": "1",
    "new_numeric": None,
    "new_comment": None,
    "g_round_id": 1,
    "g_slug": "crowded",
    "g_open": "open",
    "g_anonymous": True,
    "g_hash": "0" * 64,
    "g_role": "mp",
    "g_invitation_id": 1,
}


@pytest.fixture
def crowded(app, make_round) -> None:
    """A round of :data:`INVITED` invitations, none revoked, its statistics fresh."""
    round_ = make_round("crowded")
    now = datetime.now(UTC)
    db.session.execute(
        insert(Invitation),
        [
            {
                "round_id": round_.id,
                "token_hash": f"{number:064x}",
                "label": f"invited {number}",
                "role": "mp",
                "profile": {},
                "state": "pending",
                "created_at": now,
            }
            for number in range(INVITED)
        ],
    )
    db.session.execute(text("ANALYZE invitations"))


def plan(statement: Executable) -> str:
    """The database's plan of ``statement`` with :data:`VALUES`, as one text."""
    connection = db.session.connection()
    compiled = statement.compile(dialect=connection.dialect)
    expanded = compiled.construct_expanded_state({name: VALUES[name] for name in compiled.binds})
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql(
            f"EXPLAIN QUERY PLAN {expanded.statement}", expanded.positional_parameters
        )
        return "\n".join(str(row[-1]) for row in rows)
    rows = connection.exec_driver_sql(f"EXPLAIN {expanded.statement}", expanded.parameters)
    return "\n".join(str(row[0]) for row in rows)


def autosave_write(dialect: str) -> Executable:
    """The statement of the express autosave that checks the grant: on PostgreSQL the
    upsert itself, on SQLite the touch before it (``express_save.save_one``)."""
    if dialect == "postgresql":
        return express_save._upsert(("value",), dialect, touched=True).statement
    return express_save.GUARDED_TOUCH


@pytest.mark.parametrize(
    "statement_of",
    [
        pytest.param(lambda _dialect: express.GRANTED, id="the express page's grant"),
        pytest.param(autosave_write, id="the express autosave's write"),
        pytest.param(lambda _dialect: express_save.GUARDED_TOUCH, id="the guarded touch"),
        pytest.param(lambda _dialect: admission._ROUND_AND_GRANT, id="the ordinary grant"),
    ],
)
def test_the_revoked_check_reads_its_index_not_the_invitations(crowded, statement_of) -> None:
    found = plan(statement_of(db.session.connection().dialect.name))
    assert "ix_invitations_revoked" in found, found
    assert "Seq Scan on invitations" not in found and "SCAN invitations\n" not in f"{found}\n"
    assert "ix_invitations_round_id" not in found  # every invitation of the round
