"""The Flask extensions, created unbound; :func:`init_extensions` binds them to an app."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app, request, session
from flask_babel import Babel
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy

from selfassess.models.base import Base
from selfassess.paths import MIGRATIONS_DIR

if TYPE_CHECKING:
    from flask_limiter import Limiter
    from flask_wtf.csrf import CSRFProtect
    from sqlalchemy import Engine
    from werkzeug.datastructures import LanguageAccept

    csrf: CSRFProtect
    limiter: Limiter

db = SQLAlchemy(model_class=Base)


class AccountLogins(LoginManager):  # type: ignore[misc]
    """Flask-Login, its "strong" session protection kept to sessions with an account.

    A respondent's session holds no account: the protection found no identifier in it
    and "cleared" it on every page that looked at the visitor, so each such page sent the
    session cookie again and deleted a remember cookie never set. Beyond the waste, two
    tabs then raced to write the session, and a stale one could take back a grant the
    other had just been given."""

    def _session_protection_failed(self) -> bool:
        remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
        if "_user_id" not in session and remember not in request.cookies:
            return False  # nothing to protect
        return bool(super()._session_protection_failed())


login_manager = AccountLogins()
babel = Babel()


def __getattr__(name: str) -> Any:
    """``csrf`` and ``limiter``, made on first use: only the web app needs them, and the
    command line's lean app does not import their libraries (issue 16: start-up)."""
    if name == "csrf":
        return _csrf()
    if name == "limiter":
        return _limiter()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _csrf() -> CSRFProtect:
    from flask_wtf.csrf import CSRFProtect

    return CSRFProtect()


@cache
def _limiter() -> Limiter:
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address

    return Limiter(key_func=get_remote_address, default_limits=[])


def select_locale() -> str:
    """The language chosen with the switch, else the browser's best match, else English."""
    return choose_locale(
        session.get("lang"), request.accept_languages, current_app.config["LANGUAGES"]
    )


def choose_locale(chosen: Any, accepted: LanguageAccept, languages: list[str]) -> str:
    """:func:`select_locale` from the session's ``lang`` and the browser's languages."""
    if chosen in languages:
        return str(chosen)
    return accepted.best_match(languages) or languages[0]


def init_extensions(app: Flask, *, web: bool = True) -> None:
    """Bind the extensions to ``app``; ``web=False`` binds only the database and the
    catalogues (the command line's lean app: no sign-in, forms, limits or migrations)."""
    db.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    _tune_sqlite(app)
    if not web:
        return
    # Alembic is imported only by the apps that may migrate (issue 16: start-up).
    from flask_migrate import Migrate

    Migrate(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    _csrf().init_app(app)
    _limiter().init_app(app)


def _tune_sqlite(app: Flask) -> None:
    """WAL and foreign keys on every SQLite connection: concurrent readers, real FKs;
    ``secure_delete`` zeroes overwritten rows, so that no free space or page keeps what an
    anonymous submission replaced (services/anonymity.py)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        tune_sqlite(db.engine)


def tune_sqlite(engine: Engine) -> None:
    """The pragmas of :func:`_tune_sqlite` on every new connection of ``engine``."""
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()
