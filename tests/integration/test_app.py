"""Settings, schema, health, home page and the headers every response carries."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from selfassess import create_app
from selfassess.extensions import db


def test_production_refuses_to_start_without_a_secret_key(monkeypatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        create_app({"SELFASSESS_ENV": "production", "DATABASE_URL": "sqlite://"})
    app = create_app(
        {"SELFASSESS_ENV": "production", "SECRET_KEY": "x" * 32, "DATABASE_URL": "sqlite://"}
    )
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]


def test_settings_come_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("SELFASSESS_RETENTION_MONTHS", "12")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///:memory:")
    app = create_app({"SELFASSESS_ENV": "testing"})
    assert app.config["RETENTION_MONTHS"] == 12
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///:memory:"


def test_models_and_migrations_agree(app) -> None:
    """The `flask db check` of CI: the migrations build exactly the models' schema."""
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert diff == []


def test_health_check(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_home_lists_instruments_and_rounds(client, make_round) -> None:
    make_round("baseline-2026")
    page = client.get("/").get_data(as_text=True)
    assert "baseline-2026" in page and "minimal" in page.lower()


def test_security_headers(client) -> None:
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_language_switch_sets_lang_and_refuses_open_redirects(client) -> None:
    response = client.get("/language/mn?next=https://evil.example/")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert 'lang="mn"' in client.get("/").get_data(as_text=True)
    assert client.get("/language/mn?next=//evil.example").headers["Location"] == "/"


def test_unknown_page_is_a_friendly_404(client) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Traceback" not in response.get_data(as_text=True)
