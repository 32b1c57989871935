"""The interface languages, in one place: pages, workbook, command line."""

#: Every language the interface speaks; the first is the default.
LANGUAGES: tuple[str, ...] = ("en", "mn")
#: Each language's name in itself, for a choice between them (never translated).
NAMES: dict[str, str] = {"en": "English", "mn": "Монгол"}
