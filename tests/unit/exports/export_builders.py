"""Builders for the workbook tests: a small two-language definition, a hand-made results
dict in the spec's shape, respondent data and comments (no database, no scoring code)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pandas as pd

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
MN_TITLE = "Парламентын өөрийн үнэлгээ"


def t(en: str, mn: str | None = None) -> dict[str, str]:
    return {"en": en, "mn": mn if mn is not None else f"{en} (мн)"}


def q(key: str, dim: str, type_: str = "scale", **kw: Any) -> Question:
    kw.setdefault("roles", ROLES)
    if type_ == "scale":
        kw.setdefault("scale", "grade6")
    return Question(key=key, type=type_, text=t(f"Text of {key}"), dimension=dim, **kw)  # type: ignore[arg-type]


def make_definition() -> Definition:
    grade6 = Scale(
        "grade6",
        tuple(Point(v, t(f"point {v}")) for v in range(6)),
        (Option("dk", t("Don't know", "Мэдэхгүй")), Option("na", t("Not applicable"))),
    )
    yesno = Scale("yesno", (Point(0, t("No", "Үгүй")), Point(1, t("Yes", "Тийм"))))
    rep_a = Dimension(
        "rep-a",
        t("Women in leadership", "Манлайлал дахь эмэгтэйчүүд"),
        parent="representation",
        questions=(
            q("q1", "rep-a", comment=True),
            q("q2", "rep-a", roles=("mp",), reverse=True),
            q("q3", "rep-a", "choice", options=(Option("x", t("X")), Option("y", t("Y")))),
        ),
    )
    rep_b = Dimension(
        "rep-b",
        t("Quotas"),
        parent="representation",
        questions=(
            q("q4", "rep-b", scale="yesno", roles=("staff",)),
            q("q5", "rep-b", "number", min=0, max=100),
            q("q6", "rep-b", "text"),
        ),
    )
    workplace = Dimension(
        "workplace",
        t("Workplace", "Ажлын байр"),
        questions=(q("q7", "workplace", comment=True),),
    )
    return Definition(
        key="test-instrument",
        version=3,
        languages=("en", "mn"),
        title=t("Parliament self-assessment", MN_TITLE),
        roles=(Role("mp", t("Member of Parliament", "УИХ-ын гишүүн")), Role("staff", t("Staff"))),
        scales=(grade6, yesno),
        dimensions=(
            Dimension("representation", t("Representation"), dimensions=(rep_a, rep_b)),
            workplace,
        ),
        profile=(
            ProfileField(
                "sex",
                "choice",
                t("Sex", "Хүйс"),
                ROLES,
                (Option("female", t("Female", "Эмэгтэй")), Option("male", t("Male"))),
            ),
            ProfileField("age", "number", t("Age"), ROLES),
        ),
    )


def cell(n: int, score: float) -> dict[str, Any]:
    return {"n": n, "score": score, "sd": 10.5, "median": score}


SUPPRESSED = {"suppressed": True}
GROUPS = ["all", "role=mp", "role=staff", "sex=female", "sex=male", "role=mp,sex=female"]


def make_results() -> dict[str, Any]:
    def res(base: float, staff: dict[str, Any] = SUPPRESSED) -> dict[str, Any]:
        return {
            "all": cell(12, base),
            "role=mp": cell(7, base + 10),
            "role=staff": staff,
            "sex=female": cell(6, base - 5.25),
            "sex=male": cell(6, base + 5.25),
            "role=mp,sex=female": SUPPRESSED,
        }

    counts = {"0": 1, "1": 1, "2": 2, "3": 3, "4": 2, "5": 1, "dk": 1, "na": 0, "blank": 1}
    return {
        "round": "baseline-2025",
        "questionnaire": {"key": "test-instrument", "version": 3},
        "min_group_size": 5,
        "groups": GROUPS,
        "responses": {"submitted": 12, "draft": 2},
        "overall": res(61.25),
        "dimensions": [
            {"key": "representation", "parent": None, "results": res(58.1)},
            {"key": "rep-a", "parent": "representation", "results": res(55.5)},
            {"key": "rep-b", "parent": "representation", "results": res(60.75)},
            {"key": "workplace", "parent": None, "results": res(70.0, cell(5, 62.5))},
        ],
        "questions": [
            {
                "key": "q1",
                "dimension": "rep-a",
                "results": {
                    g: {**c, "counts": counts} if "score" in c else c for g, c in res(50.0).items()
                },
            },
            {"key": "q2", "dimension": "rep-a", "results": res(40.0)},
            {
                "key": "q4",
                "dimension": "rep-b",
                "results": {
                    **res(30.0),
                    "all": {**cell(5, 30.0), "counts": {"0": 3, "1": 1, "blank": 1}},
                },
            },
            {
                "key": "q7",
                "dimension": "workplace",
                "results": {**res(80.0), "all": SUPPRESSED},
            },
        ],
        # Staff is suppressed everywhere but in workplace: 80.0 (MP) - 62.5 (staff).
        "gaps": [
            {
                "field": "role",
                "a": "mp",
                "b": "staff",
                "overall": None,
                "dimensions": {
                    "representation": None,
                    "rep-a": None,
                    "rep-b": None,
                    "workplace": 17.5,
                },
            }
        ],
    }


FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+1", "-2+3", "@SUM(A1)", "=1+1"]


def make_data() -> pd.DataFrame:
    """12 submitted responses; one ``male``/``age 70`` category each is small (< 5)."""
    rows = []
    for i in range(12):
        role = "mp" if i < 7 else "staff"
        rows.append(
            {
                "response_id": str(1000 + i),
                "role": role,
                "sex": "male" if i == 0 else "female",
                "age": "70" if i == 0 else "40",
                "q1": ["3", "dk", "", "5"][i % 4],
                "q2": "2" if role == "mp" else "",
                "q3": "x",
                "q4": "1" if role == "staff" else "",
                "q5": "12.5",
                "q6": FORMULAS[i % len(FORMULAS)] if i < 5 else "Сайн байна уу",
                "q7": "4",
            }
        )
    return pd.DataFrame(rows, dtype="str")


def make_comments() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "question": ["q7", "q1", "q6", "q1"],
            "dimension": ["workplace", "rep-a", "rep-b", "rep-a"],
            "kind": ["comment", "comment", "answer", "comment"],
            "text": ['=HYPERLINK("x")', "Эмэгтэй гишүүдийн тоо", "+1", "-2+3"],
        }
    )


GENERATED = datetime(2025, 6, 1, 9, 30, tzinfo=UTC)
