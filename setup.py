"""Builds compile the message catalogs into the package and copy the migrations into it.

Everything else is declared in pyproject.toml; this file only adds those steps, so that
``pip install .`` gives a bilingual app that can create its schema without running ``make``.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogs(build_py):
    def run(self) -> None:
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po_path in Path("selfassess/translations").glob("*/LC_MESSAGES/messages.po"):
            target = Path(self.build_lib) / po_path.with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            with po_path.open("rb") as po, target.open("wb") as mo:
                # Draft (fuzzy) translations are used until a native speaker reviews them.
                write_mo(mo, read_po(po), use_fuzzy=True)
        # The checkout keeps migrations at the top level (Flask-Migrate's convention);
        # an installed package finds them inside itself (selfassess.paths.MIGRATIONS_DIR).
        shutil.copytree(
            "migrations",
            Path(self.build_lib) / "selfassess" / "migrations",
            ignore=shutil.ignore_patterns("__pycache__"),
            dirs_exist_ok=True,
        )


setup(cmdclass={"build_py": BuildWithCatalogs})
