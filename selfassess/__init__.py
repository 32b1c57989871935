"""selfassess: a parliament's self-assessment on human rights and gender sensitivity."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the pure packages below selfassess must import without Flask
    from flask import Flask

__version__ = "0.1.0"


def create_app(config: dict[str, Any] | None = None, *, web: bool = True) -> Flask:
    """Build the application: settings, extensions, blueprints, commands. Nothing else.

    ``web=False`` builds the command line's lean app for commands that only read and
    write through the services (``selfassess.cli.LEAN``): settings, the database and the
    catalogues, no pages, hooks, migrations or other commands (issue 16: start-up)."""
    from flask import Flask

    from selfassess import config as settings
    from selfassess import unit_of_work
    from selfassess.extensions import init_extensions

    app = Flask(__name__, instance_relative_config=True)
    settings.load(app, config)
    settings.check_config(app)
    init_extensions(app, web=web)
    if not web:
        return app
    from selfassess.web import register_blueprints, register_web_hooks

    unit_of_work.init_app(app)
    register_blueprints(app)
    register_web_hooks(app)

    from selfassess.cli import register_cli

    register_cli(app)
    return app
