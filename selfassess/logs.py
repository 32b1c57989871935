"""Log hygiene: secrets that travel in URLs never reach a log line.

An invitation link is ``/r/<token>``: whoever reads the token can answer in that
person's place. Administrators' short-lived stash pages carry a token in their path
too. :func:`redact` replaces such path segments (and ``token``/``code``/``secret``
query values) with :data:`REDACTED`; :class:`RedactingFilter` applies it to every
record of a logger (the message and its traceback). :func:`install` puts the filter on
the application's logger and on the development server's request log; gunicorn's own
logs get it through the ``logger_class`` of ``gunicorn.conf.py``.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

REDACTED = "[redacted]"

#: Where a path segment or a value ends in a log line.
_END = r"""(?=$|[?#\s"'])"""
#: Secrets in URLs: the part to keep (group ``keep``) and the secret after it.
PATTERNS = (
    # An invitation link: /r/<token>, a single segment (not the access-code page).
    re.compile(r"(?P<keep>/r/)(?!code" + _END + r")[^/?#\s\"']+" + _END),
    # Administrators' stash pages: a validated upload, issued links and codes.
    re.compile(r"(?P<keep>/instruments/new/)[A-Za-z0-9_-]{8,}"),
    re.compile(r"(?P<keep>/invitations/)[A-Za-z0-9_-]{8,}"),
    re.compile(r"(?P<keep>/invitations/check/)[A-Za-z0-9_-]{8,}"),
    # A password-reset link: /auth/reset/<token>.
    re.compile(r"(?P<keep>/auth/reset/)[^/?#\s\"']+"),
    # A secret passed as a query value by any client.
    re.compile(r"(?P<keep>[?&](?:token|code|secret|resume)=)[^&#\s\"']+", re.IGNORECASE),
)


def redact(text: str) -> str:
    """``text`` with every secret of :data:`PATTERNS` replaced by :data:`REDACTED`."""
    for pattern in PATTERNS:
        text = pattern.sub(lambda match: match.group("keep") + REDACTED, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites a record's message (arguments merged in) and traceback without secrets."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


def add_filter(logger: logging.Logger) -> None:
    """Put one :class:`RedactingFilter` on ``logger`` (again is a no-op)."""
    if not any(isinstance(f, RedactingFilter) for f in logger.filters):
        logger.addFilter(RedactingFilter())


def install(app: Flask) -> None:
    """Redact the application's log and the development server's request lines."""
    add_filter(app.logger)
    add_filter(logging.getLogger("werkzeug"))
