"""``selfassess users create``."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from selfassess.cli.common import user_errors
from selfassess.models import AccountRole
from selfassess.services import accounts

users = AppGroup("users", help="Staff accounts (administrators, consultants).")


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([role.value for role in AccountRole]), required=True)
@click.option("--name", default="", help="Display name.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@user_errors
def create(email: str, role: str, name: str, password_stdin: bool) -> None:
    """Create a staff account EMAIL."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    account = accounts.create_account(email, role, password, name=name)
    click.echo(f"created {account.role.value} {account.email}")


@users.command("set-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@user_errors
def set_password(email: str, password_stdin: bool) -> None:
    """Set the password of the staff account EMAIL; its open sessions end."""
    from selfassess.services import security

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    account = security.set_password_by_email(email, password)
    click.echo(f"password set for {account.email}")
