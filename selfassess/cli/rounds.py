"""``selfassess round create | open | close``."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from selfassess.cli.common import user_errors
from selfassess.services import rounds

round_group = AppGroup("round", help="Create, open and close assessment rounds.")


@round_group.command("create")
@click.argument("slug")
@click.option("--questionnaire", "key", required=True, help="Instrument key.")
@click.option("--version", type=click.IntRange(min=1), help="Version number (default: latest).")
@click.option("--title", help="Title shown to respondents (default: the instrument's).")
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
    min_group_size: int,
    anonymous: bool,
) -> None:
    """Create round SLUG from a loaded questionnaire."""
    round_ = rounds.create_round(
        slug, key, version=version, title=title, min_group_size=min_group_size, anonymous=anonymous
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
