"""The questionnaire definition: model, loaders of both file forms, validation, writers.

Pure Python: nothing here imports Flask or SQLAlchemy, so scoring, exports and tests use it
without an application.
"""

from selfassess.instrument.canonical import definition_from_dict, definition_to_dict, to_yaml
from selfassess.instrument.errors import InvalidDefinition, Issue
from selfassess.instrument.loading import MAX_FILE_BYTES, load, load_bytes
from selfassess.instrument.model import (
    ASSESSORS,
    FORMAT,
    PROFILE_TYPES,
    QUESTION_TYPES,
    Definition,
    Dimension,
    Gap,
    Number,
    Option,
    Point,
    ProfileField,
    ProfileType,
    Question,
    QuestionType,
    Role,
    Scale,
    Text,
    text,
)
from selfassess.instrument.xlsx_write import to_workbook

__all__ = [
    "ASSESSORS",
    "FORMAT",
    "MAX_FILE_BYTES",
    "PROFILE_TYPES",
    "QUESTION_TYPES",
    "Definition",
    "Dimension",
    "Gap",
    "InvalidDefinition",
    "Issue",
    "Number",
    "Option",
    "Point",
    "ProfileField",
    "ProfileType",
    "Question",
    "QuestionType",
    "Role",
    "Scale",
    "Text",
    "definition_from_dict",
    "definition_to_dict",
    "load",
    "load_bytes",
    "text",
    "to_workbook",
    "to_yaml",
]
