"""The express path's SQLite writers queue on a lock of the kernel's (``wire.Pools``):
held while one writes, free once it commits, shared by every process, and never a
reason to refuse a write."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest

from selfassess.respond import wire
from tests.conftest import make_app


@pytest.fixture
def pools(tmp_path: Path) -> Iterator[wire.Pools]:
    made = wire.Pools(make_app(f"sqlite:///{tmp_path / 'queue.db'}"))
    yield made
    made.dispose()


@pytest.fixture
def other(tmp_path: Path) -> Iterator[BinaryIO]:
    """A handle of the lock file of its own, as another worker has."""
    with open(tmp_path / "queue.db-writers", "ab") as handle:
        yield handle


def test_a_writer_holds_the_queue_until_it_commits(pools, other) -> None:
    with pools.writing() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        with pytest.raises(BlockingIOError):
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
    fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free once committed
    fcntl.flock(other, fcntl.LOCK_UN)


def test_a_writer_waits_for_another_process_then_writes(pools, other) -> None:
    fcntl.flock(other, fcntl.LOCK_EX)  # another worker is writing
    entered = threading.Event()

    def write() -> None:
        with pools.writing() as connection:
            entered.set()
            connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")

    writer = threading.Thread(target=write)
    writer.start()
    assert not entered.wait(0.3)  # queued behind the other process
    fcntl.flock(other, fcntl.LOCK_UN)
    writer.join(10)
    assert entered.is_set() and not writer.is_alive()


def test_a_forked_worker_opens_the_file_again(pools) -> None:
    with pools.writing():
        pass
    pid, inherited = pools._locks  # type: ignore[misc]
    pools._locks = (pid + 1, inherited)  # as a child of the process that opened it sees it
    with pools.writing():
        pass
    assert pools._locks is not None and pools._locks[1] not in (None, inherited)


def test_the_file_is_closed_with_the_pools(tmp_path) -> None:
    pools = wire.Pools(make_app(f"sqlite:///{tmp_path / 'queue.db'}"))
    with pools.writing():
        pass
    descriptor = pools._locks[1]  # type: ignore[index]
    os.fstat(descriptor)  # open
    pools.dispose()
    with pytest.raises(OSError):
        os.fstat(descriptor)


def test_without_the_lock_file_the_write_goes_on(tmp_path) -> None:
    (tmp_path / "queue.db-writers").mkdir()  # cannot be opened as a file
    pools = wire.Pools(make_app(f"sqlite:///{tmp_path / 'queue.db'}"))
    with pools.writing() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    assert pools._locks is not None and pools._locks[1] is None
    pools.dispose()
