"""The ``selfassess`` command: Flask's CLI bound to the application factory.

One module per command group; each command is a thin layer over a service.
"""

from __future__ import annotations

import gc
from importlib import import_module

import click
from flask import Flask
from flask.cli import FlaskGroup, ScriptInfo

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


#: Commands that need no page, hook or migration, by name: they run on the lean app
#: (``create_app(web=False)``) and import only themselves.
LEAN = {
    "results": "selfassess.cli.results:results",
    "export": "selfassess.cli.results:export",
}


def register_cli(app: Flask) -> None:
    for path in COMMANDS + tuple(app.config.get("EXTRA_COMMANDS", ())):
        module, name = path.split(":")
        app.cli.add_command(getattr(import_module(module), name))


def _create_app() -> Flask:
    from selfassess import create_app

    return create_app()


def _create_lean_app() -> Flask:
    from selfassess import create_app

    return create_app(web=False)


class Commands(FlaskGroup):
    """Flask's command group that imports only the command it runs, and runs the
    commands of :data:`LEAN` on the lean app: a command's start-up pays for what it uses
    (issue 16). ``--help`` and the other commands build the whole app as before."""

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in LEAN:
            return super().get_command(ctx, name)
        # One short process whose objects reference counting frees (the same peak
        # memory, measured): the cycle collector would only walk, again and again, the
        # hundreds of thousands of objects the imports and the round make (issue 16).
        gc.disable()
        ctx.ensure_object(ScriptInfo).create_app = _create_lean_app
        module, attribute = LEAN[name].split(":")
        command: click.Command = getattr(import_module(module), attribute)
        return command


@click.group(cls=Commands, create_app=_create_app, add_version_option=False)
@click.version_option(package_name="selfassess")
def main() -> None:
    """selfassess: a parliament's self-assessment on human rights and gender sensitivity."""
