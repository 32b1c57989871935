"""The change page reads a cached comparison (issue 16): computed once for both rounds'
revisions, recomputed when either round's revision moves, with the register's counts of
linked recommendations read afresh on every view (the register changes apart)."""

from __future__ import annotations

import json

import pytest

from selfassess.extensions import db
from selfassess.models import ComparisonCache, Round
from selfassess.services import register, revisions, rounds
from tests.integration.results.test_compare_cli import two_rounds  # noqa: F401 (a fixture)

PAGE = "/results/after/change?earlier=before"
pytestmark = pytest.mark.usefixtures("two_rounds")


def cached_row() -> ComparisonCache:
    db.session.expire_all()
    after = db.session.scalars(db.select(Round).filter_by(slug="after")).one()
    before = db.session.scalars(db.select(Round).filter_by(slug="before")).one()
    row = db.session.get(ComparisonCache, (after.id, before.id))
    assert row is not None
    assert (row.revision, row.earlier_revision) == (
        revisions.current(after.id),
        revisions.current(before.id),
    )
    return row


def test_the_change_page_reads_the_cached_comparison(client, login_as) -> None:
    login_as("consultant")
    assert client.get(PAGE).status_code == 200
    row = cached_row()
    document = json.loads(row.document)
    document["overall"]["all"]["a"]["score"] = 12.34
    row.document = json.dumps(document)
    db.session.commit()
    assert "12.3" in client.get(PAGE).get_data(as_text=True)  # nothing recomputed

    rounds.update_settings("before", min_group_size=1)  # the earlier round's revision moves
    assert "12.3" not in client.get(PAGE).get_data(as_text=True)
    assert "12.34" not in cached_row().document


def test_linked_recommendations_are_counted_on_every_view(client, login_as) -> None:
    login_as("consultant")
    assert "1 proposed" not in client.get(PAGE).get_data(as_text=True)
    revision = cached_row().revision
    recommendation = register.create_recommendation("R-1")
    register.set_fields(
        recommendation, {"text": {"en": "Quotas"}, "links": ["minimal:rep-women"]}, initial=True
    )
    db.session.commit()
    assert "1 proposed" in client.get(PAGE).get_data(as_text=True)
    assert cached_row().revision == revision  # the register moved no round
