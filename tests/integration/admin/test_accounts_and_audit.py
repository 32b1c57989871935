"""Staff accounts and the audit log in the console."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from selfassess.extensions import db
from selfassess.models import Account, AccountRole, AuditEvent
from tests.conftest import post_form


def test_create_change_role_and_deactivate(client: FlaskClient, admin: Any) -> None:
    weak = post_form(
        client, "/admin/accounts", {"email": "x@y.org", "role": "consultant", "password": "short"}
    )
    assert weak.status_code == 422
    assert 'id="password-error"' in weak.get_data(as_text=True)

    post_form(
        client,
        "/admin/accounts",
        {
            "email": "Oyun@Example.org",
            "name": "Oyun",
            "role": "consultant",
            "password": "a long enough one",
        },
    )
    other = db.session.scalar(db.select(Account).filter_by(email="oyun@example.org"))
    assert other.role is AccountRole.CONSULTANT

    post_form(client, f"/admin/accounts/{other.id}/role", {"role": "admin"}, page="/admin/accounts")
    post_form(client, f"/admin/accounts/{other.id}/deactivate", {}, page="/admin/accounts")
    db.session.refresh(other)
    assert other.role is AccountRole.ADMIN and not other.active
    events = list(db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id)))
    assert events[-3:] == ["account.create", "account.role", "account.deactivate"]


def test_an_admin_cannot_deactivate_or_demote_themself(client: FlaskClient, admin: Any) -> None:
    page = client.get("/admin/accounts").get_data(as_text=True)
    assert f"/admin/accounts/{admin.id}/deactivate" not in page
    refused = post_form(
        client,
        f"/admin/accounts/{admin.id}/deactivate",
        {},
        page="/admin/accounts",
        follow_redirects=True,
    )
    assert "cannot deactivate your own account" in refused.get_data(as_text=True)
    post_form(
        client, f"/admin/accounts/{admin.id}/role", {"role": "consultant"}, page="/admin/accounts"
    )
    db.session.refresh(admin)
    assert admin.active and admin.role is AccountRole.ADMIN


@pytest.fixture
def events(admin: Any) -> None:
    now = datetime.now(UTC)
    for i in range(60):
        db.session.add(
            AuditEvent(
                actor="someone@example.org",
                action="round.open",
                target=f"r{i}",
                at=now - timedelta(days=10),
            )
        )
    db.session.add(
        AuditEvent(
            actor="other@example.org",
            action="results.export",
            target="x",
            details={"format": "json"},
        )
    )
    db.session.commit()


@pytest.mark.usefixtures("events")
def test_the_audit_log_filters_and_pages(client: FlaskClient) -> None:
    everything = client.get("/admin/audit").get_data(as_text=True)
    assert "Page 1 of 2" in everything
    exports = client.get("/admin/audit?action=results.export").get_data(as_text=True)
    assert "1 event" in exports and "format=json" in exports
    by_actor = client.get("/admin/audit?actor=SOMEONE").get_data(as_text=True)
    assert "60 events" in by_actor
    recent = client.get(f"/admin/audit?since={datetime.now(UTC).date().isoformat()}").get_data(
        as_text=True
    )
    assert "round.open</code></td><td>r1<" not in recent
    second = client.get("/admin/audit?actor=someone&page=2").get_data(as_text=True)
    assert "Page 2 of 2" in second and "actor=someone" in second
    bad_date = client.get("/admin/audit?since=yesterday")
    assert bad_date.status_code == 200
