"""People files: who is to be invited, read from an untrusted CSV or XLSX.

The file is read by the one reader of untrusted tables (``tabular.reader``); every
problem is reported as ``FILE:ROW:COLUMN: message``; profile values are checked and
stored by the answer types (``instrument/answers.py``), like every other entry path.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from selfassess.instrument.answers import AnswerError, check_profile
from selfassess.instrument.model import Definition, ProfileField
from selfassess.services.errors import InvalidInput
from selfassess.tabular.problems import Problems
from selfassess.tabular.reader import Limits, Unreadable, read_rows

#: Largest number of people in one file.
MAX_PEOPLE = 5000
LABEL_COLUMNS = ("name", "email")
#: Optional: the person's language for e-mails and slips (a language of the questionnaire).
LANGUAGE_COLUMN = "language"
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


# -- the people file ----------------------------------------------------------------------


def parse_people(
    data: bytes, filename: str, definition: Definition
) -> tuple[list[dict[str, Any]], list[str]]:
    """The people of a CSV (UTF-8, BOM allowed) or XLSX file, and every error in it.

    Columns: ``name`` and/or ``email`` (together the invitation's label), ``role`` (a
    role key) and any profile field keys of ``definition``. Each person is a dict with
    ``label``, ``role`` and ``profile``. Errors read ``FILE:ROW:COLUMN: message``; when
    there is any, the people list is empty.
    """
    name = filename or "people"
    errors = Problems(name)
    try:
        rows = _read_rows(data, name, errors)
    except (InvalidInput, Unreadable) as error:
        return [], [f"{name}: {error}"]
    if not rows:
        return [], [f"{name}: the file is empty"]
    header, *body = rows
    if not _header_ok(header, definition, errors):
        return [], errors.lines()
    people: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, values in enumerate(body, start=2):
        cells = dict(zip(header, values, strict=False))
        if not any(cells.values()):
            continue
        person = _person(cells, definition, number, errors)
        email = cells.get("email", "").lower()
        if email in seen:
            errors.at(number, "email", f"{email} is already on row {seen[email]}")
        elif email:
            seen[email] = number
        people.append(person)
    if not people and not errors:
        errors.whole_file("the file has a header but no people")
    return ([] if errors else people), errors.lines()


#: The most a people workbook may unpack to, in bytes; how many cells (empty ones too)
#: it may hold.
MAX_UNPACKED_BYTES = 64 * 2**20
MAX_CELLS = (MAX_PEOPLE + 2) * 60


def _read_rows(data: bytes, name: str, errors: Problems) -> list[list[str]]:
    """Rows of stripped text cells; the first row lower-cased as the header."""
    if PurePath(name).suffix.lower() not in (".csv", ".xlsx"):
        raise InvalidInput("give a .csv or .xlsx file")
    limits = Limits(max_rows=MAX_PEOPLE, max_unpacked=MAX_UNPACKED_BYTES, max_cells=MAX_CELLS)
    rows = [cells for _, cells in read_rows(data, name, limits, errors)]
    if rows:
        rows[0] = [cell.lower() for cell in rows[0]]
    return rows


def _header_ok(header: list[str], definition: Definition, errors: Problems) -> bool:
    found = len(errors)
    known = {*LABEL_COLUMNS, LANGUAGE_COLUMN, "role", *(f.key for f in definition.profile)}
    for column in header:
        if column not in known:
            expected = ", ".join(sorted(known))
            errors.at(1, column or "(empty)", f"unknown column; expected {expected}")
    for column in dict.fromkeys(header):
        if header.count(column) > 1:
            errors.at(1, column, "the column appears twice")
    if not any(c in header for c in LABEL_COLUMNS):
        errors.add("1", "a column 'name' or 'email' is required")
    if "role" not in header:
        errors.add("1", "a column 'role' is required")
    return len(errors) == found


def _person(
    cells: dict[str, str], definition: Definition, number: int, errors: Problems
) -> dict[str, Any]:
    email, person_name = cells.get("email", ""), cells.get("name", "")
    if email and not EMAIL.fullmatch(email):
        errors.at(number, "email", f"{email!r} is not an e-mail address")
    if not (email or person_name):
        errors.at(number, "name", "give a name or an e-mail address")
    label = f"{person_name} <{email}>" if person_name and email else person_name or email
    role = cells.get("role", "")
    if role not in definition.role_keys:
        errors.at(number, "role", f"{role!r} is not a role; use {', '.join(definition.role_keys)}")
    profile: dict[str, Any] = {}
    for spec in definition.profile:
        raw = cells.get(spec.key, "")
        if not raw:
            continue
        if role in definition.role_keys and role not in spec.roles:
            errors.at(number, spec.key, f"does not apply to role {role}")
            continue
        try:
            profile[spec.key] = profile_value(spec, raw)
        except InvalidInput as error:
            errors.at(number, spec.key, str(error))
    person: dict[str, Any] = {"label": label[:300], "role": role, "profile": profile}
    language = cells.get(LANGUAGE_COLUMN, "").lower()
    if language and language not in definition.languages:
        errors.at(number, "language", f"{language!r}; use {', '.join(definition.languages)}")
    elif language:
        person["language"] = language
    return person


def profile_value(spec: ProfileField, raw: str) -> str | int | float:
    """A profile value as stored (see ``instrument/answers.py``); InvalidInput if refused."""
    try:
        return check_profile(spec, raw)
    except AnswerError as error:
        raise InvalidInput(str(error)) from None
