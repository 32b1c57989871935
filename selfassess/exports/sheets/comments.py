"""The Comments sheet: free texts with the question's full text and the writer's role only."""

from __future__ import annotations

import pandas as pd

from selfassess.exports.book import Book
from selfassess.exports.layout import key_width

#: The texts' column: about 95 Latin letters a line, printed at full size.
TEXT_WIDTH = 76


def write_comments(book: Book, comments: pd.DataFrame, data: pd.DataFrame | None = None) -> None:
    L, f = book.L, book.f
    # The Summary publishes responses by role: a role with fewer than k of them beside a
    # comment would narrow its writer to those few people, so it is not named.
    counts = data["role"].value_counts() if data is not None and "role" in data else None
    hidden = L["role_too_few"].format(k=book.k)
    too_few = int(book.r.get("responses", {}).get("submitted", 0)) < book.k
    note = L["comments_too_few"] if too_few else L["comments_note"]
    ws = book.sheet("Comments", L["comments_title"], note.format(count=len(comments), k=book.k))
    head = 3
    # Themes (services/themes.py) come as a column of labels when the round has any.
    themed = "themes" in comments.columns
    names = [L["question"], L["kind"], L["text"], L["role_of_writer"]]
    widths = [min(26, key_width(q.key for q in book.d.iter_questions())), 11, TEXT_WIDTH, 24]
    if themed:
        names, widths = [*names, L["themes"]], [*widths, 24]
    book.headers(ws, head, 0, names, widths)
    last_col = len(names) - 1
    if too_few:
        comments = comments.iloc[:0]
    position = {q.key: i for i, q in enumerate(book.d.iter_questions())}
    columns = ["question", "dimension", "kind", "text", "role", "themes"]
    rows = [
        tuple("" if v is None or v != v else str(v) for v in record)
        for record in comments.reindex(columns=columns).itertuples(index=False, name=None)
    ]
    # Question order, then alphabetical: the order of submission would let a reader
    # link one person's comments across questions.
    rows.sort(key=lambda r: (position.get(r[0], len(position)), r[0], r[2], r[3], r[4]))
    row = head
    heading: str | None = None
    span = sum(widths[1:])
    for question, dimension, kind, body, role, themes in rows:
        row += 1
        if question != heading:
            # The question's full text once, above its texts: printed, the block reads
            # like a report's section, and the filter on the key keeps the heading.
            heading = question
            q = book.question(question)
            title = book.t(q.text) if q else ""
            where = book.dim_title(dimension) if dimension else ""
            ws.write_string(row, 0, question, f["block"])
            ws.merge_range(row, 1, row, last_col, "", f["block"])
            book.wrapped(ws, row, 1, f"{title} ({where})" if where else title, span, f["block"])
            row += 1
        ws.write_string(row, 0, question, f["text"])
        ws.write_string(row, 1, L.get(f"kind.{kind}", kind), f["text"])
        book.wrapped(ws, row, 2, body, TEXT_WIDTH)
        named = counts is None or int(counts.get(role, 0)) >= book.k
        ws.write_string(row, 3, book.role_label(role) if named else hidden, f["text"])
        if themed:
            book.wrapped(ws, row, 4, themes, 24)
    ws.autofilter(head, 0, max(row, head), last_col)
    ws.freeze_panes(head + 1, 0)
    ws.repeat_rows(head)
    ws.flush()
