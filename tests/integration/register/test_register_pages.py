"""The register's pages: reading, editing, focal points (no IDOR), the public page."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Action, ProgressUpdate, Recommendation
from selfassess.services import plan
from selfassess.services.errors import InvalidInput
from tests.conftest import PASSWORD, post_form
from tests.integration.register.conftest import ACTIONS_CSV, RECOMMENDATIONS_CSV


@pytest.fixture
def register(register_ready: Any, write: Any) -> dict[str, Action]:
    """The two recommendations and three actions of the CSV files, by ``REF/ACTION``."""
    for name, content in (("r.csv", RECOMMENDATIONS_CSV), ("a.csv", ACTIONS_CSV)):
        result = register_ready.invoke(
            args=["recommendations", "import", str(write(name, content))]
        )
        assert result.exit_code == 0, result.output
    actions = db.session.scalars(select(Action)).all()
    return {f"{a.recommendation.ref}/{a.ref}": a for a in actions}


def focal_point(make_account: Any, client: Any, bodies: list[str]) -> Any:
    account = make_account("focal_point")
    plan.set_focal_bodies(account, bodies)
    db.session.commit()
    response = post_form(client, "/auth/login", {"email": account.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.location.endswith("/register/plan")
    return account


def test_staff_read_the_register_with_filters(client: Any, login_as: Any, register: Any) -> None:
    login_as("consultant")
    page = client.get("/register/").get_data(as_text=True)
    assert "SA-2025-07" in page and "UPR3-107.45" in page
    only = client.get("/register/?status=accepted").get_data(as_text=True)
    assert "UPR3-107.45" in only and "SA-2025-07" not in only
    by_body = client.get("/register/?body=gender-caucus").get_data(as_text=True)
    assert "SA-2025-07" in by_body and "UPR3-107.45" not in by_body
    by_item = client.get("/register/?item=minimal:oversight").get_data(as_text=True)
    assert "UPR3-107.45" in by_item and "SA-2025-07" not in by_item
    by_sdg = client.get("/register/?sdg=5.5").get_data(as_text=True)
    assert "SA-2025-07" in by_sdg and "UPR3-107.45" not in by_sdg
    search = client.get("/register/?q=ДАРАМТ").get_data(as_text=True)  # Cyrillic, any case
    assert "SA-2025-07" in search and "UPR3-107.45" not in search
    source = client.get("/register/?source=baseline-2025").get_data(as_text=True)
    assert "SA-2025-07" in source and "UPR3-107.45" not in source


def test_a_recommendation_page_shows_texts_actions_and_history(
    client: Any, login_as: Any, register: Any
) -> None:
    login_as("admin")
    page = client.get("/register/recommendation/SA-2025-07").get_data(as_text=True)
    assert "Бэлгийн дарамтын бодлого батлах" in page
    assert "Draft the policy" in page and "Train staff" in page
    assert "History" in page and "command line" in page
    assert client.get("/register/recommendation/NOPE").status_code == 404


def test_the_plan_marks_overdue_actions(client: Any, login_as: Any, register: Any) -> None:
    late = register["SA-2025-07/2"]
    late.due = date.today() - timedelta(days=3)
    db.session.commit()
    login_as("consultant")
    for view in ("timeline", "table"):
        page = client.get(f"/register/plan?view={view}").get_data(as_text=True)
        assert "Train staff" in page
        assert 'class="overdue"' in page
    reminders = client.get("/register/reminders").get_data(as_text=True)
    assert "Train staff" in reminders and "Map discriminatory" not in reminders


def test_a_focal_point_reports_on_its_own_bodies_only(
    client: Any, make_account: Any, register: Any
) -> None:
    own, other = register["SA-2025-07/2"], register["UPR3-107.45/1"]
    account = focal_point(make_account, client, ["hr-administration"])
    page = client.get(f"/register/actions/{own.id}")
    assert page.status_code == 200
    response = post_form(
        client,
        f"/register/actions/{own.id}",
        {
            "text": "Two trainings held; 48 staff trained. Хоёр сургалт.",
            "status": "in_progress",
            "link": "https://example.org/report",
            "document": (io.BytesIO(b"%PDF-1.4 minutes"), "../../minutes <1>.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    update = db.session.scalar(select(ProgressUpdate))
    assert update.author == account.email and update.document_name == "minutes 1.pdf"

    # Another body's action: neither read for reporting nor changed, whatever the URL.
    assert client.get(f"/register/actions/{other.id}").status_code == 403
    refused = post_form(
        client,
        f"/register/actions/{other.id}",
        {"text": "not mine", "status": "done"},
        page=f"/register/actions/{own.id}",
    )
    assert refused.status_code == 403
    status = post_form(
        client,
        f"/register/actions/{other.id}/status",
        {"status": "done"},
        page=f"/register/actions/{own.id}",
    )
    assert status.status_code == 403
    db.session.expire_all()
    assert db.session.get(Action, other.id).status.value == "not_started"
    assert len(db.session.get(Action, other.id).updates) == 0
    # Editing and publishing are for staff and administrators.
    assert client.get("/register/edit/new").status_code == 403
    assert client.get("/register/manage/bodies").status_code == 403


def test_documents_download_safely_and_only_to_who_may_report(
    client: Any, make_account: Any, register: Any
) -> None:
    own, other = register["SA-2025-07/2"], register["UPR3-107.45/1"]
    from selfassess.services.register import actor  # noqa: F401 (the CLI actor)

    admin = make_account("admin")
    with pytest.raises(InvalidInput, match="one of these types"):
        plan.add_update(own, "page", by=admin, document=("a.html", b"<script>x</script>"))
    with pytest.raises(InvalidInput, match="in the future"):
        plan.add_update(own, "later", by=admin, on=date.today() + timedelta(days=1))
    mine = plan.add_update(own, "minutes", by=admin, document=("a.txt", b"<script>x</script>"))
    theirs = plan.add_update(other, "notes", by=admin, document=("b.pdf", b"%PDF"))
    db.session.commit()
    focal_point(make_account, client, ["hr-administration"])
    response = client.get(f"/register/documents/{mine.id}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.mimetype == "application/octet-stream"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/register/documents/{theirs.id}").status_code == 403


def test_a_document_over_the_limit_is_refused(app: Any, make_account: Any, register: Any) -> None:
    admin = make_account("admin")
    with pytest.raises(InvalidInput, match="larger than"):
        plan.add_update(
            register["SA-2025-07/1"],
            "big",
            by=admin,
            document=("big.pdf", b"x" * (plan.MAX_DOCUMENT_BYTES + 1)),
        )


def test_the_public_page_shows_only_what_is_published(
    client: Any, make_account: Any, register: Any
) -> None:
    admin = make_account("admin")
    plan.add_update(register["SA-2025-07/1"], "Policy adopted on 3 March", by=admin)
    plan.add_update(register["UPR3-107.45/1"], "SECRET internal note", by=admin)
    rec = db.session.scalar(select(Recommendation).where(Recommendation.ref == "SA-2025-07"))
    rec.published = True
    db.session.commit()
    for lang in ("en", "mn"):
        client.get(f"/language/{lang}")
        page = client.get("/accountability/").get_data(as_text=True)
        assert "SA-2025-07" in page and "Policy adopted on 3 March" in page
        assert ("Train staff" if lang == "en" else "Ажилтнуудыг сургах") in page
        for hidden in ("UPR3-107.45", "Review laws", "Map discriminatory", "SECRET internal"):
            assert hidden not in page
        assert admin.email not in page  # no author's address in public
    mn = client.get("/accountability/").get_data(as_text=True)
    assert "Бэлгийн дарамтын бодлого батлах" in mn


def test_an_admin_publishes_and_withdraws(client: Any, login_as: Any, register: Any) -> None:
    login_as("admin")
    rec = db.session.scalar(select(Recommendation).where(Recommendation.ref == "UPR3-107.45"))
    page = "/register/recommendation/UPR3-107.45"
    assert (
        post_form(client, f"/register/manage/publish/{rec.id}/publish", {}, page=page).status_code
        == 302
    )
    assert "UPR3-107.45" in client.get("/accountability/").get_data(as_text=True)
    assert (
        post_form(client, f"/register/manage/publish/{rec.id}/withdraw", {}, page=page).status_code
        == 302
    )
    client.get(page)  # shows the flash message, which names the ref
    assert "UPR3-107.45" not in client.get("/accountability/").get_data(as_text=True)


def test_staff_create_and_edit_recommendations_and_actions(
    client: Any, login_as: Any, register: Any
) -> None:
    login_as("consultant")
    bad = post_form(
        client,
        "/register/edit/new",
        {"ref": "SA-NEW", "text_en": "", "links": "minimal:nowhere", "status": "proposed"},
    )
    assert bad.status_code == 422
    assert "nowhere" in bad.get_data(as_text=True)
    good = post_form(
        client,
        "/register/edit/new",
        {
            "ref": "SA-NEW",
            "text_mn": "Шинэ зөвлөмж",
            "links": "minimal:oversight",
            "responsible": ["legal-committee"],
            "sdg": "16.7",
            "status": "accepted",
            "due": "2027-01-31",
        },
    )
    assert good.status_code == 302, good.get_data(as_text=True)
    rec = db.session.scalar(select(Recommendation).where(Recommendation.ref == "SA-NEW"))
    assert rec.text == {"mn": "Шинэ зөвлөмж"} and rec.responsible == ["legal-committee"]
    action = post_form(
        client,
        f"/register/edit/{rec.id}/actions/new",
        {
            "ref": "1",
            "text_en": "Hold a hearing",
            "responsible": "legal-committee",
            "status": "not_started",
        },
    )
    assert action.status_code == 302, action.get_data(as_text=True)
    assert [a.ref for a in db.session.get(Recommendation, rec.id).actions] == ["1"]


def test_the_web_import_and_export(
    client: Any, login_as: Any, register_ready: Any, tmp_path: Path
) -> None:
    login_as("admin")
    refused = post_form(
        client,
        "/register/edit/import",
        {"file": (io.BytesIO(b"ref,text::en,status\nX-1,Text,bogus\n"), "bad.csv")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    assert "bad.csv:2:status:" in refused.get_data(as_text=True)
    ok = post_form(
        client,
        "/register/edit/import",
        {"file": (io.BytesIO(RECOMMENDATIONS_CSV.encode()), "recs.csv")},
        content_type="multipart/form-data",
    )
    assert ok.status_code == 302
    workbook = client.get("/register/edit/export.xlsx?lang=mn")
    assert workbook.status_code == 200
    assert workbook.data[:2] == b"PK"


def test_a_dimension_results_page_lists_its_recommendations(
    client: Any, login_as: Any, make_round: Any, register_ready: Any, write: Any
) -> None:
    make_round("linked-round")
    result = register_ready.invoke(
        args=["recommendations", "import", str(write("r.csv", RECOMMENDATIONS_CSV))]
    )
    assert result.exit_code == 0, result.output
    login_as("consultant")
    page = client.get("/results/linked-round/dimensions/oversight").get_data(as_text=True)
    assert "UPR3-107.45" in page and "SA-2025-07" not in page
