"""The ``selfassess`` command: Flask's CLI bound to the application factory.

One module per command group; each command is a thin layer over a service.
"""

from __future__ import annotations

from importlib import import_module

import click
from flask import Flask
from flask.cli import FlaskGroup

#: Command groups and commands, by import path.
COMMANDS = (
    "selfassess.cli.questionnaire:questionnaire",
    "selfassess.cli.rounds:round_group",
    "selfassess.cli.users:users",
    "selfassess.cli.demo:demo",
    "selfassess.cli.invitations:invitations_group",
    "selfassess.cli.results:results",
    "selfassess.cli.results:export",
    "selfassess.cli.responses:responses",
    "selfassess.cli.backup:backup",
    "selfassess.cli.consensus:consensus_group",
    "selfassess.cli.register:bodies",
    "selfassess.cli.register:recommendations",
    "selfassess.cli.mail:mail_group",
    "selfassess.cli.compare:compare",
    "selfassess.cli.report:report",
)


def register_cli(app: Flask) -> None:
    for path in COMMANDS + tuple(app.config.get("EXTRA_COMMANDS", ())):
        module, name = path.split(":")
        app.cli.add_command(getattr(import_module(module), name))


def _create_app() -> Flask:
    from selfassess import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
@click.version_option(package_name="selfassess")
def main() -> None:
    """selfassess: a parliament's self-assessment on human rights and gender sensitivity."""
