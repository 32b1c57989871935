"""One module per sheet of the workbook, each a ``write_NAME(book, ...)`` function."""
