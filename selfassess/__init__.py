"""selfassess: a parliament's self-assessment on human rights and gender sensitivity."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the pure packages below selfassess must import without Flask
    from flask import Flask

__version__ = "0.1.0"


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application: settings, extensions, blueprints, commands. Nothing else."""
    from flask import Flask

    from selfassess import config as settings
    from selfassess import unit_of_work
    from selfassess.extensions import init_extensions
    from selfassess.web import register_blueprints, register_web_hooks

    app = Flask(__name__, instance_relative_config=True)
    settings.load(app, config)
    settings.check_config(app)
    init_extensions(app)
    unit_of_work.init_app(app)
    register_blueprints(app)
    register_web_hooks(app)

    from selfassess.cli import register_cli

    register_cli(app)
    return app
