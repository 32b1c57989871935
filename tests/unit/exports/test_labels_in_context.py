"""The Comparison sheet, the panel's worksheets and the register workbook take their words
from the gettext catalogues (in a context of their own), and read as they did when they
kept their own dictionaries."""

from __future__ import annotations

import pytest

from selfassess.exports.labels import IN_CONTEXT, words
from selfassess.languages import LANGUAGES

#: Words the sheets' own dictionaries held, in Mongolian.
MONGOLIAN = {
    ("comparison", "change"): "Өөрчлөлт",
    ("comparison", "low"): "95% доод",
    ("comparison", "questions"): "Нийтлэг асуулт",
    ("consensus", "question"): "асуултын түлхүүр",
    ("consensus", "sheet"): "Үнэлгээ",
    ("register", "bodies"): "хариуцагч (нэр)",
}


@pytest.mark.parametrize(("part", "key"), MONGOLIAN)
def test_the_mongolian_sheets_read_as_before(part: str, key: str) -> None:
    assert words(part, "mn")[key] == MONGOLIAN[part, key]


def test_english_is_the_msgid_with_its_per_cent_sign() -> None:
    assert words("comparison", "en")["low"] == "95% low"
    assert "95% interval" in words("comparison", "en")["note"]
    assert words("consensus", "en")["sheet"] == "Grades"


def test_every_language_has_every_word_and_the_same_placeholders() -> None:
    for lang in LANGUAGES:
        for part in ("comparison", "consensus", "register"):
            found = words(part, lang)
            assert set(found) == {
                key.split(".", 1)[1] for key in IN_CONTEXT if key.startswith(part + ".")
            }
    note = words("comparison", "mn")["note"]
    assert note.format(a="A", b="B", va=1, vb=2).startswith("A шатыг B")


def test_a_language_without_strings_reads_the_first() -> None:
    assert words("consensus", "xx") == words("consensus", LANGUAGES[0])
