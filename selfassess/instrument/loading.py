"""Loading a questionnaire file of either form: the Definition, or every problem in it."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import PurePath

from selfassess.instrument.errors import Issue, Issues
from selfassess.instrument.model import Definition
from selfassess.instrument.tree import Node
from selfassess.instrument.validate import validate
from selfassess.instrument.xlsx import SHEETS, read_workbook
from selfassess.instrument.yaml_loader import read_yaml

#: Larger files are refused unread: a questionnaire is a few hundred kilobytes at most.
MAX_FILE_BYTES = 2 * 1024 * 1024


def _yaml_tree(data: bytes, issues: Issues) -> tuple[Node | None, list[Node]]:
    return read_yaml(data, issues), []


#: File name extension -> the reader of that form.
READERS: dict[str, Callable[[bytes, Issues], tuple[Node | None, list[Node]]]] = {
    ".yaml": _yaml_tree,
    ".yml": _yaml_tree,
    ".xlsx": read_workbook,
}


def load(path: str | os.PathLike[str]) -> tuple[Definition | None, list[Issue]]:
    """Load the file at ``path``; the form is chosen by its extension."""
    name = os.fspath(path)
    issues = Issues(name)
    if _reader(name, issues) is None:
        return None, issues.as_list()
    try:
        size = os.path.getsize(name)
        if size > MAX_FILE_BYTES:
            issues.add("1", _too_large(size))
            return None, issues.as_list()
        with open(name, "rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        issues.add("1", f"cannot read the file: {exc.strerror or exc}")
        return None, issues.as_list()
    return load_bytes(data, name)


def load_bytes(data: bytes, name: str) -> tuple[Definition | None, list[Issue]]:
    """Load uploaded content; ``name`` gives the form and is the path in every issue."""
    issues = Issues(name)
    reader = _reader(name, issues)
    if reader is None:
        return None, issues.as_list()
    if len(data) > MAX_FILE_BYTES:
        issues.add("1", _too_large(len(data)))
        return None, issues.as_list()
    root, orphans = reader(data, issues)
    definition = validate(root, issues, orphans)
    return definition, _in_file_order(issues.as_list())


def _reader(
    name: str, issues: Issues
) -> Callable[[bytes, Issues], tuple[Node | None, list[Node]]] | None:
    suffix = PurePath(name).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        issues.add(
            "1",
            f"unsupported file type '{suffix or name}': use {', '.join(READERS)}",
        )
    return reader


def _too_large(size: int) -> str:
    return f"the file is {size:,} bytes, more than the limit of {MAX_FILE_BYTES:,} bytes"


def _in_file_order(issues: list[Issue]) -> list[Issue]:
    """Issues sorted as an author reads the file: by line, or by sheet, row and column."""
    return sorted(issues, key=lambda issue: _position(issue.location))


_CELL = re.compile(r"(?P<sheet>.+)!(?P<column>[A-Z]*)(?P<row>\d+)")


def _position(location: str) -> tuple[int, int, int, int]:
    if location.isdigit():
        return (0, 0, int(location), 0)
    match = _CELL.fullmatch(location)
    if match is None:
        return (1, 0, 0, 0)
    from openpyxl.utils import column_index_from_string  # only when sorting xlsx issues

    sheets = list(SHEETS)
    sheet = match["sheet"].lower()
    order = sheets.index(sheet) if sheet in sheets else -1
    return (0, order, int(match["row"]), column_index_from_string(match["column"] or "A"))
