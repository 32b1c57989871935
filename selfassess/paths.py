"""Where the package keeps its non-Python files."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: Migrations ship inside the package so ``selfassess db upgrade`` works after ``pip install``.
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
