"""A definition with every question type, for the response import parser."""

from __future__ import annotations

from typing import Any

from selfassess.instrument.model import (
    Definition,
    Dimension,
    Option,
    Point,
    ProfileField,
    Question,
    Role,
    Scale,
)

ROLES = ("mp", "staff")


def t(text: str) -> dict[str, str]:
    return {"en": text, "mn": text}


def q(key: str, type_: str = "scale", **kw: Any) -> Question:
    kw.setdefault("roles", ROLES)
    if type_ == "scale":
        kw.setdefault("scale", "grade6")
    return Question(key=key, type=type_, text=t(key), dimension="d", **kw)  # type: ignore[arg-type]


def options(*codes: str) -> tuple[Option, ...]:
    return tuple(Option(c, t(c)) for c in codes)


def make_definition() -> Definition:
    grade6 = Scale("grade6", tuple(Point(v, t(str(v))) for v in range(6)), options("dk", "na"))
    half = Scale("half", (Point(0, t("0")), Point(0.5, t("half")), Point(1, t("1"))))
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
    return Definition(
        key="imp",
        version=1,
        languages=("en", "mn"),
        title=t("Import test"),
        roles=(Role("mp", t("MP")), Role("staff", t("Staff"))),
        scales=(grade6, half),
        dimensions=(Dimension("d", t("D"), questions=questions),),
        profile=(
            ProfileField("sex", "choice", t("Sex"), ROLES, options("female", "male")),
            ProfileField("faction", "choice", t("Faction"), ("mp",), options("mpp", "dp")),
            ProfileField("age", "number", t("Age"), ROLES),
            ProfileField("unit", "text", t("Unit"), ROLES),
        ),
    )
