"""The register's blueprints with every route attached (imported by ``web.BLUEPRINTS``)."""

from selfassess.register import edit, manage, progress, public, views  # noqa: F401 (routes)
from selfassess.register.base import admin_bp, bp, edit_bp, public_bp

__all__ = ["admin_bp", "bp", "edit_bp", "public_bp"]
