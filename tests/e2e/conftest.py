"""Browser tests: a real server in a thread, Debian's Chromium driven by Playwright.

The browser is never downloaded: Playwright launches the ``chromium`` found on PATH.
Each test gets its own server and a fresh copy of a migrated SQLite database.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from tests.conftest import make_app, migrate

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if CHROMIUM is None:
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def _template_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("e2e") / "template.db"
    migrate(f"sqlite:///{path}")
    return path


@dataclass
class LiveServer:
    url: str
    app: Flask

    def __call__(self, path: str = "/") -> str:
        return self.url + path

    @contextmanager
    def unit_of_work(self) -> Iterator[None]:
        """The app's context for a test's own setup or checks; what it writes is committed
        at the end, as a command's would be (services only flush)."""
        from selfassess import unit_of_work

        with self.app.app_context(), unit_of_work.scope():
            yield


@pytest.fixture
def live_server(_template_database: Path, tmp_path: Path) -> Iterator[LiveServer]:
    """The app served on a free port of 127.0.0.1 from a thread, on its own database."""
    database = tmp_path / "live.db"
    shutil.copy(_template_database, database)
    app = make_app(f"sqlite:///{database}", RATELIMIT_ENABLED=False)
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    try:
        yield LiveServer(app.config["BASE_URL"], app)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        with app.app_context():
            from selfassess.extensions import db

            db.engine.dispose()


def axe_check(page: Any, *, impacts: tuple[str, ...] = ("serious", "critical")) -> None:
    """Fail with a readable list when axe-core finds serious or critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = [v for v in results.response["violations"] if v.get("impact") in impacts]
    lines = [
        f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:3]}"
        for v in found
    ]
    assert not found, f"axe-core on {page.url}:\n" + "\n".join(lines)
