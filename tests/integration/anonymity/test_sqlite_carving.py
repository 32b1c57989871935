"""An attacker with a copy of SQLite's files (a file backup of ``instance/``, taken while
the app runs) carves every copy of every invitation row from the database file (free pages
included) and its write-ahead log. Before issue 10, the ``-wal`` file still held the
invitation's pointer to its response and carving linked 64 of 118."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from selfassess.extensions import db
from tests.integration.anonymity.carving import carve
from tests.integration.anonymity.conftest import Answered, report


@pytest.fixture(autouse=True)
def _sqlite_only(app) -> None:  # type: ignore[no-untyped-def]
    if db.engine.dialect.name != "sqlite":
        pytest.skip("carving SQLite's files")


def database_files() -> list[Path]:
    main = Path(str(db.engine.url.database))
    return [path for path in (main, Path(f"{main}-wal")) if path.exists()]


def copy_files(answered: Answered) -> None:
    """What a backup taken right after this submission holds."""
    answered.snapshots.append({path.name: path.read_bytes() for path in database_files()})


def carved_links(answered: Answered, copies: list[dict[str, bytes]]) -> tuple[int, int]:
    """(pairs an attacker recovers that are right, pairs recovered in all)."""
    with db.engine.connect() as connection:
        columns = [row[1] for row in connection.exec_driver_sql("PRAGMA table_info(invitations)")]
        hashes = {
            row[0]: row[1]
            for row in connection.execute(sa.text("SELECT token_hash, id FROM invitations"))
        }
    pairs = answered.submitted_pairs()
    found: set[tuple[int, int]] = set()
    for files in copies:
        for data in files.values():
            for token_hash, invitation_id in hashes.items():
                for record in carve(data, columns, "token_hash", token_hash.encode()):
                    if record["response_id"] is not None:
                        found.add((invitation_id, record["response_id"]))
    return sum(1 for i, r in found if pairs.get(i) == r), len(found)


def test_carving_the_files_links_no_invitation_to_its_response(answered_round) -> None:
    answered = answered_round(after_submit=copy_files)
    # Each submission leaves the write-ahead log empty, and overwritten rows zeroed.
    wal = f"{database_files()[0].name}-wal"
    assert max(len(files.get(wal, b"")) for files in answered.snapshots) == 0
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    copy_files(answered)
    linked, recovered = carved_links(answered, answered.snapshots)
    report("SQLite carving (main file, free pages, WAL)", linked, len(answered.submitted_pairs()))
    assert (linked, recovered) == (0, 0)


def test_the_carver_finds_the_link_an_identified_round_keeps(answered_round) -> None:
    """The control: where the link is meant to exist, carving finds every pair."""
    answered = answered_round(anonymous=False)
    copy_files(answered)
    linked, _ = carved_links(answered, answered.snapshots)
    report("SQLite carving, identified round (control)", linked, len(answered.submitted_pairs()))
    assert linked == len(answered.submitted_pairs())
