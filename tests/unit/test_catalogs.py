"""The interface catalogs: every marked string is in messages.pot, translated in Mongolian
(a draft flagged ``fuzzy`` or a reviewed entry), with the placeholders of its msgid; English
falls back to the msgid.

When one of these fails after a string was added or changed in the code: run ``make catalog``,
translate the new entries of selfassess/translations/mn/LC_MESSAGES/messages.po, flag them
``#, fuzzy`` (draft, awaiting native review), then run the tests again.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "selfassess"
TRANSLATIONS = PACKAGE / "translations"
POT = TRANSLATIONS / "messages.pot"
MN = TRANSLATIONS / "mn" / "LC_MESSAGES" / "messages.po"
EN = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"

#: The keywords of `make catalog` (pybabel's defaults plus -k _l -k lazy_gettext).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}

#: A translator comment that marks a Mongolian entry as reviewed by a native speaker.
REVIEWED = re.compile(r"^reviewed:\s*\S", re.IGNORECASE)

HOW_TO_FIX = (
    "Run `make catalog`, translate the new or empty entries in "
    "selfassess/translations/mn/LC_MESSAGES/messages.po and flag each one `#, fuzzy` "
    "(draft, awaiting native review)."
)

# %(name)s, %(max)d, %s, %.1f ... (%% is a literal percent sign, not a placeholder)
PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
BRACES = re.compile(r"(?<!\{)\{[A-Za-z_]\w*(?:[.\[][^{}]*)?(?:![rsa])?(?::[^{}]*)?\}(?!\})")
TAG = re.compile(r"</?[A-Za-z][^<>]*>")
ENTITY = re.compile(r"&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")


def key(message: Message) -> tuple[str, str | None]:
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    return msgid, message.context


def entries(catalog: Catalog) -> Iterator[Message]:
    """Every entry but the header (obsolete ``#~`` entries are not in iteration)."""
    return (m for m in catalog if m.id)


def load(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def placeholders(text: str) -> Counter[str]:
    """Named placeholders, braces, tags and entities as a set; positional ones counted."""
    tokens = [t for t in PERCENT.findall(text) if t != "%%"]
    unordered = {t for t in tokens if t.startswith("%(")}
    unordered |= set(BRACES.findall(text)) | set(TAG.findall(text)) | set(ENTITY.findall(text))
    positional = [t for t in tokens if not t.startswith("%(")]
    return Counter([*unordered, *positional])


def strings(message: Message) -> list[str]:
    if isinstance(message.string, (list, tuple)):
        return list(message.string)
    return [message.string or ""]


def source_placeholders(message: Message) -> Counter[str]:
    ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
    total: Counter[str] = Counter()
    for msgid in ids:
        total |= placeholders(msgid)
    return total


def show(message: Message) -> str:
    return repr(key(message)[0])


@pytest.fixture(scope="module")
def pot() -> Catalog:
    return load(POT)


@pytest.fixture(scope="module")
def mn() -> Catalog:
    return load(MN)


@pytest.fixture(scope="module")
def en() -> Catalog:
    return load(EN)


def extracted() -> set[tuple[str, str | None]]:
    """What `make catalog` would extract from the working tree now."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)

    def inside_package(path: str) -> bool:
        p = Path(path).resolve()
        return p.is_relative_to(PACKAGE) and not p.name.startswith((".", "_"))

    found = set()
    for _file, _line, msg, _comments, context in extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords=KEYWORDS,
        directory_filter=inside_package,
    ):
        msgid = msg[0] if isinstance(msg, (list, tuple)) else msg
        if msgid:
            found.add((msgid, context))
    return found


def test_the_template_holds_every_marked_string(pot: Catalog) -> None:
    # Only what is missing fails: a msgid left in the template after its string left the
    # code is harmless, and `make catalog` drops it next time.
    in_pot = {key(m) for m in entries(pot)}
    missing = sorted(m for m, _ in extracted() - in_pot)
    assert not missing, (
        f"{len(missing)} interface string(s) marked in the code are not in messages.pot, "
        f"so nobody translates them: {missing[:10]}. {HOW_TO_FIX}"
    )


@pytest.mark.parametrize("path", [MN, EN], ids=["mn", "en"])
def test_each_catalog_is_merged_with_the_template(pot: Catalog, path: Path) -> None:
    catalog = load(path)
    in_pot = {key(m) for m in entries(pot)}
    in_po = {key(m) for m in entries(catalog)}
    missing = sorted(m for m, _ in in_pot - in_po)
    extra = sorted(m for m, _ in in_po - in_pot)
    assert not missing, (
        f"{path.relative_to(ROOT)} lacks {len(missing)} msgid(s) of messages.pot: "
        f"{missing[:10]}. {HOW_TO_FIX}"
    )
    assert not extra, (
        f"{path.relative_to(ROOT)} has {len(extra)} msgid(s) that messages.pot no longer has: "
        f"{extra[:10]}. {HOW_TO_FIX}"
    )


def test_every_string_has_a_mongolian_translation(pot: Catalog, mn: Catalog) -> None:
    untranslated = []
    for template in entries(pot):
        message = mn.get(*key(template))
        if message is None or not all(s.strip() for s in strings(message)):
            untranslated.append(show(template))
    assert not untranslated, (
        f"{len(untranslated)} string(s) have no Mongolian translation: {untranslated[:10]}. "
        f"{HOW_TO_FIX}"
    )


def test_plural_entries_have_both_mongolian_forms(mn: Catalog) -> None:
    assert mn.num_plurals == 2
    wrong = [
        show(m)
        for m in entries(mn)
        if m.pluralizable and (not isinstance(m.string, tuple) or len(m.string) != 2)
    ]
    assert not wrong, f"Plural entries need msgstr[0] and msgstr[1]: {wrong}"


def test_translations_keep_the_placeholders_of_their_msgid(mn: Catalog) -> None:
    wrong = []
    for message in entries(mn):
        expected = source_placeholders(message)
        for index, text in enumerate(strings(message)):
            if text and placeholders(text) != expected:
                got = sorted(placeholders(text).elements())
                wrong.append(f"{show(message)}[{index}]: {got} instead of {sorted(expected)}")
    assert not wrong, (
        "Translations must keep the placeholders (%(name)s, {name}, %s, tags) of their msgid "
        "exactly:\n" + "\n".join(wrong)
    )


def test_every_mongolian_entry_is_a_draft_or_reviewed(mn: Catalog) -> None:
    neither = [
        show(m)
        for m in entries(mn)
        if "fuzzy" not in m.flags and not any(REVIEWED.match(c) for c in m.user_comments)
    ]
    assert not neither, (
        f"{len(neither)} Mongolian entr(y/ies) are neither flagged `#, fuzzy` (draft) nor "
        f"marked `# reviewed: <name>, <date>` by a native reviewer: {neither[:10]}. "
        "Flag a new translation fuzzy; only a native reviewer removes the flag, adding the "
        "comment (see the top of the file)."
    )


def test_the_mongolian_header_says_it_is_a_draft(mn: Catalog) -> None:
    assert str(mn.locale) == "mn"
    assert "draft" in (mn.language_team or "").lower()
    assert "fuzzy" in mn.header_comment.lower()
    # The header itself is not fuzzy: msgfmt and pybabel skip a catalog whose header is.
    assert not mn.fuzzy


def test_english_falls_back_to_the_msgid(en: Catalog) -> None:
    assert str(en.locale) == "en"
    translated = [show(m) for m in entries(en) if any(strings(m))]
    assert not translated, f"English msgstr should stay empty (the msgid is shown): {translated}"


@pytest.mark.parametrize("path", [MN, EN], ids=["mn", "en"])
def test_each_catalog_compiles_without_errors(path: Path) -> None:
    catalog = load(path)
    errors = [f"{show(message)}: {error}" for message, errs in catalog.check() for error in errs]
    assert not errors, "pybabel compile would report:\n" + "\n".join(errors)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=True)
    assert buffer.getvalue()
