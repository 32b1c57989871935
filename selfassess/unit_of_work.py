"""One unit of work per request and per command: services flush, the edge commits.

Services write into the session and never commit, so they compose: a request or a command
that calls several of them commits all of it or, on any failure, none of it.

- **A request** commits what its view wrote when the view returns (a page, a redirect, or
  a form shown again with its errors, whose other fields were saved), and rolls back when
  the view raises (``abort()``, a refusal, a crash) or the response is a server error
  (:func:`init_app`). A view that catches a refusal and wants nothing kept rolls back.
- **A command** runs in :func:`scope` (every command through ``cli.common.user_errors``):
  it commits when the command returns and rolls back when it fails or exits non-zero.
- **A deliberate commit inside the unit** goes through :func:`commit`, and the caller says
  why beside it. The few there are: the anonymous submission (its "submitted" mark in a
  transaction of its own, then the response, then the clean-up of what both replaced:
  ``services/responses.py``, ``services/anonymity.py``), the shared results cache
  (``services/revisions.py``), each message the outbox hands to the mail server
  (``services/mail.py``), and what a refused sign-in or second-factor code must leave
  whatever becomes of its request (``services/accounts.py``, ``auth/views.py``,
  ``account/views.py``). Rate limits themselves live outside the database (Flask-Limiter).
  And an expired staged upload is deleted when found, though its request is refused
  (``services/staging.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, Response

from selfassess.extensions import db

#: Responses from this status on never commit (a server error, whatever produced it).
FIRST_FAILING_STATUS = 500


def commit() -> None:
    """Commit the unit of work now, before its request or command ends.

    Only where a write must be durable at once whatever follows; everything else is
    committed by the edge. The caller says why in a comment.
    """
    db.session.commit()


@contextmanager
def scope() -> Iterator[None]:
    """Run a command's work as one unit: committed if the body returns, else rolled back
    (an exception, ``SystemExit`` from a failing command, Ctrl-C)."""
    try:
        yield
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()


def init_app(app: Flask) -> None:
    """End each request's unit of work: commit when the view returned, roll back when it
    raised or the response is a server error."""
    handle = app.handle_user_exception

    def rolled_back_first(error: Exception) -> Any:
        db.session.rollback()  # before the error page: it sees none of the failed writes
        return handle(error)

    # Every exception of a view or a before_request hook passes here, ``abort()`` too.
    app.handle_user_exception = rolled_back_first  # type: ignore[method-assign]
    # Registered first so that it runs after every other after_request hook.
    app.after_request(_end_request)
    app.teardown_request(_discard_on_exception)


def _end_request(response: Response) -> Response:
    if response.status_code < FIRST_FAILING_STATUS:
        db.session.commit()  # a failing commit raises: the visitor gets the error page
    else:
        db.session.rollback()
    return response


def _discard_on_exception(error: BaseException | None) -> None:
    if error is not None:
        db.session.rollback()
