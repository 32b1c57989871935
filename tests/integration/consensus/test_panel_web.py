"""The panel on the web: facilitators' rounds, sessions, the session screen's saves and
conflicts, evidence documents, draft recommendations, the results and history pages."""

from __future__ import annotations

import io

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import AuditEvent, GradeVersion, PanelSession
from selfassess.services import panel
from tests.conftest import PASSWORD, csrf_token, post_form

SCREEN = "/panel/panel-round/criteria/ovs-budget"


def sign_in(client: FlaskClient, account) -> None:  # type: ignore[no-untyped-def]
    response = post_form(client, "/auth/login", {"email": account.email, "password": PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def facilitator(app, make_round, make_account):  # type: ignore[no-untyped-def]
    round_ = make_round("panel-round")
    make_round("other-round", state="open")
    account = make_account("facilitator")
    panel.assign(round_, account)
    db.session.commit()
    return account


def save_json(client: FlaskClient, body: dict, *, token: str | None = None):  # type: ignore[no-untyped-def]
    headers = {"X-CSRFToken": token or csrf_token(client, SCREEN), "Accept": "application/json"}
    return client.post(f"{SCREEN}/grade", json=body, headers=headers)


def test_a_facilitator_works_only_in_its_rounds(app, client, facilitator) -> None:  # type: ignore[no-untyped-def]
    response = post_form(client, "/auth/login", {"email": facilitator.email, "password": PASSWORD})
    assert response.location.endswith("/panel/")  # its home after signing in
    index = client.get("/panel/").get_data(as_text=True)
    assert "panel-round" in index and "other-round" not in index
    assert client.get("/panel/panel-round/").status_code == 200
    assert client.get("/panel/other-round/").status_code == 403
    assert client.get("/panel/other-round/criteria/ovs-budget").status_code == 403
    assert client.get("/results/").status_code == 403  # no consultant pages
    assert client.get("/results/panel-round/panel/").status_code == 403
    assert client.get("/panel/panel-round/criteria/ovs-committee").status_code == 404


def test_form_save_without_javascript_and_the_audit_log(app, client, facilitator) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, facilitator)
    response = post_form(
        client,
        f"{SCREEN}/grade",
        {"based_on": "0", "grade": "4", "evidence": " Төсвийн тайлан 2024 ", "go": "ovs-budget"},
        page=SCREEN,
    )
    assert response.status_code == 302
    version = db.session.scalars(select(GradeVersion)).one()
    assert (version.grade, version.evidence, version.recorded_by) == (
        "4",
        "Төсвийн тайлан 2024",
        facilitator.email,
    )
    event = db.session.scalars(select(AuditEvent).filter_by(action="consensus.grade")).one()
    assert event.actor == facilitator.email and event.target == "panel-round ovs-budget"
    page = client.get(SCREEN).get_data(as_text=True)
    assert "Төсвийн тайлан 2024" in page and 'value="4" checked' in page
    # A grade off the scale is refused with a message, nothing stored.
    bad = post_form(client, f"{SCREEN}/grade", {"based_on": "1", "grade": "9"}, page=SCREEN)
    assert bad.status_code == 400
    assert db.session.scalars(select(GradeVersion)).all() == [version]


def test_two_people_at_once_conflict_and_nothing_is_lost(app, facilitator, make_account) -> None:  # type: ignore[no-untyped-def]
    first, second = app.test_client(), app.test_client()
    sign_in(first, facilitator)
    sign_in(second, make_account("consultant"))
    token_first, token_second = csrf_token(first, SCREEN), csrf_token(second, SCREEN)
    # Both opened the screen on no grade (version 0).
    ok = save_json(first, {"based_on": 0, "grade": "3", "evidence": "A"}, token=token_first)
    assert ok.status_code == 200
    assert ok.json["current"]["version"] == 1 and ok.json["saved"] is True
    refused = save_json(
        second, {"based_on": 0, "grade": "5", "notes": "B's notes"}, token=token_second
    )
    assert refused.status_code == 409
    assert refused.json["current"]["grade"] == "3"
    assert refused.json["current"]["evidence"] == "A"
    assert refused.json["yours"]["grade"] == "5" and refused.json["yours"]["notes"] == "B's notes"
    # The second keeps theirs: saved on top of version 1.
    kept = save_json(
        second, {"based_on": 1, "grade": "5", "evidence": "A", "notes": "B's notes"},
        token=token_second,
    )  # fmt: skip
    assert kept.status_code == 200 and kept.json["current"]["version"] == 2
    grades = db.session.scalars(select(GradeVersion.grade).order_by(GradeVersion.version)).all()
    assert grades == ["3", "5"]
    # Saving the same values again records nothing.
    same = save_json(
        second, {"based_on": 2, "grade": "5", "evidence": "A", "notes": "B's notes"},
        token=token_second,
    )  # fmt: skip
    assert same.status_code == 200 and same.json["saved"] is False
    # No CSRF token: refused.
    assert first.post(f"{SCREEN}/grade", json={"grade": "1"}).status_code == 400


def test_a_form_save_on_a_changed_grade_shows_both_versions(app, client, facilitator) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, facilitator)
    assert save_json(client, {"based_on": 0, "grade": "2", "evidence": "theirs"}).status_code == 200
    response = post_form(
        client, f"{SCREEN}/grade", {"based_on": "0", "grade": "1", "evidence": "mine"}, page=SCREEN
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "theirs" in page and "mine" in page
    assert 'name="based_on" type="hidden" value="1"' in page  # saving again keeps mine


def test_documents_are_stored_and_served_as_safe_downloads(
    app, client, facilitator, make_round
) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, facilitator)
    token = csrf_token(client, SCREEN)
    content = b"<script>alert(1)</script>"
    response = client.post(
        f"{SCREEN}/documents",
        data={"csrf_token": token, "file": (io.BytesIO(content), "../../Тайлан 2024.html")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    document = panel.documents_of(facilitator_round(), "ovs-budget")[0]
    assert document.filename == "Tailan-2024.html"
    download = client.get(f"/panel/panel-round/documents/{document.id}")
    assert download.status_code == 200 and download.data == content
    assert download.headers["Content-Disposition"] == 'attachment; filename="Tailan-2024.html"'
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.mimetype == "application/octet-stream"
    # The document belongs to its round: through another round's address it is not found.
    other = panel.add_document(
        panel_round("other-round"), "ovs-budget", "x.pdf", b"%PDF", actor=None
    )
    db.session.commit()
    assert client.get(f"/panel/panel-round/documents/{other.id}").status_code == 404
    assert client.get(f"/panel/other-round/documents/{other.id}").status_code == 403
    big = client.post(
        f"{SCREEN}/documents",
        data={"csrf_token": token, "file": (io.BytesIO(b"x" * (panel.MAX_DOCUMENT + 1)), "a.pdf")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "larger than 5 MB" in big.get_data(as_text=True)
    assert len(panel.documents_of(facilitator_round())) == 1
    # Attached by mistake: removed, and the audit log keeps its name and hash.
    removed = post_form(
        client, f"/panel/panel-round/documents/{document.id}/remove", {}, page=SCREEN
    )
    assert removed.status_code == 302 and removed.location.endswith(SCREEN)
    assert panel.documents_of(facilitator_round()) == []
    event = db.session.scalars(select(AuditEvent).filter_by(action="panel.document.remove")).one()
    assert event.details["file"] == "Tailan-2024.html"


def facilitator_round():  # type: ignore[no-untyped-def]
    return panel_round("panel-round")


def panel_round(slug: str):  # type: ignore[no-untyped-def]
    from selfassess.services.rounds import get_round

    return get_round(slug)


def test_sessions_attendance_and_held(app, client, facilitator) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, facilitator)
    page = "/panel/panel-round/"
    response = post_form(
        client,
        "/panel/panel-round/sessions",
        {
            "held_on": "2025-03-14",
            "place": "Төрийн ордон, танхим 2",
            "facilitators": "Б. Сараа",
            "status": "planned",
            "attendance-mp-female": "4",
            "attendance-mp-male": "6",
            "attendance-staff-female": "3",
            "dimensions": ["representation", "oversight"],
        },
        page=page,
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    session = db.session.scalars(select(PanelSession)).one()
    assert session.attendance == {
        "mp": {"female": 4, "male": 6},
        "staff": {"female": 3, "male": 0},
    }
    assert session.attendance_total == 13 and session.dimensions == ["representation", "oversight"]
    edit = "/panel/panel-round/sessions/1"
    held = post_form(client, edit, {"status": "held", "held_on": "", "attendance-mp-female": "4"})
    assert held.status_code == 400  # held needs its date
    held = post_form(
        client, edit, {"status": "held", "held_on": "2025-03-14", "attendance-mp-female": "-1"}
    )
    assert held.status_code == 400
    held = post_form(client, edit, {"status": "held", "held_on": "2025-03-14", "place": "X"})
    assert held.status_code == 302
    db.session.refresh(session)
    assert session.status.value == "held" and session.place == "X"
    assert client.get("/panel/panel-round/sessions/9").status_code == 404


def test_draft_recommendations(app, client, facilitator) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, facilitator)
    response = post_form(
        client,
        f"{SCREEN}/recommendations",
        {"text_en": "Publish a gender budget statement.", "text_mn": "Жендэрийн төсвийн мэдэгдэл"},
        page=SCREEN,
    )
    assert response.status_code == 302
    drafts = panel.drafts_of(facilitator_round(), "ovs-budget")
    assert drafts[0].text == {
        "en": "Publish a gender budget statement.",
        "mn": "Жендэрийн төсвийн мэдэгдэл",
    }
    assert "Жендэрийн төсвийн мэдэгдэл" in client.get(SCREEN).get_data(as_text=True)
    removed = post_form(
        client, f"/panel/panel-round/recommendations/{drafts[0].id}/remove", {"key": "ovs-budget"},
        page=SCREEN,
    )  # fmt: skip
    assert removed.status_code == 302
    assert panel.drafts_of(facilitator_round()) == []


def test_results_and_history_pages_for_consultants(app, client, facilitator, login_as) -> None:  # type: ignore[no-untyped-def]
    other = app.test_client()
    sign_in(other, facilitator)
    save_json(other, {"based_on": 0, "grade": "2", "evidence": "first"})
    save_json(other, {"based_on": 1, "grade": "4", "evidence": "second"})
    login_as("consultant")
    overview = client.get("/results/panel-round/panel/")
    assert overview.status_code == 200
    text = overview.get_data(as_text=True)
    assert "Perception gap" in text and "80.0" in text  # ovs-budget 4 of 0-5
    history = client.get("/results/panel-round/panel/ovs-budget").get_data(as_text=True)
    assert history.count(facilitator.email) >= 2
    assert "<del>2</del>" in history and "<ins>4</ins>" in history
    assert client.get("/results/panel-round/panel/ovs-committee").status_code == 404


def test_a_worksheet_filled_offline_is_uploaded_all_or_nothing(app, client, facilitator) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, facilitator)
    page = "/panel/panel-round/"
    token = csrf_token(client, page)
    bad = b"question,grade\novs-budget,9\nnope,1\n"
    response = client.post(
        "/panel/panel-round/worksheet",
        data={"csrf_token": token, "file": (io.BytesIO(bad), "../session.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "session.csv:2:grade: &#39;9&#39; is not a point value" in text
    assert "session.csv:3:question: unknown question &#39;nope&#39;" in text
    assert db.session.scalars(select(GradeVersion)).all() == []
    good = "\ufeffquestion,grade,evidence\novs-budget,3,Төсөв\n".encode()
    response = client.post(
        "/panel/panel-round/worksheet",
        data={"csrf_token": token, "file": (io.BytesIO(good), "session.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "1 grades recorded from session.csv." in response.get_data(as_text=True)
    version = db.session.scalars(select(GradeVersion)).one()
    assert (version.grade, version.evidence, version.recorded_by) == (
        "3",
        "Төсөв",
        facilitator.email,
    )
    assert version.source.value == "import"


def test_an_admin_assigns_and_removes_facilitators(app, client, make_round, make_account) -> None:  # type: ignore[no-untyped-def]
    round_ = make_round("panel-round")
    facilitator = make_account("facilitator")
    admin = make_account("admin")
    sign_in(client, admin)
    page = client.get("/panel/panel-round/").get_data(as_text=True)
    assert f'<option value="{facilitator.email}">' in page
    response = post_form(
        client,
        "/panel/panel-round/facilitators/",
        {"email": facilitator.email},
        page="/panel/panel-round/",
    )
    assert response.status_code == 302
    assert panel.may_record(facilitator, round_)
    refused = post_form(
        client,
        "/panel/panel-round/facilitators/",
        {"email": admin.email},
        page="/panel/panel-round/",
    )
    assert refused.status_code == 302  # an admin is no facilitator: refused with a message
    assert panel.facilitators_of(round_) == [facilitator]
    removed = post_form(
        client,
        f"/panel/panel-round/facilitators/{facilitator.id}/remove",
        {},
        page="/panel/panel-round/",
    )
    assert removed.status_code == 302
    assert not panel.may_record(facilitator, round_)
    events = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert "panel.assign" in events and "panel.unassign" in events


def test_the_screen_shows_each_declared_gap_and_suppresses_small_groups(
    app, client, facilitator, runner, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from selfassess.instrument.model import Gap
    from selfassess.models import InstrumentVersion

    rows = ["respondent,role,sex,ovs-committee,ovs-budget"]
    rows += [f"f{i},staff,female,yes,{i % 6}" for i in range(6)]
    rows += ["m1,mp,male,no,1", "m2,mp,male,no,2"]  # two men: under k=5
    path = tmp_path / "r.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(args=["responses", "import", "panel-round", str(path)])
    assert result.exit_code == 0, result.output
    load = InstrumentVersion.load
    monkeypatch.setattr(
        InstrumentVersion,
        "load",
        lambda self: dataclasses.replace(load(self), gaps=(Gap("sex", "female", "male"),)),
    )
    sign_in(client, facilitator)
    page = client.get(SCREEN).get_data(as_text=True)
    import re

    cells = dict(
        re.findall(r'<th scope="row">([^<]+)</th>\s*<td class="num[^"]*"[^>]*>([^<]+)</td>', page)
    )
    # all, each role, then the gap's two groups; two men and two MPs: too few to show
    assert list(cells) == [
        "Everyone",
        "Member of Parliament",
        "Secretariat staff",
        "Female",
        "Male",
    ]
    assert cells["Everyone"] == "8" and cells["Male"] == cells["Member of Parliament"] == "n&lt;5"


def test_a_session_goes_through_its_own_dimensions(app, client, facilitator) -> None:  # type: ignore[no-untyped-def]
    round_ = facilitator_round()
    panel.create_session(round_, panel.SessionInput(dimensions=["oversight"]))
    db.session.commit()
    sign_in(client, facilitator)
    # minimal.yaml: oversight has one panel question, ovs-budget: its session has no next.
    page = client.get(f"{SCREEN}?session=1").get_data(as_text=True)
    assert "Criterion 1 of 1" in page and 'rel="next"' not in page
    assert 'criteria/ovs-budget?session=1">Session screen' in client.get(
        "/panel/panel-round/"
    ).get_data(as_text=True)
    # Outside the session's dimensions, every criterion is reachable.
    other = client.get("/panel/panel-round/criteria/rep-women-leadership?session=1")
    assert "Criterion 1 of 3" in other.get_data(as_text=True)
