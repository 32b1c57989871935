"""``selfassess demo``: a working platform in one command."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from selfassess.cli.common import user_errors


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has data.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the demo accounts' password from standard input (default: a random one).",
)
@with_appcontext
@user_errors
def demo(if_empty: bool, password_stdin: bool) -> None:
    """Load the questionnaires, an open demo round with simulated responses, demo
    accounts and invitations; print how to sign in."""
    from selfassess.services import demo as demo_service  # numpy: only this command

    if if_empty and not demo_service.database_is_empty():
        click.echo("the database already has data: no demo loaded")
        return
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    for line in demo_service.load_demo(current_app.config["QUESTIONNAIRES_DIR"], password=password):
        click.echo(line)
