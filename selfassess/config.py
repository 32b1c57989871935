"""Settings: defaults, then ``instance/config.py``, then the environment, then the caller's.

``SELFASSESS_ENV`` selects the mode: ``development`` (the command line's default),
``testing``, or ``production`` (the WSGI entry point's default). Production refuses to
start without a ``SECRET_KEY``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any, ClassVar

from flask import Flask

from selfassess import languages

MODES = ("development", "testing", "production")


class Defaults:
    #: development | testing | production
    SELFASSESS_ENV = "development"
    SECRET_KEY: str | None = None
    #: SQLAlchemy URL; empty means SQLite ``selfassess.db`` in the instance folder.
    DATABASE_URL = ""
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {"pool_pre_ping": True}
    #: Where Flask-Limiter keeps its counters: ``memory://`` for one process,
    #: ``redis://host:6379`` when several workers or servers share the limits.
    RATELIMIT_STORAGE_URI = "memory://"
    #: Explicit: Flask-Limiter otherwise keeps what an earlier app in the process set.
    RATELIMIT_ENABLED = True
    #: When that storage is unreachable, each worker limits in its own memory meanwhile
    #: (instead of every sign-in failing with a server error).
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN = "10 per minute;50 per hour"
    #: Wrong second-factor codes per account, from any address: the password is known
    #: by then, and a botnet has addresses enough to get around the limit per address.
    RATELIMIT_SECOND_FACTOR = "5 per 15 minutes;20 per day"
    #: Wrong current passwords and codes on one's own account page, per account.
    RATELIMIT_REAUTH = "5 per 15 minutes;20 per day"
    #: Reset requests per typed address, from any address: no flooding one mailbox.
    RATELIMIT_RESET_ADDRESS = "3 per hour;10 per day"
    RATELIMIT_ACCESS_CODE = "10 per minute;50 per hour"
    #: Refused access attempts from one address, whatever the browser: a ceiling ten
    #: times the per-browser limit, for many people behind one NAT.
    RATELIMIT_ACCESS_ADDRESS = "100 per minute;500 per hour"
    #: Resume codes e-mailed to oneself, per address.
    RATELIMIT_RESUME_MAIL = "5 per hour"
    #: Largest request body accepted (uploads included), in bytes.
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    BABEL_DEFAULT_LOCALE = "en"
    LANGUAGES = languages.LANGUAGES
    BABEL_TRANSLATION_DIRECTORIES = "translations"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SECURE = True
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    WTF_CSRF_TIME_LIMIT = None
    #: WTForms' own messages untranslated: it ships no Mongolian catalogue (our forms
    #: word their messages themselves), and Flask-WTF would parse its English one for
    #: every request that builds a form.
    WTF_I18N_ENABLED = False
    #: Folder of bundled questionnaires loaded by ``selfassess demo``.
    QUESTIONNAIRES_DIR = ""
    #: Keep each questionnaire page rendered once per version, role, page and language,
    #: filled with each respondent's answers (respond/skeleton.py); off only to compare.
    RESPOND_PAGE_CACHE = True
    #: Serve the questionnaire page and the autosave on the express path when it can
    #: (respond/express.py); off, the whole app serves them, as it serves the rest.
    RESPOND_EXPRESS = True
    #: How long response data is kept after a round closes (shown to respondents).
    RETENTION_MONTHS = 24
    #: Address of the site, for invitation links made outside a request (the command line).
    BASE_URL = "http://127.0.0.1:5000"
    #: Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host/-Prefix
    #: headers are trusted (werkzeug's ProxyFix); 0 when clients reach the app directly.
    PROXY_FIX = 0
    #: SMTP server for e-mail (invitations, reminders, password resets); empty: no e-mail.
    MAIL_HOST = ""
    MAIL_PORT = 587
    #: ``starttls`` (port 587), ``ssl`` (port 465) or ``none`` (a relay on localhost only).
    MAIL_TLS = "starttls"
    MAIL_USER = ""
    MAIL_PASSWORD = ""
    #: The From address, e.g. ``Self-assessment <selfassess@parliament.mn>``.
    MAIL_SENDER = ""
    MAIL_TIMEOUT = 20
    #: Attempts before a message is marked failed (backoff 1, 2, 4 ... minutes, at most 6 h).
    MAIL_MAX_ATTEMPTS = 10
    #: Days a sent message (without its link) stays in the outbox for the record.
    MAIL_KEEP_DAYS = 30


def load(app: Flask, overrides: dict[str, Any] | None) -> None:
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("SELFASSESS")
    for name in ("DATABASE_URL", "SECRET_KEY", "SELFASSESS_ENV"):
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    if overrides:
        app.config.update(overrides)
    # from_prefixed_env strips the prefix: SELFASSESS_ENV arrives as "ENV".
    mode = app.config.pop("ENV", None) or app.config["SELFASSESS_ENV"]
    app.config["SELFASSESS_ENV"] = mode
    app.config["TESTING"] = app.config.get("TESTING") or mode == "testing"
    if mode != "production":
        # Plain http on localhost: a secure-only cookie would never come back.
        secure = bool((overrides or {}).get("SESSION_COOKIE_SECURE", False))
        app.config["SESSION_COOKIE_SECURE"] = app.config["REMEMBER_COOKIE_SECURE"] = secure
    url = app.config["DATABASE_URL"] or _sqlite_in_instance(app)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    if url.startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 30}}
    if not app.config["QUESTIONNAIRES_DIR"]:
        app.config["QUESTIONNAIRES_DIR"] = str(bundled_questionnaires())
    if not app.config["SECRET_KEY"] and mode != "production":
        app.config["SECRET_KEY"] = _development_secret(app)


def check_config(app: Flask) -> None:
    """Stop start-up with one clear sentence when the settings cannot work."""
    mode = app.config["SELFASSESS_ENV"]
    if mode not in MODES:
        raise RuntimeError(f"SELFASSESS_ENV must be one of {', '.join(MODES)}, not {mode!r}.")
    if mode == "production" and not app.config.get("SECRET_KEY"):
        raise RuntimeError(
            "SECRET_KEY is not set: production mode refuses to start without it "
            "(set the SECRET_KEY environment variable to a long random string)."
        )
    if not 1 <= int(app.config["RETENTION_MONTHS"]) <= 240:
        raise RuntimeError("RETENTION_MONTHS must be between 1 and 240.")
    if app.config.get("MAIL_HOST"):
        if str(app.config["MAIL_TLS"]).lower() not in ("starttls", "ssl", "none"):
            raise RuntimeError("MAIL_TLS must be starttls, ssl or none.")
        if not app.config.get("MAIL_SENDER"):
            raise RuntimeError(
                "MAIL_SENDER is not set: e-mail needs a From address when MAIL_HOST is set."
            )
    if not 0 <= int(app.config["PROXY_FIX"]) <= 5:
        raise RuntimeError(
            "PROXY_FIX must be the number of reverse proxies in front of the app (0 to 5)."
        )


def bundled_questionnaires() -> Path:
    """The questionnaires shipped with selfassess (the checkout's, else the package's)."""
    package = Path(__file__).resolve().parent
    checkout = package.parent / "questionnaires"
    return checkout if checkout.is_dir() else package / "questionnaires"


def _sqlite_in_instance(app: Flask) -> str:
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    return "sqlite:///" + str(Path(app.instance_path) / "selfassess.db")


def _development_secret(app: Flask) -> str:
    """A random key kept in the instance folder, so sessions survive a restart."""
    path = Path(app.instance_path) / "secret_key"
    if app.config.get("TESTING"):
        return secrets.token_hex(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
