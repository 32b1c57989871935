"""People files: who is to be invited, read from an untrusted CSV or XLSX.

Every problem is reported as ``FILE:ROW:COLUMN: message``; profile values are checked
and stored by the answer types (``instrument/answers.py``), like every other entry path.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import PurePath
from typing import Any

from selfassess.instrument.answers import AnswerError, check_profile
from selfassess.instrument.model import Definition, ProfileField
from selfassess.services.errors import InvalidInput

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
    try:
        rows = _read_rows(data, name)
    except InvalidInput as error:
        return [], [f"{name}: {error}"]
    if not rows:
        return [], [f"{name}: the file is empty"]
    header, *body = rows
    errors = _check_header(header, name, definition)
    if errors:
        return [], errors
    if len(body) > MAX_PEOPLE:
        return [], [f"{name}: {len(body)} rows; at most {MAX_PEOPLE} people per file"]
    people: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, values in enumerate(body, start=2):
        cells = dict(zip(header, values, strict=False))
        if not any(cells.values()):
            continue
        person, row_errors = _person(cells, definition, f"{name}:{number}")
        row_errors += [
            f"{name}:{number}:{column}: contains a NUL character (byte 0); remove it"
            for column, cell in cells.items()
            if "\x00" in cell
        ]
        email = cells.get("email", "").lower()
        if email in seen:
            row_errors.append(f"{name}:{number}:email: {email} is already on row {seen[email]}")
        elif email:
            seen[email] = number
        errors.extend(row_errors)
        people.append(person)
    if not people and not errors:
        errors.append(f"{name}: the file has a header but no people")
    return ([] if errors else people), errors


def _read_rows(data: bytes, name: str) -> list[list[str]]:
    """Rows of stripped text cells; the first row lower-cased as the header."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(data)
    elif suffix == ".csv":
        rows = _csv_rows(data)
    else:
        raise InvalidInput("give a .csv or .xlsx file")
    if rows:
        rows[0] = [cell.lower() for cell in rows[0]]
    return rows


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("not UTF-8 text: save the file as CSV UTF-8") from None
    try:
        dialect = csv.Sniffer().sniff(content[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(content), dialect)]
    except csv.Error as error:
        raise InvalidInput(f"not a readable CSV file ({error})") from None


#: The most a people workbook may unpack to, in bytes; how much more than its compressed
#: size a large part may be; how many cells (empty ones too) it may hold.
MAX_UNPACKED_BYTES = 64 * 2**20
MAX_COMPRESSION_RATIO = 200
MAX_CELLS = (MAX_PEOPLE + 2) * 60


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    from selfassess.instrument.archive import UnsafeArchive, checked_workbook

    try:
        safe = checked_workbook(
            data,
            max_unpacked=MAX_UNPACKED_BYTES,
            max_ratio=MAX_COMPRESSION_RATIO,
            max_cells=MAX_CELLS,
        )
    except UnsafeArchive as error:
        raise InvalidInput(f"not a readable .xlsx workbook: {error}") from None
    try:
        workbook = load_workbook(io.BytesIO(safe), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on junk input
        raise InvalidInput("not a readable .xlsx workbook") from None
    try:
        sheet = workbook.worksheets[0]
        return [
            [_cell_text(value) for value in row]
            for row in sheet.iter_rows(values_only=True, max_row=MAX_PEOPLE + 2)
        ]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_header(header: list[str], name: str, definition: Definition) -> list[str]:
    known = {*LABEL_COLUMNS, LANGUAGE_COLUMN, "role", *(f.key for f in definition.profile)}
    errors = [
        f"{name}:1:{column or '(empty)'}: unknown column; expected {', '.join(sorted(known))}"
        for column in header
        if column not in known
    ]
    errors += [
        f"{name}:1:{c}: the column appears twice" for c in set(header) if header.count(c) > 1
    ]
    if not any(c in header for c in LABEL_COLUMNS):
        errors.append(f"{name}:1: a column 'name' or 'email' is required")
    if "role" not in header:
        errors.append(f"{name}:1: a column 'role' is required")
    return errors


def _person(
    cells: dict[str, str], definition: Definition, at: str
) -> tuple[dict[str, Any], list[str]]:
    errors: list[str] = []
    email, person_name = cells.get("email", ""), cells.get("name", "")
    if email and not EMAIL.fullmatch(email):
        errors.append(f"{at}:email: {email!r} is not an e-mail address")
    if not (email or person_name):
        errors.append(f"{at}:name: give a name or an e-mail address")
    label = f"{person_name} <{email}>" if person_name and email else person_name or email
    role = cells.get("role", "")
    if role not in definition.role_keys:
        errors.append(f"{at}:role: {role!r} is not a role; use {', '.join(definition.role_keys)}")
    profile: dict[str, Any] = {}
    for spec in definition.profile:
        raw = cells.get(spec.key, "")
        if not raw:
            continue
        if role in definition.role_keys and role not in spec.roles:
            errors.append(f"{at}:{spec.key}: does not apply to role {role}")
            continue
        try:
            profile[spec.key] = profile_value(spec, raw)
        except InvalidInput as error:
            errors.append(f"{at}:{spec.key}: {error}")
    person: dict[str, Any] = {"label": label[:300], "role": role, "profile": profile}
    language = cells.get(LANGUAGE_COLUMN, "").lower()
    if language and language not in definition.languages:
        errors.append(f"{at}:language: {language!r}; use {', '.join(definition.languages)}")
    elif language:
        person["language"] = language
    return person, errors


def profile_value(spec: ProfileField, raw: str) -> str | int | float:
    """A profile value as stored (see ``instrument/answers.py``); InvalidInput if refused."""
    try:
        return check_profile(spec, raw)
    except AnswerError as error:
        raise InvalidInput(str(error)) from None
