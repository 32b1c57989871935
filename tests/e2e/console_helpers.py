"""What the console's browser tests share: accounts, sign-in, the demo data."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import LiveServer


def make_account(server: LiveServer, role: str) -> str:
    """A staff account of ``role`` on the live server's database; returns its e-mail."""
    from selfassess.services.accounts import create_account

    email = f"{role}@example.org"
    with server.app.app_context():
        create_account(email, role, PASSWORD)
    return email


def load_demo(server: LiveServer) -> None:
    """The demo round with its simulated responses (as ``selfassess demo`` loads it)."""
    from selfassess.services.demo import load_demo as demo

    with server.app.app_context():
        for _line in demo(server.app.config["QUESTIONNAIRES_DIR"], password=PASSWORD):
            pass


def sign_in(page: Page, server: LiveServer, email: str) -> None:
    page.goto(server("/auth/login"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def file_payload(name: str, content: bytes, mime: str) -> dict[str, Any]:
    return {"name": name, "mimeType": mime, "buffer": content}
