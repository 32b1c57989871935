"""Who may answer what: links, access codes, resume secrets, the session grant and the
resume cookie.

Respondents have no account. A link, an access code or a resume secret grants the
browser's session one response (``session["respond"] = {round id: grant}``); every
request under ``/r/<slug>/`` is checked against that grant by :func:`load_grant`.
"""

from __future__ import annotations

from typing import Any

from flask import (
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse

from selfassess.extensions import db, limiter
from selfassess.models import Invitation, InvitationState, Response, Round
from selfassess.respond import forms
from selfassess.respond.blueprint import bp
from selfassess.services import invitations, responses

#: Pages without a round in their address: anyone may try a link or a code (rate-limited).
ROUNDLESS = frozenset({"respond.enter", "respond.code"})
#: The one page of a round that gives access rather than needs it (rate-limited too).
RESUME = "respond.resume"
#: A browser keeps the resume secret this long (Chrome's longest cookie life).
RESUME_COOKIE_DAYS = 400

View = str | tuple[str, int] | WerkzeugResponse | tuple[dict[str, Any], int] | dict[str, Any]


def _access_limit() -> str:
    return str(current_app.config["RATELIMIT_ACCESS_CODE"])


#: Refused links, codes and resume secrets share one budget per address; successful
#: entries do not count (a parliament may reach the site through one address).
access_limit = limiter.shared_limit(
    _access_limit,
    scope="respondent-access",
    methods=["GET", "POST"],
    deduct_when=lambda response: response.status_code >= 400,
)


# -- the grant -----------------------------------------------------------------------------


def grant(
    round_: Round, *, response: Response | None = None, invitation: Invitation | None = None
) -> None:
    grants = dict(session.get("respond") or {})
    if response is not None:
        grants[str(round_.id)] = {"response": response.id}
    elif invitation is not None:
        grants[str(round_.id)] = {"invitation": invitation.id}
    session["respond"] = grants


def revoke(round_: Round) -> None:
    grants = dict(session.get("respond") or {})
    grants.pop(str(round_.id), None)
    session["respond"] = grants


@bp.before_request
def load_grant() -> View | None:
    """Find the round; refuse it when not open; find what this session may answer."""
    if request.endpoint in ROUNDLESS or request.view_args is None:
        return None
    round_ = db.session.scalar(select(Round).filter_by(slug=request.view_args.get("slug")))
    if round_ is None:
        abort(404)
    g.round, g.definition = round_, round_.version.load()
    if not round_.is_open:
        return not_open(round_)
    if request.endpoint == RESUME:
        return None
    g.response, g.invitation = _granted(round_)
    if g.response is None and g.invitation is None:
        return refuse("respond/no_access.html", 403)
    if g.response is None and request.endpoint != "respond.consent":
        if request.is_json:  # autosave before consent: nothing to save into
            return refuse("respond/no_access.html", 403)
        return redirect(url_for(".consent", slug=round_.slug))
    return None


def _granted(round_: Round) -> tuple[Response | None, Invitation | None]:
    grant_ = (session.get("respond") or {}).get(str(round_.id)) or {}
    if "response" in grant_:
        response = db.session.get(Response, grant_["response"])
        if response is not None and response.round_id == round_.id:
            return response, None
    elif "invitation" in grant_:
        invitation = db.session.get(Invitation, grant_["invitation"])
        if invitation is not None and invitation.round_id == round_.id:
            response = responses.admit(invitation)
            if response is not None:  # consented meanwhile, in another tab
                grant(round_, response=response)
                return response, None
            if invitation.state is InvitationState.PENDING:
                return None, invitation
    return None, None


def refuse(template: str, status: int, **context: Any) -> View:
    if request.is_json:
        return {"error": _("You cannot change this response now.")}, status
    context.setdefault("round", g.get("round"))
    return render_template(template, **context), status


def not_open(round_: Round) -> View:
    return refuse("respond/not_open.html", 403, round=round_)


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
def enter(token: str) -> View:
    """An invitation link: grant its response (or consent first) and drop the token from
    the address bar."""
    admitted = _admit(invitations.find_by_token(token))
    return admitted if admitted is not None else refuse("respond/unknown.html", 404)


@bp.route("/code", methods=["GET", "POST"])
@access_limit
def code() -> View:
    form = forms.AccessCodeForm()
    if form.validate_on_submit():
        admitted = _admit(invitations.find_by_code(form.code.data or ""))
        if admitted is not None:
            return admitted
        form.code.errors = [_("This access code is not right. Check it and try again.")]
    status = 404 if form.code.errors and form.is_submitted() else 200
    return render_template("respond/code.html", form=form), status


def _admit(invitation: Invitation | None) -> View | None:
    """Let the holder of an invitation in; ``None`` when there is no such invitation."""
    if invitation is None:
        return None
    round_ = invitation.round
    if not round_.is_open:
        return not_open(round_)
    response = responses.admit(invitation, resume_secret(round_))
    if response is None and invitation.state is InvitationState.SUBMITTED:
        g.round, g.definition = round_, round_.version.load()
        return refuse("respond/resume.html", 403, form=forms.ResumeForm(), used=True)
    grant(round_, response=response, invitation=invitation)
    return redirect(url_for(".continue_", slug=round_.slug))


@bp.route("/<slug>/resume", methods=["GET", "POST"])
@access_limit
def resume(slug: str) -> View:
    """After an anonymous submission: the resume code typed by the respondent."""
    form = forms.ResumeForm()
    if form.validate_on_submit():
        response = responses.find_by_resume(g.round, form.code.data)
        if response is not None:
            grant(g.round, response=response)
            return redirect(url_for(".continue_", slug=slug))
        form.code.errors = [_("This resume code is not right. Check it and try again.")]
    status = 403 if form.code.errors else 200
    return render_template("respond/resume.html", round=g.round, form=form, used=False), status
