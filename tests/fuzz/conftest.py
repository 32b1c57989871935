"""Hostile input: property-based requests to every form, the autosave, uploads, parsers.

Every test here is marked ``fuzz``. ``FUZZ_EXAMPLES`` sets how many examples each
property tries (default 20, so ``make test`` stays fast); the session ends with the
number of examples that ran. What counts as a clear refusal: a status below 500, no
traceback, and a message — JSON ``{"error": ...}`` or a page that says what is wrong.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

HERE = Path(__file__).parent
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
#: Examples run, by test (reported at the end of the session).
RAN: Counter[str] = Counter()

settings.register_profile(
    "fuzz",
    max_examples=EXAMPLES,
    deadline=None,
    # The app, client and database are set up once per test, not per example: state
    # left by one example is more hostile input for the next, which is the point.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FUZZ = settings.get_profile("fuzz")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.fuzz)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if RAN:
        total = sum(RAN.values())
        terminalreporter.write_line(
            f"fuzz: {total:,} examples ran in {len(RAN)} properties (FUZZ_EXAMPLES={EXAMPLES})"
        )


def ran(request: pytest.FixtureRequest) -> None:
    """Count one example of the running test."""
    RAN[request.node.nodeid] += 1


# -- what a clear refusal is --------------------------------------------------------------------

TAG = re.compile(r"<[^>]+>")


def assert_clear(reply: Any, *, allowed: frozenset[int] | None = None) -> None:
    """No server error, no traceback; a refusal says why."""
    body = reply.get_data().decode("utf-8", "replace")  # a workbook is bytes
    where = f"{reply.request.method} {reply.request.path} -> {reply.status_code}"
    assert reply.status_code < 500, f"{where}: {body[:500]}"
    assert "Traceback" not in body, where
    if allowed is not None:
        assert reply.status_code in allowed, f"{where}: {body[:300]}"
    if reply.status_code < 400:
        return
    if reply.is_json:
        message = json.loads(body).get("error")
        assert isinstance(message, str) and message.strip(), f"{where}: {body[:300]}"
    else:
        text = " ".join(TAG.sub(" ", body).split())
        assert len(text) > 40, f"{where}: no message in {body[:300]}"


# -- strategies ---------------------------------------------------------------------------------

#: Text as hostile clients send it: any code point a form can carry (NUL included).
texts = st.text(st.characters(codec="utf-8"), max_size=60) | st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "1e309",
        "NaN",
        "../../etc/passwd",
        "<script>x</script>",
        "\x00",
        "a" * 400,
    ]
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)


def form_data(
    names: list[str], values: st.SearchStrategy[str] = texts
) -> st.SearchStrategy[dict[str, list[str]]]:
    """Form fields: the form's own names and strangers, each with 0 to 3 values."""
    return st.dictionaries(
        st.sampled_from(names) | texts, st.lists(values, max_size=3), max_size=len(names) + 2
    )
