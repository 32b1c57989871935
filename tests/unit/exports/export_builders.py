"""Builders for the workbook tests: a small two-language definition, a hand-made results
dict in the spec's shape, respondent data and comments (no database, no scoring code)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pandas as pd

from selfassess.instrument.model import Definition, Option, Point, Role
from tests.factories import definition, field, leaf, options, parent, question, scale

MN_TITLE = "Парламентын өөрийн үнэлгээ"


def t(en: str, mn: str | None = None) -> dict[str, str]:
    return {"en": en, "mn": mn if mn is not None else f"{en} (мн)"}


def q(key: str, type_: str = "scale", **kw: Any) -> Any:
    kw.setdefault("scale", "grade6")
    return question(key, type_, text=t(f"Text of {key}"), **kw)


def make_definition() -> Definition:
    grade6 = scale(
        "grade6",
        (Point(v, t(f"point {v}")) for v in range(6)),
        (Option("dk", t("Don't know", "Мэдэхгүй")), Option("na", t("Not applicable"))),
    )
    yesno = scale("yesno", (Point(0, t("No", "Үгүй")), Point(1, t("Yes", "Тийм"))), ())
    rep_a = leaf(
        "rep-a",
        q("q1", comment=True),
        q("q2", roles=("mp",), reverse=True),
        q("q3", "choice", options=(Option("x", t("X")), Option("y", t("Y")))),
        title=t("Women in leadership", "Манлайлал дахь эмэгтэйчүүд"),
    )
    rep_b = leaf(
        "rep-b",
        q("q4", scale="yesno", roles=("staff",)),
        q("q5", "number", min=0, max=100),
        q("q6", "text"),
        title=t("Quotas"),
    )
    workplace = leaf("workplace", q("q7", comment=True), title=t("Workplace", "Ажлын байр"))
    return definition(
        parent("representation", rep_a, rep_b, title=t("Representation")),
        workplace,
        key="test-instrument",
        version=3,
        languages=("en", "mn"),
        title=t("Parliament self-assessment", MN_TITLE),
        roles=(Role("mp", t("Member of Parliament", "УИХ-ын гишүүн")), Role("staff", t("Staff"))),
        scales=(grade6, yesno),
        profile=(
            field(
                "sex",
                *options(Option("female", t("Female", "Эмэгтэй")), Option("male", t("Male"))),
                label=t("Sex", "Хүйс"),
            ),
            field("age", type="number", label=t("Age")),
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
