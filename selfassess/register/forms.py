"""The register's forms (Flask-WTF: CSRF on every POST)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp

from selfassess.recommendations.rules import ACTION_STATUSES, RECOMMENDATION_STATUSES, REF
from selfassess.register.base import ACTION_STATUS_LABELS, RECOMMENDATION_STATUS_LABELS

ACTION_CHOICES = [SelectChoice(s, ACTION_STATUS_LABELS[s]) for s in ACTION_STATUSES]
RECOMMENDATION_CHOICES = [
    SelectChoice(s, RECOMMENDATION_STATUS_LABELS[s]) for s in RECOMMENDATION_STATUSES
]
REF_RULE = Regexp(
    f"^{REF.pattern}$",
    message=_l("Letters, digits and . _ / -, starting with a letter or a digit."),
)


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=ACTION_CHOICES)


class ProgressForm(FlaskForm):
    text = TextAreaField(
        _l("What was done"),
        validators=[DataRequired(_l("Write what was done.")), Length(max=5000)],
    )
    on = DateField(_l("Date"), validators=[Optional()])
    link = StringField(_l("Link (optional)"), validators=[Optional(), Length(max=490)])
    document = FileField(_l("Document (optional)"))
    status = SelectField(_l("Status of the action"), choices=ACTION_CHOICES)


class RecommendationForm(FlaskForm):
    ref = StringField(
        _l("Reference"),
        validators=[DataRequired(_l("Give a reference.")), Length(max=64), REF_RULE],
    )
    text_en = TextAreaField(_l("Text in English"), validators=[Length(max=5000)])
    text_mn = TextAreaField(_l("Text in Mongolian"), validators=[Length(max=5000)])
    source = StringField(_l("Source"), validators=[Length(max=300)])
    links = TextAreaField(
        _l("Links (INSTRUMENT:ITEM, space-separated)"), validators=[Length(max=2000)]
    )
    responsible = SelectMultipleField(_l("Responsible bodies"), choices=[])
    sdg = StringField(_l("SDG targets (space-separated)"), validators=[Length(max=200)])
    status = SelectField(_l("Status"), choices=RECOMMENDATION_CHOICES)
    due = DateField(_l("Due date"), validators=[Optional()])


class PlanActionForm(FlaskForm):
    ref = StringField(
        _l("Reference"),
        validators=[DataRequired(_l("Give a reference.")), Length(max=64), REF_RULE],
    )
    text_en = TextAreaField(_l("Text in English"), validators=[Length(max=5000)])
    text_mn = TextAreaField(_l("Text in Mongolian"), validators=[Length(max=5000)])
    responsible = SelectField(_l("Responsible body"), choices=[])
    start = DateField(_l("Start"), validators=[Optional()])
    due = DateField(_l("Due date"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=ACTION_CHOICES)


class ImportForm(FlaskForm):
    file = FileField(
        _l("Register file"),
        validators=[
            FileRequired(_l("Choose a file to upload.")),
            FileAllowed(["csv", "xlsx"], _l("Upload a CSV (.csv) or workbook (.xlsx) file.")),
        ],
    )


class BodyForm(FlaskForm):
    key = StringField(
        _l("Key"),
        validators=[
            DataRequired(_l("Give a key.")),
            Length(max=64),
            Regexp(r"^[a-z0-9][a-z0-9_-]*$", message=_l("Lower-case letters, digits, _ and -.")),
        ],
    )
    name_en = StringField(_l("Name in English"), validators=[Length(max=300)])
    name_mn = StringField(_l("Name in Mongolian"), validators=[Length(max=300)])


class FocalBodiesForm(FlaskForm):
    bodies = SelectMultipleField(_l("Bodies"), choices=[])


class PublishForm(FlaskForm):
    published = BooleanField(_l("Published"))
