"""The same hostile file gets the same located refusal from every import path: they all
read through the one reader (``tabular.reader``) and report through the one collector."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from selfassess.imports.grades import parse_grades
from selfassess.imports.responses import parse_responses
from selfassess.instrument import load_bytes
from selfassess.recommendations.parse import Known, parse_bodies, parse_register
from selfassess.services.people import parse_people
from selfassess.tabular.reader import NUL_MESSAGE
from tests.unit.imports.import_builders import make_definition
from tests.unit.tabular.hostile import HOSTILE

DEFINITION = make_definition()

#: An import path: the file's bytes and name in, its error lines out.
Path = Callable[[bytes, str], list[str]]


def questionnaire(data: bytes, name: str) -> list[str]:
    return [str(issue) for issue in load_bytes(data, name)[1]]


TABLES: dict[str, Path] = {
    "responses": lambda data, name: parse_responses(data, name, DEFINITION)[1],
    "people": lambda data, name: parse_people(data, name, DEFINITION)[1],
    "grades": lambda data, name: parse_grades(data, name, DEFINITION)[1],
    "register": lambda data, name: parse_register(data, name, Known())[1],
    "bodies": lambda data, name: parse_bodies(data, name)[1],
}
#: The questionnaire takes workbooks only (its other form is YAML); its whole-file
#: problems are on line 1, as questionnaire-format.md wants a location on every line.
PATHS: dict[str, tuple[Path, str]] = {
    **{key: (path, "") for key, path in TABLES.items()},
    "questionnaire": (questionnaire, "1"),
}
WORKBOOKS = [case for case, (name, _, _) in HOSTILE.items() if name.endswith(".xlsx")]
TEXTS = [case for case, (name, _, _) in HOSTILE.items() if name.endswith(".csv")]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("case", WORKBOOKS)
def test_a_hostile_workbook_is_refused_alike_by_every_import(path: str, case: str) -> None:
    name, data, message = HOSTILE[case]
    read, location = PATHS[path]
    lines = read(data, name)
    where = f"{name}:{location}: " if location else f"{name}: "
    assert len(lines) == 1 and lines[0].startswith(where + message), lines


@pytest.mark.parametrize("path", TABLES)
@pytest.mark.parametrize("case", TEXTS)
def test_a_text_in_another_encoding_is_refused_alike_by_every_import(path: str, case: str) -> None:
    name, data, message = HOSTILE[case]
    assert TABLES[path](data, name) == [f"{name}: {message}"]


#: A header each import accepts, whose first column is the one the NUL byte is in.
HEADERS = {
    "responses": "respondent,role",
    "people": "name,role",
    "grades": "question,grade",
    "register": "ref,text::en",
    "bodies": "key,name::en",
}


@pytest.mark.parametrize("path", TABLES)
def test_a_nul_byte_is_located_alike_by_every_import(path: str) -> None:
    header = HEADERS[path]
    data = f"{header}\nab\x00c,mp\n".encode()
    column = header.split(",")[0]
    assert f"f.csv:2:{column}: {NUL_MESSAGE}" in TABLES[path](data, "f.csv")
