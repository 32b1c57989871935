"""Write a deterministic benchmark instrument and response file into benchmarks/data/.

The instrument is YAML in the questionnaire format (questionnaire-format.md); the
responses are a CSV in the "Response import file" form of interfaces.md: columns
``respondent``, ``role``, one per profile field, one per question; values point
values, ``dk``/``na``, or empty (no answer; always empty where a question does not
apply to the row's role).

    .venv/bin/python benchmarks/generate.py                 # 5,000 x 100 and 500 x 100
    .venv/bin/python benchmarks/generate.py -n 20000 -q 100 # one custom size
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import yaml

DATA = Path(__file__).resolve().parent / "data"
SIZES = [(5000, 100), (500, 100)]
ITEMS_PER_LEAF = 10
LEAVES_PER_PARENT = 2
PROFILE = {
    "sex": ["female", "male", "undisclosed"],
    "age": ["under-40", "40-59", "60-plus"],
    "committee": ["legal", "budget", "social", "foreign"],
}


def en(text: str) -> dict[str, str]:
    return {"en": text}


def question_roles(i: int) -> list[str]:
    """Every 10th question is for MPs only, every 25th for staff only, the rest for both."""
    if i % 10 == 9:
        return ["mp"]
    if i % 25 == 12:
        return ["staff"]
    return ["mp", "staff"]


def instrument(items: int) -> dict[str, Any]:
    """The instrument as plain data: leaves of 10 scale items, grouped in pairs."""
    leaves = []
    for first in range(0, items, ITEMS_PER_LEAF):
        number = first // ITEMS_PER_LEAF + 1
        questions = [
            {
                "key": f"q{i + 1:03d}",
                "type": "scale",
                "scale": "grade6",
                "text": en(f"Question {i + 1}"),
                "roles": question_roles(i),
                "weight": [1, 1, 2][i % 3],
                "reverse": i % 4 == 3,
            }
            for i in range(first, min(first + ITEMS_PER_LEAF, items))
        ]
        leaves.append(
            {"key": f"leaf-{number:02d}", "title": en(f"Leaf {number}"), "questions": questions}
        )
    dimensions = []
    for first in range(0, len(leaves), LEAVES_PER_PARENT):
        number = first // LEAVES_PER_PARENT + 1
        dimensions.append(
            {
                "key": f"dimension-{number:02d}",
                "title": en(f"Dimension {number}"),
                "weight": 1 + number % 2,
                "dimensions": leaves[first : first + LEAVES_PER_PARENT],
            }
        )
    grade = ["Non-existent", "Rudimentary", "Basic", "Adequate", "Good", "Excellent"]
    return {
        "format": "selfassess/1",
        "key": f"bench-{items}",
        "version": 1,
        "languages": ["en"],
        "title": en(f"Benchmark instrument, {items} items"),
        "roles": {"mp": en("Member of Parliament"), "staff": en("Secretariat staff")},
        "profile": [
            {
                "key": key,
                "type": "choice",
                "label": en(key),
                "options": [{"code": code, "label": en(code)} for code in codes],
            }
            for key, codes in PROFILE.items()
        ],
        "scales": {
            "grade6": {
                "points": [{"value": v, "label": en(label)} for v, label in enumerate(grade)],
                "missing": [
                    {"code": "dk", "label": en("Don't know")},
                    {"code": "na", "label": en("Not applicable")},
                ],
            }
        },
        "dimensions": dimensions,
    }


def response_rows(respondents: int, items: int, seed: int) -> list[list[str]]:
    """One row per respondent; each has a leaning that their answers scatter around."""
    rng = random.Random(seed)
    roles = [question_roles(i) for i in range(items)]
    rows = []
    for r in range(respondents):
        role = "mp" if rng.random() < 0.4 else "staff"
        profile = [rng.choice(codes) if rng.random() > 0.03 else "" for codes in PROFILE.values()]
        leaning = rng.gauss(2.8, 0.9)
        answers = []
        for i in range(items):
            draw = rng.random()
            if role not in roles[i] or draw < 0.03:
                answers.append("")
            elif draw < 0.08:
                answers.append("dk")
            elif draw < 0.10:
                answers.append("na")
            else:
                answers.append(str(min(5, max(0, round(rng.gauss(leaning, 1.2))))))
        rows.append([f"R{r + 1:06d}", role, *profile, *answers])
    return rows


def write(
    respondents: int, items: int, seed: int = 2025, *, force: bool = False
) -> tuple[Path, Path]:
    """Write the instrument and the responses unless both exist; return their paths.

    Each file is written to a temporary name and renamed into place, so a benchmark
    reading it at the same time never sees a half-written file.
    """
    DATA.mkdir(parents=True, exist_ok=True)
    yaml_path = DATA / f"instrument-{items}.yaml"
    csv_path = DATA / f"responses-{respondents}x{items}.csv"
    if not force and yaml_path.exists() and csv_path.exists():
        return yaml_path, csv_path
    text = yaml.safe_dump(instrument(items), sort_keys=False, allow_unicode=True)
    with _replacing(yaml_path) as file:
        file.write(text)
    header = ["respondent", "role", *PROFILE, *[f"q{i + 1:03d}" for i in range(items)]]
    with _replacing(csv_path) as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(response_rows(respondents, items, seed))
    return yaml_path, csv_path


@contextmanager
def _replacing(path: Path) -> Iterator[TextIO]:
    """A text file that replaces ``path`` atomically once written."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as file:
            yield file
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--respondents", type=int, help="respondents (default: both sizes)")
    parser.add_argument("-q", "--items", type=int, default=100, help="scale items")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    sizes = [(args.respondents, args.items)] if args.respondents else SIZES
    for n, q in sizes:
        for path in write(n, q, args.seed, force=True):
            print(path.relative_to(DATA.parent.parent))


if __name__ == "__main__":
    main()
