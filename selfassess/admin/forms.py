"""The administrators' forms (Flask-WTF: CSRF on every POST, errors beside the fields)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    EmailField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from selfassess.services.accounts import EMAIL, MIN_PASSWORD
from selfassess.services.rounds import SLUG

ROLE_CHOICES = [
    SelectChoice("admin", _l("Administrator")),
    SelectChoice("consultant", _l("Consultant")),
    SelectChoice("focal_point", _l("Focal point")),
]


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class InstrumentUploadForm(FlaskForm):
    file = FileField(
        _l("Questionnaire file"),
        validators=[
            FileRequired(_l("Choose a file to upload.")),
            FileAllowed(
                ["yaml", "yml", "xlsx"], _l("Upload a YAML (.yaml) or workbook (.xlsx) file.")
            ),
        ],
    )


#: Language names for the per-language fields; another language shows its code.
LANGUAGE_NAMES = {"en": _l("English"), "mn": _l("Mongolian")}


def title_name(lang: str) -> str:
    return f"title_{lang}"


def with_titles(form_class: type[FlaskForm], languages: list[str]) -> type[FlaskForm]:
    """``form_class`` with a title field per language (``title_en``, ``title_mn``, ...)."""
    fields = {
        title_name(lang): StringField(
            _l("Title in %(language)s", language=LANGUAGE_NAMES.get(lang, lang)),
            validators=[Optional(), Length(max=300)],
        )
        for lang in languages
    }
    return type(form_class.__name__, (form_class,), fields)


class RoundSettingsForm(FlaskForm):
    title = StringField(_l("Title shown to respondents"), validators=[Optional(), Length(max=300)])
    min_group_size = IntegerField(
        _l("Smallest group published (k)"),
        default=5,
        validators=[
            DataRequired(_l("Give a whole number from 1 to 100.")),
            NumberRange(1, 100, _l("Give a whole number from 1 to 100.")),
        ],
    )
    gap_threshold = DecimalField(
        _l("Highlight gaps from (points)"),
        default=10,
        places=None,
        validators=[Optional(), NumberRange(0, 100, _l("Give a number of points from 0 to 100."))],
    )
    anonymous = BooleanField(_l("Anonymous round"), default=True)


class RoundCreateForm(RoundSettingsForm):
    slug = StringField(
        _l("Short name (slug)"),
        validators=[
            DataRequired(_l("Give the round a short name.")),
            Regexp(SLUG.pattern + "$", message=_l("Use lower-case letters, digits and '-' only.")),
            Length(max=64),
        ],
    )
    version = SelectField(_l("Questionnaire version"), validators=[DataRequired()])


class InvitationUploadForm(FlaskForm):
    file = FileField(
        _l("List of people (CSV) or Excel workbook"),
        validators=[
            FileRequired(_l("Choose a file to upload.")),
            FileAllowed(["csv", "xlsx"], _l("Upload a CSV (.csv) or Excel (.xlsx) file.")),
        ],
    )
    send_email = BooleanField(_l("E-mail each person who has an address their invitation"))


class InvitationConfirmForm(FlaskForm):
    duplicates = RadioField(
        _l("People who look already invited"),
        choices=[
            SelectChoice("skip", _l("Skip them: invite only the others")),
            SelectChoice("keep", _l("Invite them too (they get a second invitation)")),
        ],
        default="skip",
        validators=[DataRequired()],
    )
    send_email = BooleanField(_l("E-mail each person who has an address their invitation"))


class AccountCreateForm(FlaskForm):
    email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(),
            Regexp(EMAIL.pattern + "$", message=_l("Give an e-mail address.")),
            Length(max=254),
        ],
    )
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default="consultant")
    password = PasswordField(
        _l("Initial password"),
        validators=[
            DataRequired(),
            Length(
                min=MIN_PASSWORD,
                max=200,
                message=_l("At least %(n)s characters.", n=MIN_PASSWORD),
            ),
        ],
    )


class AccountRoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)


class AuditFilterForm(FlaskForm):
    """Filters of the audit log: a GET form, so no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    action = SelectField(_l("Action"), choices=[], validators=[Optional()])
    actor = StringField(_l("Who"), validators=[Optional(), Length(max=254)])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("Until"), validators=[Optional()])
