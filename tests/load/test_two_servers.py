"""Several app servers (issue 16): two gunicorn instances on different ports share one
PostgreSQL database and one Redis, and a user may meet either on any request.

A questionnaire uploaded on one is previewed and published on the other (staging is in
the database, its key in the signed session cookie); a sign-in on one goes on on the
other (same SECRET_KEY, sessions recorded in the database); refusals counted on one are
refused on the other (limits in Redis); the results pages of both show the same numbers
(the results cache is in the database); and neither writes to the instance folder.
Skips with the reason when PostgreSQL or Redis is unreachable (fails under CI).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from benchmarks.load import (
    ROOT,
    Browser,
    GunicornServer,
    Site,
    Stats,
    fresh_database,
    prepare,
    server_env,
)
from tests.conftest import MINIMAL, PASSWORD
from tests.databases import Unavailable
from tests.load.conftest import unavailable
from tests.load.test_server import REDIS_URL, redis_client

#: Refused access codes allowed per address, on both servers together.
LIMIT = 4
ADMIN = "admin@two-servers.example"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("two-servers")
    try:
        with fresh_database("postgresql", folder) as url:
            site = prepare(url, 0)
            _admin(site)
            yield site
    except Unavailable as error:
        unavailable(f"{error} - set TEST_DATABASE_URL or start PostgreSQL")


def _admin(site: Site) -> None:
    """The administrator who signs in, and the demo's submitted responses in the round."""
    import numpy as np

    from selfassess import create_app
    from selfassess.extensions import db
    from selfassess.services import demo
    from selfassess.services.accounts import create_account
    from selfassess.services.rounds import get_round

    app = create_app(
        {
            "SELFASSESS_ENV": "production",
            "SECRET_KEY": site.secret_key,
            "DATABASE_URL": site.database_url,
        }
    )
    with app.app_context():
        create_account(ADMIN, "admin", PASSWORD)
        round_ = get_round(site.slug)
        simulated = demo.simulate(round_.version.load(), np.random.default_rng(16))
        demo._insert_responses(round_, simulated)  # the demo's simulated answers
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def servers(
    site: Site, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[GunicornServer, GunicornServer]]:
    redis_client().close()  # skips (fails under CI) without Redis
    folder = tmp_path_factory.mktemp("logs")
    env = server_env(
        site,
        SELFASSESS_RATELIMIT_STORAGE_URI=REDIS_URL,
        SELFASSESS_RATELIMIT_KEY_PREFIX=f"selfassess-two-{uuid.uuid4().hex[:8]}",
        SELFASSESS_RATELIMIT_ACCESS_CODE=f"{LIMIT} per minute",
    )
    first = GunicornServer("selfassess.wsgi:app", env, folder / "a.log", workers=1)
    second = GunicornServer("selfassess.wsgi:app", env, folder / "b.log", workers=1)
    with first, second:
        assert first.port != second.port
        yield first, second


def on(server: GunicornServer, browser: Browser) -> Browser:
    """The same browser (cookies, CSRF token) talking to another server."""
    moved = Browser(server.port, browser.stats, deadline=0)
    moved.cookies, moved.csrf = browser.cookies, browser.csrf
    return moved


def signed_in(server: GunicornServer) -> Browser:
    browser = Browser(server.port, Stats(), deadline=0)
    browser.expect("GET", "/auth/login", 200)
    body = urlencode({"csrf_token": browser.csrf, "email": ADMIN, "password": PASSWORD})
    browser.expect("POST", "/auth/login", 302, body=body.encode(), kind=FORM)
    return browser


FORM = "application/x-www-form-urlencoded"


def multipart(
    fields: dict[str, str], name: str, filename: str, content: bytes
) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        "Content-Type: application/x-yaml\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_a_sign_in_on_one_server_goes_on_on_the_other(
    servers: tuple[GunicornServer, GunicornServer],
) -> None:
    first, second = servers
    browser = signed_in(first)
    _location, page = on(second, browser).expect("GET", "/admin/", 200)
    assert ADMIN in page.decode()
    # Signing out on the second ends the session on the first too.
    there = on(second, browser)
    there.expect("GET", "/admin/", 200)
    there.expect("POST", "/auth/logout", 302, body=f"csrf_token={there.csrf}".encode(), kind=FORM)
    status, location, _body = on(first, there).send("GET", "/admin/")
    assert status == 302 and "/auth/login" in location


def test_an_upload_on_one_server_is_previewed_and_published_on_the_other(
    servers: tuple[GunicornServer, GunicornServer],
) -> None:
    first, second = servers
    browser = signed_in(first)
    browser.expect("GET", "/admin/instruments", 200)
    body, kind = multipart(
        {"csrf_token": browser.csrf}, "file", "minimal.yaml", MINIMAL.read_bytes()
    )
    location, _page = browser.expect("POST", "/admin/instruments", 302, body=body, kind=kind)
    pending = urlsplit(location).path
    assert pending.startswith("/admin/instruments/new/")

    there = on(second, browser)
    _location, page = there.expect("GET", pending, 200)
    assert "minimal" in page.decode()
    location, _page = there.expect(
        "POST", f"{pending}/publish", 302, body=f"csrf_token={there.csrf}".encode(), kind=FORM
    )
    assert urlsplit(location).path == "/admin/instruments/minimal/v1"
    _location, page = on(first, there).expect("GET", "/admin/instruments/minimal/v1", 200)
    assert "minimal" in page.decode()


def test_refusals_counted_on_one_server_are_refused_on_the_other(
    servers: tuple[GunicornServer, GunicornServer],
) -> None:
    first, second = servers
    browser = Browser(first.port, Stats(), deadline=0)
    browser.expect("GET", "/r/code", 200)
    assert [_wrong_code(browser) for _ in range(LIMIT)] == [404] * LIMIT
    assert [_wrong_code(on(second, browser)) for _ in range(2)] == [429, 429]


def _wrong_code(browser: Browser) -> int:
    body = urlencode({"csrf_token": browser.csrf, "code": "WRONG-CODE-99"}).encode()
    status, _location, _body = browser.send("POST", "/r/code", body, kind=FORM)
    return status


def test_both_servers_show_the_same_results(
    servers: tuple[GunicornServer, GunicornServer], site: Site
) -> None:
    pages = []
    for server in servers:
        browser = signed_in(server)
        _location, page = browser.expect("GET", f"/results/{site.slug}/dimensions", 200)
        pages.append(re.findall(r'<td class="num[^"]*">(.*?)</td>', page.decode(), re.DOTALL))
    assert pages[0] == pages[1] and any(re.search(r"\d\.\d", cell) for cell in pages[0])


def test_no_server_writes_to_the_instance_folder(
    servers: tuple[GunicornServer, GunicornServer], site: Site
) -> None:
    instance = ROOT / "instance"
    before = _listing(instance)
    for server in servers:
        browser = signed_in(server)
        browser.expect("GET", f"/results/{site.slug}/", 200)
    assert _listing(instance) == before


def _listing(folder: Path) -> dict[str, int]:
    if not folder.is_dir():
        return {}
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")}
