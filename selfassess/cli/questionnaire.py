"""``selfassess questionnaire validate | load | list | convert``."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from selfassess import instrument
from selfassess.cli.common import fail, user_errors
from selfassess.services import instruments

questionnaire = AppGroup("questionnaire", help="Validate, load, list and convert questionnaires.")


@questionnaire.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def validate(files: tuple[str, ...]) -> None:
    """Report every error of each FILE as PATH:LOCATION: message."""
    failed = False
    for path in files:
        definition, issues = instrument.load(path)
        for issue in issues:
            click.echo(str(issue))
        if definition is None:
            failed = True
        else:
            n = sum(1 for _ in definition.iter_questions())
            click.echo(
                f"{path}: ok ({definition.key} v{definition.version}, {n} questions)", err=True
            )
    if failed:
        raise SystemExit(1)


@questionnaire.command("load")
@click.argument("file", type=click.Path(dir_okay=False))
@user_errors
def load(file: str) -> None:
    """Validate FILE, then store it as a new immutable version."""
    definition = _definition_or_fail(file)
    outcome = instruments.load_definition(definition, source_name=Path(file).name)
    word = "loaded" if outcome.created else "unchanged"
    click.echo(f"{word} {definition.key} v{definition.version}")


@questionnaire.command("list")
@user_errors
def list_() -> None:
    """Instruments and versions, with their round counts."""
    rows = instruments.list_versions()
    if not rows:
        click.echo("no questionnaire loaded")
    for version, rounds in rows:
        click.echo(
            f"{version.instrument.key}\tv{version.version}\t{rounds} round(s)\t{version.title}"
        )


@questionnaire.command("convert")
@click.argument("source", type=click.Path(dir_okay=False))
@click.argument("target", type=click.Path(dir_okay=False, writable=True))
def convert(source: str, target: str) -> None:
    """Convert between the YAML and the workbook (XLSX) forms, by TARGET's extension."""
    definition = _definition_or_fail(source)
    suffix = Path(target).suffix.lower()
    if suffix == ".xlsx":
        Path(target).write_bytes(instrument.to_workbook(definition))
    elif suffix in (".yaml", ".yml"):
        Path(target).write_text(instrument.to_yaml(definition), encoding="utf-8")
    else:
        fail(f"error: {target}: the target must end in .yaml, .yml or .xlsx")
    click.echo(f"wrote {target}")


def _definition_or_fail(path: str) -> instrument.Definition:
    definition, issues = instrument.load(path)
    if definition is None:
        fail(*(str(issue) for issue in issues))
    assert definition is not None
    return definition
