"""A consistent copy of the SQLite database while the application keeps running.

SQLite's online backup API copies the pages inside one read transaction, so the copy is
the database as one committed moment saw it; in WAL mode writers carry on meanwhile.
PostgreSQL is backed up with its own tool, ``pg_dump`` (docs/deploy.md).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from selfassess.services.errors import InvalidInput


@dataclass(frozen=True)
class BackupResult:
    source: Path
    target: Path
    size: int


def sqlite_file(url: str, instance_path: str | Path) -> Path:
    """The database file of a SQLite URL (a relative path is in the instance folder, as
    Flask-SQLAlchemy reads it); refuses other databases, naming their tool."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise InvalidInput(
            f"selfassess backup copies SQLite databases; this one is "
            f"{parsed.get_backend_name()}: use pg_dump (see docs/deploy.md, 'Backups')"
        )
    if not parsed.database or parsed.database == ":memory:":
        raise InvalidInput("an in-memory SQLite database has nothing to back up")
    return Path(instance_path) / parsed.database


def default_target(source: Path, now: datetime | None = None) -> Path:
    """``backups/<name>-<UTC time>.db`` beside the database."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return source.parent / "backups" / f"{source.stem}-{stamp}.db"


def backup_sqlite(source: Path, target: Path) -> BackupResult:
    """Copy ``source`` to ``target`` (which must not exist) and check the copy.

    The copy is written beside ``target`` first and renamed once checked, so an
    interrupted backup never leaves a half-written file under the expected name.
    """
    if not source.is_file():
        raise InvalidInput(f"{source}: no such database file")
    if target.exists():
        raise InvalidInput(f"{target} exists: give another file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    # Responses are personal data: the copy is readable by its owner only.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        _copy(source, partial)
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(source, target, target.stat().st_size)


def _copy(source: Path, target: Path) -> None:
    reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)  # every page in one step: one read transaction, one moment
        # A self-contained file: no -wal beside it once closed.
        writer.execute("PRAGMA journal_mode=DELETE")
        (verdict,) = writer.execute("PRAGMA integrity_check").fetchone()
        if verdict != "ok":
            raise InvalidInput(f"the copy failed its integrity check: {verdict}")
    finally:
        writer.close()
        reader.close()
