"""Demo data for comment themes: four bilingual themes, the demo comments tagged.

Tags are made the way the consultant's page makes them, by text digest, so the demo
shows the filter by theme and the Themes column of the workbook.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Answer, CommentTag, CommentTheme, Response, ResponseState, Round
from selfassess.scoring.unscored import text_digest

#: Theme key: (English, Mongolian) label.
THEMES = {
    "gender": ("Gender balance", "Жендэрийн тэнцвэр"),
    "complaints": ("Harassment and complaints", "Дарамт ба гомдол"),
    "data": ("Data and evidence", "Мэдээлэл ба нотолгоо"),
    "oversight": ("Human rights oversight", "Хүний эрхийн хяналт"),
}
#: The start of a demo comment (services/demo.py COMMENTS): the themes it carries.
TAGGED = {
    "Training on gender-sensitive budgeting": ["gender"],
    "The complaints procedure exists on paper": ["complaints"],
    "Committee chairs are almost all men": ["gender"],
    "We receive the human rights commission": ["oversight"],
    "Sex-disaggregated data are hard": ["data", "gender"],
    "Evening sittings make it difficult": ["gender"],
    "The legal department checks bills": ["oversight"],
    "Хүйсээр ангилсан мэдээлэл": ["data", "gender"],
    "Байнгын хорооны дарга нар": ["gender"],
    "The new online abuse guidance": ["complaints"],
    "Orientation for new Members should include the UPR": ["oversight"],
}


def load(round_: Round) -> Iterator[str]:
    themes = {
        key: CommentTheme(round_id=round_.id, labels={"en": en, "mn": mn})
        for key, (en, mn) in THEMES.items()
    }
    db.session.add_all(themes.values())
    db.session.flush()
    texts = db.session.execute(
        select(Answer.question, Answer.comment)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.round_id == round_.id, Response.state == ResponseState.SUBMITTED)
        .where(Answer.comment.is_not(None))
        .distinct()
    ).all()
    tags = 0
    for question, comment in texts:
        keys = next((v for start, v in TAGGED.items() if comment.strip().startswith(start)), [])
        for key in keys:
            db.session.add(
                CommentTag(
                    theme_id=themes[key].id,
                    question=question,
                    kind="comment",
                    digest=text_digest(comment),
                )
            )
            tags += 1
    db.session.flush()
    yield f"created {len(themes)} comment themes and {tags} tags in the round {round_.slug}"
