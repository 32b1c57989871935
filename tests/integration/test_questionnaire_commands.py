"""The questionnaire and round commands, on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import (
    AuditEvent,
    ImmutableVersionError,
    InstrumentVersion,
    Round,
    RoundState,
)
from tests.conftest import BUNDLED, MINIMAL


def test_load_is_idempotent_and_listed(runner) -> None:
    first = runner.invoke(args=["questionnaire", "load", str(MINIMAL)])
    assert first.exit_code == 0, first.output
    assert first.output.strip().startswith("loaded ")
    again = runner.invoke(args=["questionnaire", "load", str(MINIMAL)])
    assert again.exit_code == 0
    assert again.output.strip().startswith("unchanged ")
    assert db.session.scalar(select(db.func.count(InstrumentVersion.id))) == 1

    listing = runner.invoke(args=["questionnaire", "list"])
    assert listing.exit_code == 0
    assert "v1" in listing.output and "0 round(s)" in listing.output


def test_different_content_under_a_loaded_version_is_refused(runner, tmp_path: Path) -> None:
    assert runner.invoke(args=["questionnaire", "load", str(MINIMAL)]).exit_code == 0
    changed = tmp_path / "changed.yaml"
    source = MINIMAL.read_text(encoding="utf-8")
    changed.write_text(
        source.replace("version: 1", "version: 1\n# edited", 1) + "\n", encoding="utf-8"
    )
    # a comment alone is the same content: still a no-op
    assert "unchanged" in runner.invoke(args=["questionnaire", "load", str(changed)]).output

    changed.write_text(
        source.replace("{en: Minimal self-assessment,", "{en: Changed title,", 1), encoding="utf-8"
    )
    result = runner.invoke(args=["questionnaire", "load", str(changed)])
    assert result.exit_code == 1
    assert "already loaded with different content" in result.output
    assert "Traceback" not in result.output


def test_a_loaded_version_cannot_be_edited(app, load_instrument) -> None:
    version = load_instrument()
    version.definition = {**version.definition, "title": {"en": "x", "mn": "x"}}
    with pytest.raises(ImmutableVersionError):
        db.session.commit()
    db.session.rollback()


def test_validate_reports_located_errors_and_exit_status(runner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: selfassess/1\nkey: Bad Key\nversion: 0\n", encoding="utf-8")
    result = runner.invoke(args=["questionnaire", "validate", str(MINIMAL), str(broken)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith(str(broken))]
    assert any(line.startswith(f"{broken}:2: ") for line in lines), result.output
    assert any(line.startswith(f"{broken}:3: ") for line in lines), result.output
    assert "Traceback" not in result.output


def test_convert_round_trips_through_the_workbook(runner, tmp_path: Path) -> None:
    workbook, back = tmp_path / "q.xlsx", tmp_path / "q.yaml"
    assert (
        runner.invoke(args=["questionnaire", "convert", str(BUNDLED), str(workbook)]).exit_code == 0
    )
    assert runner.invoke(args=["questionnaire", "convert", str(workbook), str(back)]).exit_code == 0
    from selfassess import instrument

    original, _ = instrument.load(BUNDLED)
    again, issues = instrument.load(back)
    assert not issues
    assert original == again and original.content_hash() == again.content_hash()
    # format revision 2 survives the round trip: the declared gaps, the panel-only criteria
    assert again.gaps and any(not q.surveyed for q in again.iter_questions())


def test_round_lifecycle(runner, load_instrument) -> None:
    version = load_instrument()
    key = version.instrument.key
    created = runner.invoke(
        args=[
            "round",
            "create",
            "baseline-2026",
            "--questionnaire",
            key,
            "--min-group-size",
            "4",
            "--identified",
        ]
    )
    assert created.exit_code == 0, created.output
    round_ = db.session.scalar(select(Round).filter_by(slug="baseline-2026"))
    assert round_.state is RoundState.DRAFT and round_.min_group_size == 4 and not round_.anonymous

    assert runner.invoke(args=["round", "open", "baseline-2026"]).exit_code == 0
    twice = runner.invoke(args=["round", "open", "baseline-2026"])
    assert twice.exit_code == 1 and "already open" in twice.output
    assert runner.invoke(args=["round", "close", "baseline-2026"]).exit_code == 0
    db.session.expire_all()
    assert round_.state is RoundState.CLOSED
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["instrument.load", "round.create", "round.open", "round.close"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["round", "create", "Bad Slug", "--questionnaire", "x"], "round slug"),
        (["round", "create", "r1", "--questionnaire", "nope"], "no instrument with key 'nope'"),
        (["round", "open", "missing"], "no round with slug 'missing'"),
        (["questionnaire", "load", "/nonexistent.yaml"], "/nonexistent.yaml"),
    ],
)
def test_user_errors_are_one_line_and_exit_1(runner, args: list[str], message: str) -> None:
    result = runner.invoke(args=args)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_users_create_with_password_on_stdin(runner) -> None:
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Consultant@Example.org",
            "--role",
            "consultant",
            "--password-stdin",
        ],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert "consultant@example.org" in result.output
    short = runner.invoke(
        args=["users", "create", "x@example.org", "--role", "admin", "--password-stdin"],
        input="short\n",
    )
    assert short.exit_code == 1 and "at least" in short.output


def test_a_stored_version_rebuilds_the_same_definition(app, load_instrument) -> None:
    """The database keeps the definition's key order (role order is meaningful)."""
    from selfassess import instrument
    from selfassess.models import instruments as stored

    original, _ = instrument.load(BUNDLED)
    version = load_instrument(BUNDLED)
    db.session.expire_all()
    stored._DEFINITIONS.clear()
    rebuilt = db.session.get(InstrumentVersion, version.id).load()
    assert rebuilt == original
    assert rebuilt.role_keys == original.role_keys
