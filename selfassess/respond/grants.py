"""Who may answer what: links, access codes, resume secrets, the session grant and the
resume cookie.

Respondents have no account. A link, an access code or a resume code grants the
browser's session one response (``session["respond"] = {round id: grant}``); every
request under ``/r/<slug>/`` is checked against that grant by :func:`load_grant`. A grant
is ``{"response": id, "invitation": id}`` (the invitation only while it is known: it is
marked submitted apart from the response, services/anonymity.py), or before consent
``{"invitation": id, "key": hex}``: the invitation's key, unsealed from the link or the
code, which finds an anonymous draft. The session lives in the browser's signed cookie,
never in the database.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import (
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from selfassess.extensions import db, limiter
from selfassess.models import Invitation, InvitationState, Response, Round
from selfassess.respond import code_forms
from selfassess.respond.blueprint import bp
from selfassess.services import admission, anonymity, invitations
from selfassess.services.invitations import format_code, normalize_code

#: Pages without a round in their address: anyone may try a link or a code (rate-limited).
ROUNDLESS = frozenset({"respond.enter", "respond.code"})
#: The one page of a round that gives access rather than needs it (rate-limited too).
RESUME = "respond.resume"
#: A browser keeps the resume secret this long (Chrome's longest cookie life).
RESUME_COOKIE_DAYS = 400

View = str | tuple[str, int] | WerkzeugResponse | tuple[dict[str, Any], int] | dict[str, Any]


def _access_limit() -> str:
    return str(current_app.config["RATELIMIT_ACCESS_CODE"])


def _address_limit() -> str:
    return str(current_app.config["RATELIMIT_ACCESS_ADDRESS"])


def _browser() -> str:
    """A random name for this browser, kept in its session: its failures are its own."""
    return str(session.setdefault("entry", secrets.token_urlsafe(9)))


def _failed(response: WerkzeugResponse) -> bool:
    return response.status_code >= 400


def _valid_link() -> bool:
    """A working link is never refused: its 192 bits cannot be guessed anyway."""
    token = (request.view_args or {}).get("token")
    return request.endpoint == "respond.enter" and invitations.find_by_token(token) is not None


#: Only refused links, codes and resume codes count, on every method (HEAD like GET):
#: per browser (``RATELIMIT_ACCESS_CODE``), and per address with a ceiling ten times
#: higher (``RATELIMIT_ACCESS_ADDRESS``), so that colleagues behind one address (a
#: parliament's NAT) are not locked out by someone else's typos, while guessing codes
#: without keeping cookies still meets a limit.
access_limit = limiter.shared_limit(
    _access_limit,
    scope="respondent-access",
    key_func=_browser,
    deduct_when=_failed,
    exempt_when=_valid_link,
)
address_limit = limiter.shared_limit(
    _address_limit,
    scope="respondent-access-address",
    deduct_when=_failed,
    exempt_when=_valid_link,
)


# -- the grant -----------------------------------------------------------------------------


def grant(
    round_: Round,
    *,
    response: Response | None = None,
    invitation: Invitation | None = None,
    key: bytes | None = None,
) -> None:
    grants = dict(session.get("respond") or {})
    if response is not None:
        given: dict[str, Any] = {"response": response.id}
        if invitation is not None and response.draft_key is not None:
            given["invitation"] = invitation.id  # to mark it at submission
        grants[str(round_.id)] = given
    elif invitation is not None:
        grants[str(round_.id)] = {"invitation": invitation.id}
        if key is not None:
            grants[str(round_.id)]["key"] = key.hex()
    session["respond"] = grants


def granted_invitation(round_: Round) -> Invitation | None:
    """The invitation this session's response was started from, while known."""
    given = (session.get("respond") or {}).get(str(round_.id)) or {}
    invitation = db.session.get(Invitation, given["invitation"]) if "invitation" in given else None
    return invitation if invitation is not None and invitation.round_id == round_.id else None


def revoke(round_: Round) -> None:
    grants = dict(session.get("respond") or {})
    grants.pop(str(round_.id), None)
    session["respond"] = grants


@bp.before_request
def load_grant() -> View | None:
    """Find the round; refuse it when not open; find what this session may answer."""
    if request.endpoint in ROUNDLESS or request.view_args is None:
        return None
    grants = session.get("respond") or {}
    round_, granted, revoked = admission.round_and_grant(request.view_args.get("slug"), grants)
    if round_ is None:
        abort(404)
    g.round, g.definition = round_, round_.version.load()
    if not round_.is_open:
        return not_open(round_)
    if request.endpoint == RESUME:
        return None
    g.response, g.invitation = _granted(round_, granted, revoked)
    if g.response is None and g.invitation is None:
        return refuse("respond/no_access.html", 403)
    if g.response is None and request.endpoint != "respond.consent":
        if request.is_json:  # autosave before consent: nothing to save into
            return refuse("respond/no_access.html", 403)
        return redirect(url_for(".consent", slug=round_.slug))
    return None


def _granted(
    round_: Round, granted: Response | None, revoked: bool
) -> tuple[Response | None, Invitation | None]:
    """What this session may answer in ``round_``: its response (``granted``, found with
    the round), or before consent the invitation it entered with."""
    given = (session.get("respond") or {}).get(str(round_.id)) or {}
    g.key = _key(given.get("key"))
    if "response" in given:
        if granted is not None:
            # A response reopened with its resume code has no invitation any more, by
            # design (services/anonymity.py), so revoking cannot reach it.
            if revoked:
                revoke(round_)
                return None, None
            return granted, None
    elif "invitation" in given:
        invitation = db.session.get(Invitation, given["invitation"])
        if invitation is not None and invitation.round_id == round_.id:
            if invitation.revoked_at is not None:
                revoke(round_)
                return None, None
            response = admission.admit(invitation, g.key)
            if response is not None:  # consented meanwhile, in another tab
                grant(round_, response=response, invitation=invitation)
                return response, None
            if invitation.state is InvitationState.PENDING:
                return None, invitation
    return None, None


def _key(value: Any) -> bytes | None:
    try:
        return bytes.fromhex(value) if isinstance(value, str) else None
    except ValueError:
        return None


def refuse(template: str, status: int, **context: Any) -> View:
    if request.is_json:
        return {"error": _("You cannot change this response now.")}, status
    context.setdefault("round", g.get("round"))
    return render_template(template, **context), status


def not_open(round_: Round) -> View:
    """The round is not open; the page says whether this browser's response counts."""
    grant = (session.get("respond") or {}).get(str(round_.id)) or {}
    response = db.session.get(Response, grant["response"]) if "response" in grant else None
    if response is not None and response.round_id != round_.id:
        response = None
    submitted_on = format_date(response.submitted_at, "long") if response else None
    return refuse(
        "respond/not_open.html", 403, round=round_, response=response, submitted_on=submitted_on
    )


# -- the resume cookie ---------------------------------------------------------------------


def _resume_cookie(round_: Round) -> str:
    return f"selfassess_resume_{round_.id}"


def _cookie_path() -> str:
    """The resume cookie goes only to the respondent pages."""
    return f"{request.script_root}{bp.url_prefix}/"


def resume_secret(round_: Round) -> str | None:
    """The resume secret this browser keeps for ``round_``, if any."""
    return request.cookies.get(_resume_cookie(round_))


def keep_resume_secret(reply: WerkzeugResponse, round_: Round, secret: str) -> None:
    reply.set_cookie(
        _resume_cookie(round_),
        secret,
        max_age=RESUME_COOKIE_DAYS * 24 * 3600,
        path=_cookie_path(),
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )


def forget_browser(reply: WerkzeugResponse, round_: Round) -> None:
    """No session grant, no resume cookie (shared computers)."""
    revoke(round_)
    reply.delete_cookie(_resume_cookie(round_), path=_cookie_path())


# -- getting in ------------------------------------------------------------------------------


@bp.get("/<token>")
@access_limit
@address_limit
def enter(token: str) -> View:
    """An invitation link: grant its response (or consent first) and drop the token from
    the address bar."""
    invitation = invitations.find_by_token(token)
    key = anonymity.unseal(invitation, token=token) if invitation is not None else None
    admitted = _admit(invitation, key)
    return admitted if admitted is not None else refuse("respond/unknown.html", 404)


@bp.route("/code", methods=["GET", "POST"])
@access_limit
@address_limit
def code() -> View:
    _browser()  # named with the form, so that the browser keeps one name
    form = code_forms.AccessCodeForm()
    if form.validate_on_submit():
        typed = form.code.data or ""
        invitation = invitations.find_by_code(typed)
        key = anonymity.unseal(invitation, code=typed) if invitation is not None else None
        admitted = _admit(invitation, key)
        if admitted is not None:
            return admitted
        form.code.errors = [_("This access code is not right. Check it and try again.")]
    status = 404 if form.code.errors and form.is_submitted() else 200
    return render_template("respond/code.html", form=form), status


def _admit(invitation: Invitation | None, key: bytes | None) -> View | None:
    """Let the holder of an invitation in; ``None`` when there is no such invitation."""
    if invitation is None:
        return None
    round_ = invitation.round
    if not round_.is_open:
        return not_open(round_)
    response = admission.admit(invitation, key, resume_secret(round_))
    if response is None and invitation.state is InvitationState.SUBMITTED:
        g.round, g.definition = round_, round_.version.load()
        # An empty form: the access code just typed is not the resume code.
        form = code_forms.ResumeForm(formdata=None)
        return refuse("respond/resume.html", 403, form=form, used=True)
    grant(round_, response=response, invitation=invitation, key=key)
    return redirect(url_for(".continue_", slug=round_.slug))


@bp.route("/<slug>/resume", methods=["GET", "POST"])
@access_limit
@address_limit
def resume(slug: str) -> View:
    """After an anonymous submission: the resume code typed by the respondent."""
    form = code_forms.ResumeForm()
    if form.validate_on_submit():
        typed = form.code.data or ""
        response = admission.find_by_resume(g.round, typed)
        if response is not None:
            grant(g.round, response=response)
            reply = redirect(url_for(".continue_", slug=slug))
            keep_resume_secret(reply, g.round, normalize_code(typed))  # this browser too
            return reply
        form.code.errors = [_("This resume code is not right. Check it and try again.")]
    status = 403 if form.code.errors else 200
    return render_template("respond/resume.html", round=g.round, form=form, used=False), status


def shown_resume_code(round_: Round, response: Response) -> str | None:
    """This browser's resume code of ``response``, grouped for reading; ``None`` when the
    browser keeps none or another one."""
    secret = resume_secret(round_)
    found = admission.find_by_resume(round_, secret)
    if secret is None or found is None or found.id != response.id:
        return None
    return format_code(normalize_code(secret), 4)


@bp.get("/<slug>/resume-code.txt")
def resume_code_file(slug: str) -> View:
    """The resume code as a small text file to keep (only from the browser that has it)."""
    shown = shown_resume_code(g.round, g.response) if g.response.is_submitted else None
    if shown is None:
        abort(404)
    body = "\r\n".join(
        [
            g.round.title,
            _("Your resume code: %(code)s", code=shown),
            _(
                "To change your answers while the assessment is open, enter it at %(url)s",
                url=url_for(".resume", slug=slug, _external=True),
            ),
            _("Keep it private: it opens your answers."),
            "",
        ]
    )
    reply = make_response(body)
    reply.mimetype = "text/plain"
    reply.charset = "utf-8"
    reply.headers["Content-Disposition"] = f'attachment; filename="resume-code-{slug}.txt"'
    reply.headers["Cache-Control"] = "no-store"
    return reply
