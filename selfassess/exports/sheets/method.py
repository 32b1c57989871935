"""The Method sheet: how scores, intervals and suppression are computed, k, date, version."""

from __future__ import annotations

from selfassess.exports.book import Book
from selfassess.exports.data_labels import labelled
from selfassess.exports.labels import METHOD_KEYS


def write_method(book: Book) -> None:
    L, f = book.L, book.f
    ws = book.sheet("Method", L["method_title"])
    ws.set_portrait()
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 100)
    values = {"k": book.k, "date": book.date, "version": book.version}
    keys = list(METHOD_KEYS)
    if labelled(book.lang):  # the Data sheet shows labels: say how to map them back
        keys.insert(keys.index("method.data") + 1, "method.labels")
    for row, key in enumerate(keys, start=2):
        ws.write_string(row, 0, L[f"{key}.h"], f["label"])
        book.wrapped(ws, row, 1, L[key].format(**values), 100)
    ws.flush()
