"""The small forms of getting in: consent, an access code, a resume code."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length


class ConsentForm(FlaskForm):
    """Only the CSRF token: the button says "I agree"."""


class AccessCodeForm(FlaskForm):
    code = StringField(
        _l("Access code"),
        validators=[Length(min=1, max=40, message=_l("Enter the access code of your invitation."))],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )


class ResumeForm(FlaskForm):
    code = StringField(
        _l("Resume code"),
        validators=[Length(min=1, max=80, message=_l("Enter the resume code you noted."))],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
