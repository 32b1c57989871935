"""The register file parser, pure: located errors, sheets, and no Flask."""

from __future__ import annotations

from datetime import date

from selfassess.recommendations.parse import Known, parse_bodies, parse_register

KNOWN = Known(
    bodies=frozenset({"hr", "legal"}),
    items={"inst": frozenset({"culture", "q1"})},
    recommendations=frozenset({"OLD-1"}),
    actions=frozenset({("OLD-1", "1")}),
)


def test_a_recommendations_csv_parses_with_its_lists_and_dates() -> None:
    data = (
        "\ufeffref;text::en;text::mn;links;responsible;sdg;status;due\n"
        "R-1;Text;Монгол;inst:culture inst:q1;hr legal;5.5;Accepted;2026-06-30\n"
    ).encode()
    parsed, errors = parse_register(data, "r.csv", KNOWN)
    assert errors == []
    row = parsed.recommendations[0]
    assert row.text == {"en": "Text", "mn": "Монгол"}
    assert row.links == ("inst:culture", "inst:q1") and row.responsible == ("hr", "legal")
    assert (row.status, row.due) == ("accepted", date(2026, 6, 30))


def test_an_action_of_an_existing_recommendation_needs_no_text() -> None:
    data = b"recommendation,action,status\nOLD-1,1,done\n"
    parsed, errors = parse_register(data, "a.csv", KNOWN)
    assert errors == [] and parsed.actions[0].status == "done"
    _new, errors = parse_register(b"recommendation,action\nOLD-1,2\n", "a.csv", KNOWN)
    assert errors == ["a.csv:2:text::en: a text in at least one language is needed"]


def test_missing_columns_and_empty_files_are_one_line_each() -> None:
    assert parse_register(b"", "e.csv", KNOWN)[1] == [
        "e.csv: the file is empty: expected a header row"
    ]
    assert parse_register(b"text::en\nx\n", "m.csv", KNOWN)[1] == ["m.csv:1:ref: missing column"]
    assert parse_bodies(b"key\nhr\n", "b.csv")[1] == [
        "b.csv:1:name::en: missing column (one name::LANG column or more)"
    ]
