"""The console's signed-in fixtures serve the results pages too."""

from tests.integration.admin.conftest import admin, consultant

__all__ = ["admin", "consultant"]
