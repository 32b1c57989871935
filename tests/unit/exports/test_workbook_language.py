"""The workbook in Mongolian: labels for codes in the Data sheet, no English left over."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import numpy as np
from export_builders import make_definition
from test_export_workbook import build, open_book

from selfassess.exports.data import DataColumn
from selfassess.exports.data_labels import localise
from selfassess.instrument.model import Option

HEADER = {"respondent": "Хариулагч", "role": "Үүрэг"}


def data_rows(content: bytes, name: str) -> list[tuple[Any, ...]]:
    return list(open_book(content)[name].iter_rows(values_only=True))


def test_mongolian_data_sheet_shows_labels_and_keeps_numbers(definition, results) -> None:
    rows = data_rows(build(definition, results, lang="mn", protected=set()), "Өгөгдөл")
    header = list(rows[0])
    assert header[:3] == ["Хариулагч", "Үүрэг", "Хүйс"]
    assert header[3:] == ["q1", "q2", "q3", "q4", "q5", "q7"]  # keys: the Codebook's rows
    by = {name: [r[i] for r in rows[1:]] for i, name in enumerate(header)}
    assert set(by["Үүрэг"]) == {"УИХ-ын гишүүн", "Staff (мн)"}
    assert set(by["q1"]) == {3, 5, "Мэдэхгүй", None}  # points stay numbers, dk its label
    assert set(by["q3"]) == {"X (мн)"}
    assert set(by["q5"]) == {12.5}


def test_english_data_sheet_keeps_codes(definition, results) -> None:
    rows = data_rows(build(definition, results, protected=set()), "Data")
    assert list(rows[0][:2]) == ["respondent", "role"]
    assert {r[1] for r in rows[1:]} == {"mp", "staff"}
    assert "dk" in {r[3] for r in rows[1:]}


def test_every_label_maps_back_to_one_code_through_the_codebook(definition, results) -> None:
    content = build(definition, results, lang="mn", protected=set())
    data = data_rows(content, "Өгөгдөл")
    codebook = data_rows(content, "Кодын тайлбар")
    header = list(codebook[3])
    text_mn = header.index("Текст (mn)")
    # (text in mn) -> the codes it stands for, from the option, role and missing rows
    back: dict[str, set[str]] = {}
    for row in codebook[4:]:
        if row[text_mn]:
            back.setdefault(row[text_mn], set()).add(str(row[1]))
    for i in (1, 5):  # role, q3
        for shown in {r[i] for r in data[1:]} - {None}:
            assert shown in back, shown
    assert back["Мэдэхгүй"] == {"dk"}


def test_a_label_two_codes_share_carries_its_code() -> None:
    base = make_definition()
    same = {"en": "Same", "mn": "Ижил"}
    options = (Option("x", same), Option("y", same))
    q3 = base.question("q3")

    changed = dataclasses.replace(q3, options=options)
    dims = base.dimensions
    rep = dims[0]
    rep_a = dataclasses.replace(
        rep.dimensions[0],
        questions=tuple(changed if q.key == "q3" else q for q in rep.dimensions[0].questions),
    )
    definition = dataclasses.replace(
        base,
        dimensions=(dataclasses.replace(rep, dimensions=(rep_a, rep.dimensions[1])), dims[1]),
    )
    columns = [DataColumn("q3", False, np.array([0, 1, -1], dtype=np.intp), ["x", "y"])]
    [column] = localise(definition, columns, "mn", HEADER)
    assert column.key == "q3" and column.values == ["Ижил [x]", "Ижил [y]", None]
    [column] = localise(definition, columns, "en", HEADER)
    assert column.key == "q3" and column.values == ["x", "y", None]


def test_no_english_interface_words_left_in_the_mongolian_workbook(definition, results) -> None:
    book = open_book(build(definition, results, lang="mn", protected=set()))
    english = re.compile(r"\b(Respondent|Role|Sex|blank|scale|choice|Labels|Consensus)\b")
    for ws in book.worksheets:
        # The Codebook's English columns hold the English texts on purpose.
        english_columns = {i for i, c in enumerate(ws[4]) if str(c.value).endswith("(en)")}
        for row in ws.iter_rows(values_only=True):
            for i, value in enumerate(row):
                if isinstance(value, str) and i not in english_columns:
                    assert not english.search(value), (ws.title, value)
