"""A definition with every question type, for the response import parser."""

from __future__ import annotations

from typing import Any

from selfassess.instrument.model import Definition, Option, Point, Role
from tests.factories import definition, field, leaf, question, scale


def t(text: str) -> dict[str, str]:
    return {"en": text, "mn": text}


def q(key: str, type_: str = "scale", **kw: Any) -> Any:
    kw.setdefault("scale", "grade6")
    return question(key, type_, text=t(key), **kw)


def options(*codes: str) -> tuple[Option, ...]:
    return tuple(Option(c, t(c)) for c in codes)


def make_definition() -> Definition:
    grade6 = scale("grade6", (Point(v, t(str(v))) for v in range(6)), options("dk", "na"))
    half = scale("half", (Point(0, t("0")), Point(0.5, t("half")), Point(1, t("1"))), ())
    questions = (
        q("q1", comment=True),
        q("q2", roles=("mp",), comment=True),
        q("q3", "choice", options=options("x", "y")),
        q("q4", "multi", options=options("a", "b", "c")),
        q("q5", "number", min=0, max=100),
        q("q6", "text"),
        q("q7"),
        q("q8", scale="half"),
    )
    return definition(
        leaf("d", *questions, title=t("D")),
        key="imp",
        version=1,
        languages=("en", "mn"),
        title=t("Import test"),
        roles=(Role("mp", t("MP")), Role("staff", t("Staff"))),
        scales=(grade6, half),
        profile=(
            field("sex", *options("female", "male"), label=t("Sex")),
            field("faction", *options("mpp", "dp"), label=t("Faction"), roles=("mp",)),
            field("age", type="number", label=t("Age")),
            field("unit", type="text", label=t("Unit")),
        ),
    )
