"""``selfassess round create | open | close``."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from selfassess.cli.common import fail, user_errors
from selfassess.services import rounds

round_group = AppGroup("round", help="Create, open and close assessment rounds.")


@round_group.command("create")
@click.argument("slug")
@click.option("--questionnaire", "key", required=True, help="Instrument key.")
@click.option("--version", type=click.IntRange(min=1), help="Version number (default: latest).")
@click.option("--title", help="Title shown to respondents (default: the instrument's).")
@click.option(
    "--title-in",
    "titles",
    multiple=True,
    metavar="LANG=TITLE",
    help="The title in one language, e.g. --title-in 'mn=Суурь үнэлгээ 2026' (repeatable).",
)
@click.option(
    "--min-group-size",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="k: groups smaller than this are suppressed in every output.",
)
@click.option(
    "--anonymous/--identified",
    default=True,
    show_default=True,
    help="Anonymous rounds cut the invitation-response link at submission.",
)
@user_errors
def create(
    slug: str,
    key: str,
    version: int | None,
    title: str | None,
    titles: tuple[str, ...],
    min_group_size: int,
    anonymous: bool,
) -> None:
    """Create round SLUG from a loaded questionnaire."""
    by_language: dict[str, str] = {}
    for given in titles:
        lang, sep, value = given.partition("=")
        if not sep or not lang.strip():
            fail(f"error: --title-in {given!r}: write LANG=TITLE, e.g. mn=...")
        by_language[lang.strip()] = value
    round_ = rounds.create_round(
        slug,
        key,
        version=version,
        title=title,
        titles=by_language,
        min_group_size=min_group_size,
        anonymous=anonymous,
    )
    click.echo(
        f"created round {round_.slug} ({round_.version.label}, k={round_.min_group_size}, "
        f"{'anonymous' if round_.anonymous else 'identified'}, draft)"
    )


@round_group.command("open")
@click.argument("slug")
@user_errors
def open_(slug: str) -> None:
    """Open round SLUG: respondents can answer."""
    rounds.open_round(slug)
    click.echo(f"opened round {slug}")


@round_group.command("close")
@click.argument("slug")
@user_errors
def close(slug: str) -> None:
    """Close round SLUG: respondents can no longer answer."""
    rounds.close_round(slug)
    click.echo(f"closed round {slug}")
