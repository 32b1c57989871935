"""Blueprints and the hooks every page shares: security headers, errors, language."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, abort, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

from selfassess import logs
from selfassess.languages import NAMES

#: Blueprints by import path; each declares its own access rule.
BLUEPRINTS = (
    "selfassess.main.views:bp",
    "selfassess.auth.views:bp",
    "selfassess.account.views:bp",
    "selfassess.respond.views:bp",
    "selfassess.admin.views:bp",
    "selfassess.consult.views:bp",
    "selfassess.panel.views:bp",
    "selfassess.panel.results:bp",
    "selfassess.panel.assign:bp",
    "selfassess.register.routes:bp",
    "selfassess.register.routes:edit_bp",
    "selfassess.register.routes:admin_bp",
    "selfassess.register.routes:public_bp",
)

#: No inline script or style anywhere: scripts and styles come from /static only.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # Invitation tokens travel in URLs: never leak them to another site.
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def register_blueprints(app: Flask) -> None:
    from importlib import import_module

    for path in BLUEPRINTS + tuple(app.config.get("EXTRA_BLUEPRINTS", ())):
        module, name = path.split(":")
        app.register_blueprint(getattr(import_module(module), name))


def register_web_hooks(app: Flask) -> None:
    from selfassess.respond.express import Express

    # Inside the proxy fix: the express path sees the client's scheme and address too.
    app.wsgi_app = Express(app, app.wsgi_app)  # type: ignore[method-assign]
    hops = int(app.config["PROXY_FIX"])
    if hops:  # the client's address and scheme come from the trusted proxy's headers
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_prefix=hops
        )
    logs.install(app)
    app.before_request(refuse_unstorable_input)
    app.after_request(_security_headers)
    app.after_request(_drain_refused_body)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(RequestEntityTooLarge, _too_large)
    app.register_error_handler(CSRFError, _csrf_error)
    if not app.debug:
        app.register_error_handler(Exception, _server_error)
    app.context_processor(_template_globals)


def _security_headers(response: Response) -> Response:
    for name, value in security_headers(request.is_secure, request.endpoint == "static"):
        response.headers.setdefault(name, value)
    return response


def security_headers(secure: bool, static: bool = False) -> list[tuple[str, str]]:
    """The headers every answer carries (unless its view set them), the express path's
    (``respond/express.py``) too."""
    headers = list(SECURITY_HEADERS.items())
    if secure:
        headers.append(("Strict-Transport-Security", "max-age=31536000"))
    if not static:
        headers.append(("Cache-Control", "no-store"))
    return headers


#: The largest number an ``integer`` column of PostgreSQL holds (ids, version numbers).
MAX_INTEGER = 2**31 - 1


def refuse_unstorable_input() -> None:
    """Refuse a NUL character anywhere in the address, the form, the file names or the
    JSON, and JSON too deeply nested to read: PostgreSQL cannot keep NUL in text (every
    lookup with it fails), no field of this site needs one, and both are hostile input."""
    texts: list[Any] = [*(request.view_args or {}).values()]
    if any(isinstance(value, int) and value > MAX_INTEGER for value in texts):
        abort(404)  # no id or number of this site is that large (and PostgreSQL would fail)
    for values in (request.args, request.form, request.files):
        for name, items in values.lists():
            texts += [name, *(getattr(item, "filename", item) for item in items)]
    if request.is_json:
        try:
            texts.append(request.get_json(silent=True))
        except RecursionError:
            abort(400, _("The request is nested too deeply to read."))
    if holds_nul(texts):
        abort(400, _("The request contains a character that is not allowed (NUL)."))


def holds_nul(texts: list[Any]) -> bool:
    """Whether a NUL character is in any string of ``texts``, JSON values inside them
    included (the list is used up)."""
    while texts:  # without recursion: the JSON may be nested hundreds of levels deep
        value = texts.pop()
        if isinstance(value, str) and "\x00" in value:
            return True
        if isinstance(value, dict):
            texts += [*value.keys(), *value.values()]
        elif isinstance(value, list):
            texts += value
    return False


#: A refused body up to this many times MAX_CONTENT_LENGTH is read and dropped, so the
#: client, still sending it, reads the 413 page instead of a reset connection.
DRAIN_FACTOR = 4


def _drain_refused_body(response: Response) -> Response:
    from flask import current_app

    length, limit = request.content_length, current_app.config["MAX_CONTENT_LENGTH"]
    if response.status_code != 413 or not length or not limit or length > DRAIN_FACTOR * limit:
        return response
    stream = request.environ["wsgi.input"]
    while length > 0:
        chunk = stream.read(min(length, 1 << 16))
        if not chunk:
            break
        length -= len(chunk)
    return response


def _wants_json() -> bool:
    return request.is_json or request.accept_mimetypes.best == "application/json"


#: Titles and messages of the usual errors, in the visitor's language. A view that
#: aborts with its own description keeps it.
ERROR_TEXTS = {
    400: (_l("Bad request"), _l("The request could not be understood. Go back and try again.")),
    403: (_l("Not allowed"), _l("You do not have access to this page.")),
    404: (_l("Page not found"), _l("There is no page at this address. Check the link.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    429: (
        _l("Too many attempts"),
        _l("Too many attempts from your address. Wait a few minutes, then try again."),
    ),
}


def _http_error(error: HTTPException) -> tuple[object, int]:
    code = error.code or 500
    title, message = ERROR_TEXTS.get(code, (error.name, error.description))
    # Flask-Limiter's description is the limit itself ("10 per 1 minute"): not for people.
    if error.description and error.description != type(error).description and code != 429:
        message = error.description
    if _wants_json():
        return {"error": str(message)}, code
    return render_template("error.html", code=code, title=title, message=message), code


def _too_large(error: RequestEntityTooLarge) -> tuple[object, int]:
    from flask import current_app

    limit = int(current_app.config["MAX_CONTENT_LENGTH"] or 0)
    message = _(
        "What you sent is larger than %(megabytes)s MB, the most this site accepts. "
        "Send a smaller file or shorter texts.",
        megabytes=round(limit / 1024 / 1024, 1),
    )
    if _wants_json():
        return {"error": message}, 413
    return render_template("error.html", code=413, title=_("Too large"), message=message), 413


def _csrf_error(error: CSRFError) -> tuple[object, int]:
    message = _(
        "This form has expired or did not come from this site. Go back, reload the page and try again."
    )
    if _wants_json():
        return {"error": message}, 400
    return render_template("error.html", code=400, title=_("Form expired"), message=message), 400


def _server_error(error: Exception) -> tuple[object, int]:
    from flask import current_app

    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    message = _(
        "Something went wrong on our side. Nothing you entered before the last save was lost."
    )
    if _wants_json():
        return {"error": message}, 500
    return render_template("error.html", code=500, title=_("Server error"), message=message), 500


def _template_globals() -> dict[str, object]:
    from flask import current_app

    return {
        "current_locale": str(get_locale() or "en"),
        "languages": current_app.config["LANGUAGES"],
        "language_names": NAMES,
        "nav_endpoints": current_app.view_functions.keys(),
        "mail_enabled": bool(current_app.config.get("MAIL_HOST")),
        "state_labels": {"draft": _("Draft"), "open": _("Open"), "closed": _("Closed")},
    }
