"""``selfassess demo``: a working platform in one command."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from selfassess.cli.common import user_errors
from selfassess.services import demo as demo_service


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has data.")
@with_appcontext
@user_errors
def demo(if_empty: bool) -> None:
    """Load the bundled questionnaires and demo data, and print how to log in."""
    if if_empty and not demo_service.database_is_empty():
        click.echo("the database already has data: no demo loaded")
        return
    for line in demo_service.load_demo(current_app.config["QUESTIONNAIRES_DIR"]):
        click.echo(line)
