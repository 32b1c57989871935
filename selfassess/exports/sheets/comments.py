"""The Comments sheet: free texts with the question's full text and the writer's role only."""

from __future__ import annotations

import pandas as pd

from selfassess.exports.book import Book


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
    names = [L["question"], L["dimension"], L["question_text"], L["kind"], L["text"]]
    # Themes (services/themes.py) come as a column of labels when the round has any.
    themed = "themes" in comments.columns
    extra = [L["themes"]] if themed else []
    book.headers(
        ws,
        head,
        0,
        [*names, L["role_of_writer"], *extra],
        [22, 18, 40, 11, 80, 22, 30][: 6 + themed],
    )
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
    texts: dict[str, str] = {}
    row = head
    for question, dimension, kind, body, role, themes in rows:
        row += 1
        if question not in texts:
            q = book.question(question)
            texts[question] = book.t(q.text) if q else ""
        ws.write_string(row, 0, question, f["text"])
        ws.write_string(row, 1, dimension, f["text"])
        # One line (the whole text is in the cell): repeated on every row, wrapping
        # it would make each comment several lines tall.
        book.wrapped(ws, row, 2, texts[question], 40)
        ws.write_string(row, 3, L.get(f"kind.{kind}", kind), f["text"])
        book.wrapped(ws, row, 4, body, 80)
        named = counts is None or int(counts.get(role, 0)) >= book.k
        ws.write_string(row, 5, book.role_label(role) if named else hidden, f["text"])
        if themed:
            ws.write_string(row, 6, themes, f["text"])
    ws.autofilter(head, 0, max(row, head), 5 + themed)
    ws.freeze_panes(head + 1, 0)
    ws.repeat_rows(head)
    ws.flush()
