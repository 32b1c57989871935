"""The pure cores import no web framework, database or service: read and loaded.

One test for every core (it replaces four written apart): each module's imports are
read, and importing the cores in a fresh interpreter loads none of the frameworks,
with and without ``selfassess/__init__.py`` (the app factory) running.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "selfassess"
CORES = ("instrument", "scoring", "exports", "imports", "recommendations", "tabular")
BANNED = ("flask", "sqlalchemy", "werkzeug", "selfassess.models", "selfassess.services")
FRAMEWORKS = ("flask", "sqlalchemy", "flask_sqlalchemy", "werkzeug")
#: Scoring is stricter: numpy, pandas, a few stdlib modules and the definition only.
SCORING_ALLOWED = {"numpy", "pandas", "selfassess", "__future__"} | {
    "collections",
    "dataclasses",
    "hashlib",
    "math",
    "typing",
}
SCORING_SELFASSESS = (
    "selfassess.scoring",
    "selfassess.instrument.model",
    "selfassess.instrument.answers",
)


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names.append(node.module or "")
    return names


@pytest.mark.parametrize("core", CORES)
def test_a_core_reads_no_framework_database_or_service(core: str) -> None:
    for path in (PACKAGE / core).rglob("*.py"):
        for name in _imports(path):
            assert not name.startswith(BANNED), f"{core}/{path.name} imports {name}"


def test_scoring_imports_only_numpy_pandas_and_the_definition() -> None:
    for path in (PACKAGE / "scoring").glob("*.py"):
        for name in _imports(path):
            assert name.split(".")[0] in SCORING_ALLOWED, f"{path.name} imports {name}"
            if name.startswith("selfassess"):
                assert name.startswith(SCORING_SELFASSESS), f"{path.name} imports {name}"


#: Imports the cores without running ``selfassess/__init__.py`` (the app factory).
WITHOUT_PARENT = """
import importlib.util, types
spec = importlib.util.find_spec("selfassess")
package = types.ModuleType("selfassess")
package.__path__ = list(spec.submodule_search_locations)
sys.modules["selfassess"] = package
"""
PROBE = """
import sys
{setup}
import selfassess.instrument, selfassess.scoring, selfassess.exports, selfassess.imports
import selfassess.recommendations.parse, selfassess.exports.register
loaded = sorted({{m.split(".")[0] for m in sys.modules}} & set({frameworks!r}))
print(",".join(loaded))
"""


@pytest.mark.parametrize("setup", [WITHOUT_PARENT, ""], ids=["without-parent", "with-parent"])
def test_importing_the_cores_loads_no_framework(setup: str) -> None:
    code = PROBE.format(setup=setup, frameworks=FRAMEWORKS)
    run = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == ""
