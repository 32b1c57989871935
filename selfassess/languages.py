"""The interface languages, in one place: pages, workbook, command line."""

#: Every language the interface speaks; the first is the default.
LANGUAGES: tuple[str, ...] = ("en", "mn")
