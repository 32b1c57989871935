"""E-mail the resume code to oneself (issue 11: a way to keep it where an address exists).

The respondent types an address on the thank-you page; the code goes into the outbox's
secret slot, sealed at rest and removed once the message is sent, so the stored row then
holds an address and a day, never the code nor anything that names the response. Limited
per address, so the page cannot be used to send mail to strangers in bulk.
"""

from __future__ import annotations

from flask import current_app, flash, g, redirect, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms.validators import DataRequired, Length, Regexp

from selfassess.extensions import limiter
from selfassess.respond.blueprint import bp
from selfassess.respond.grants import View, shown_resume_code
from selfassess.services.mail import mail_enabled, queue_template


class ResumeMailForm(FlaskForm):
    email = EmailField(
        _l("Your e-mail address"),
        validators=[
            DataRequired(),
            Length(max=254),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Enter an e-mail address.")),
        ],
    )


def _limit() -> str:
    return str(current_app.config["RATELIMIT_RESUME_MAIL"])


@bp.post("/<slug>/resume-code/email")
@limiter.limit(_limit, methods=["POST"])
def email_resume_code(slug: str) -> View:
    """Queue the resume code this browser keeps to the address typed."""
    code = shown_resume_code(g.round, g.response) if g.response.is_submitted else None
    form = ResumeMailForm()
    if code is None or not mail_enabled():
        flash(_("The code cannot be e-mailed from here: download or print it instead."), "error")
    elif not form.validate():
        flash(_("Enter an e-mail address."), "error")
    else:
        language = str(get_locale() or "en")
        queue_template(
            "resume_code",
            form.email.data or "",
            language=language,
            secret_link=code,
            title=g.round.title_in(language),
            url=url_for(".resume", slug=slug, _external=True),
        )
        flash(_("The code is on its way to %(email)s.", email=form.email.data), "success")
    return redirect(url_for(".done", slug=slug))
