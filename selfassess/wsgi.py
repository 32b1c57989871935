"""The WSGI entry point for production servers: ``gunicorn selfassess.wsgi:app``.

Production mode is the default here, so a deployment without SECRET_KEY stops at start.
"""

import os

from selfassess import create_app

os.environ.setdefault("SELFASSESS_ENV", "production")
app = create_app()
