"""Builds compile the Mongolian and English message catalogs into the package.

Everything else is declared in pyproject.toml; this file only adds that step, so that
``pip install .`` gives a bilingual app without running ``make``.
"""

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


setup(cmdclass={"build_py": BuildWithCatalogs})
