"""Where the package keeps its non-Python files."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: Migrations live in the checkout's top-level ``migrations/`` (Flask-Migrate's layout); a
#: built package carries a copy inside itself (setup.py), so ``selfassess db upgrade`` works
#: from a checkout and from an installed wheel alike.
MIGRATIONS_DIR = (
    PACKAGE_DIR / "migrations"
    if (PACKAGE_DIR / "migrations").is_dir()
    else PACKAGE_DIR.parent / "migrations"
)
