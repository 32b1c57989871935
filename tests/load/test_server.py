"""The production server as deployed: rate limits shared by gunicorn workers through Redis,
a memory fallback when Redis is down, oversized requests refused with a friendly 413.

Each gunicorn here runs in production mode on a migrated SQLite database; Redis is
``TEST_REDIS_URL`` (default: the local server), started by ``.ci/run`` in CI.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.load import (
    Browser,
    GunicornServer,
    Site,
    Stats,
    free_port,
    fresh_database,
    prepare,
    server_env,
)
from tests.load.conftest import unavailable

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
#: Refused access codes allowed per address in these servers.
LIMIT = 4


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("server")
    with fresh_database("sqlite", folder) as url:
        yield prepare(url, 1)


def serve(site: Site, folder: Path, storage: str, workers: int) -> GunicornServer:
    prefix = f"selfassess-test-{uuid.uuid4().hex[:8]}"
    env = server_env(
        site,
        SELFASSESS_RATELIMIT_STORAGE_URI=storage,
        SELFASSESS_RATELIMIT_KEY_PREFIX=prefix,
        SELFASSESS_RATELIMIT_ACCESS_CODE=f"{LIMIT} per minute",
    )
    server = GunicornServer("selfassess.wsgi:app", env, folder / "gunicorn.log", workers=workers)
    server.prefix = prefix  # type: ignore[attr-defined]
    return server


def redis_client():  # type: ignore[no-untyped-def]
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        client.close()
        unavailable(f"Redis unreachable at {REDIS_URL}: {error} - set TEST_REDIS_URL or start one")
    return client


def wrong_codes(port: int, count: int) -> list[int]:
    """Statuses of ``count`` wrong access codes, each on a new connection."""
    browser = Browser(port, Stats(), deadline=0)
    browser.expect("GET", "/r/code", 200)
    statuses = []
    for _ in range(count):
        body = f"csrf_token={browser.csrf}&code=WRONG-CODE-99".encode()
        status, _location, _body = browser.send(
            "POST", "/r/code", body, kind="application/x-www-form-urlencoded"
        )
        statuses.append(status)
    return statuses


def test_refused_codes_are_counted_in_redis_across_workers(site: Site, tmp_path: Path) -> None:
    client = redis_client()
    try:
        with serve(site, tmp_path, REDIS_URL, workers=2) as server:
            statuses = wrong_codes(server.port, LIMIT + 4)
            keys = client.keys(f"*{server.prefix}*")  # type: ignore[attr-defined]
        assert statuses == [404] * LIMIT + [429] * 4
        assert keys, "no rate-limit counter in Redis"
        client.delete(*keys)
    finally:
        client.close()


def test_limits_fall_back_to_memory_when_redis_is_down(site: Site, tmp_path: Path) -> None:
    nowhere = f"redis://127.0.0.1:{free_port()}/0"
    with serve(site, tmp_path, nowhere, workers=1) as server:
        statuses = wrong_codes(server.port, LIMIT + 2)
        log = (tmp_path / "gunicorn.log").read_text()
    assert statuses == [404] * LIMIT + [429] * 2
    assert "Traceback" not in log.split("Booting worker")[-1]


def test_an_oversized_request_gets_the_friendly_413_through_gunicorn(
    site: Site, tmp_path: Path
) -> None:
    with serve(site, tmp_path, "memory://", workers=1) as server:
        browser = Browser(server.port, Stats(), deadline=0)
        browser.expect("GET", "/auth/login", 200)
        body = b"email=a%40b.org&password=" + b"x" * (9 * 1024 * 1024)
        status, _location, page = browser.send(
            "POST", "/auth/login", body, kind="application/x-www-form-urlencoded"
        )
        assert status == 413
        text = re.sub(r"\s+", " ", page.decode())
        assert "larger than 8.0 MB" in text and "Traceback" not in text
        assert server.healthy()
