"""The Data sheet in a language other than English: labels instead of codes.

Codes (``mp``, ``female``, ``dk``) are English words, so a Mongolian workbook shows the
instrument's labels in their place: role, choice profile values, choice and multi
answers and a scale's missing codes. Point values and numbers stay numbers. Headers of
the role and profile columns become their labels; question columns keep their keys,
which the Codebook lists with the question's text. The Codebook gives every label's
code, so the sheet maps back; a label two codes of one column share gets its code in
brackets, so no two codes ever read alike. Pure: no Flask.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import replace

from selfassess.exports.data import NUMERIC, DataColumn
from selfassess.instrument.answers import MULTI_SEPARATOR
from selfassess.instrument.model import Definition, Option, text

#: Languages whose Data sheet keeps the codes: the codes are written in English.
CODE_LANGUAGES = frozenset({"en"})
#: Between the labels of a multi answer (a label may hold a comma).
LABEL_SEPARATOR = "; "


def labelled(lang: str) -> bool:
    """Whether the Data sheet of ``lang`` shows labels instead of codes."""
    return lang not in CODE_LANGUAGES


def _labels(options: tuple[Option, ...], lang: str, fallback: str) -> dict[str, str]:
    """Code -> label in ``lang``; a label shared by two codes carries its code."""
    names = {o.code: text(o.label, lang, fallback=fallback).strip() or o.code for o in options}
    twice = {label for label, n in Counter(names.values()).items() if n > 1}
    return {code: f"{label} [{code}]" if label in twice else label for code, label in names.items()}


def _mapper(
    labels: Mapping[str, str], multi: bool = False
) -> Callable[[float | str | None], float | str | None]:
    def convert(value: float | str | None) -> float | str | None:
        if not isinstance(value, str):
            return value
        if multi:
            return LABEL_SEPARATOR.join(labels.get(c, c) for c in value.split(MULTI_SEPARATOR))
        return labels.get(value, value)

    return convert


def localise(
    definition: Definition, columns: list[DataColumn], lang: str, header: Mapping[str, str]
) -> list[DataColumn]:
    """Each column with its header and values in ``lang``: only the distinct values are
    converted, the rows keep pointing at them.

    ``header``: the workbook's words for ``respondent`` and ``role``. In a code language
    the columns are returned unchanged.
    """
    if not labelled(lang):
        return columns
    fallback = definition.languages[0]
    out: list[DataColumn] = []
    fields = {pf.key: pf for pf in definition.profile}
    for column in columns:
        name, convert = column.key, None
        if column.key == "respondent":
            name = header["respondent"]
        elif column.key == "role":
            name = header["role"]
            roles = tuple(Option(r.key, r.label) for r in definition.roles)
            convert = _mapper(_labels(roles, lang, fallback))
        elif column.key in fields:
            pf = fields[column.key]
            name = text(pf.label, lang, fallback=fallback) or column.key
            convert = _mapper(_labels(pf.options, lang, fallback))
        else:
            convert = _question_mapper(definition, column.key, lang, fallback)
        distinct = column.distinct if convert is None else [convert(v) for v in column.distinct]
        out.append(replace(column, key=name, distinct=distinct))
    return out


def _question_mapper(
    definition: Definition, key: str, lang: str, fallback: str
) -> Callable[[float | str | None], float | str | None] | None:
    try:
        question = definition.question(key)
    except KeyError:
        return None
    if question.type in NUMERIC:
        if question.type != "scale" or question.scale is None:
            return None
        missing = definition.scale_of(question).missing
        return _mapper(_labels(missing, lang, fallback)) if missing else None
    return _mapper(_labels(question.options, lang, fallback), question.type == "multi")
