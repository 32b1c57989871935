"""The panel's forms (Flask-WTF: CSRF on every POST). Choices that depend on the round
(roles, dimensions, a question's scale) are filled in by the view."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from selfassess.imports.grades import MAX_TEXT


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


STATUS_CHOICES = [SelectChoice("planned", _l("Planned")), SelectChoice("held", _l("Held"))]


class SessionForm(FlaskForm):
    held_on = DateField(_l("Date"), validators=[Optional()])
    place = StringField(_l("Place"), validators=[Length(max=200)])
    facilitators = StringField(_l("Facilitators"), validators=[Length(max=300)])
    status = SelectField(_l("Status"), choices=STATUS_CHOICES)
    dimensions = SelectMultipleField(
        _l("Dimensions covered"),
        choices=[],
        # Checkboxes, not a multiple select: usable on a tablet without ctrl-click.
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    attendee_names = TextAreaField(
        _l("Names of participants (optional, one per line)"), validators=[Length(max=MAX_TEXT)]
    )


class GradeForm(FlaskForm):
    #: The version the person saw; a save on top of another is refused (consensus.md).
    based_on = HiddenField()
    grade = RadioField(_l("Agreed grade"), choices=[], validate_choice=False)
    evidence = TextAreaField(_l("Evidence"), validators=[Length(max=MAX_TEXT)])
    links = TextAreaField(
        _l("Links to the evidence (one web address per line)"), validators=[Length(max=MAX_TEXT)]
    )
    notes = TextAreaField(_l("Notes: how the panel got there"), validators=[Length(max=MAX_TEXT)])
    dissent = TextAreaField(_l("Dissent: a minority view"), validators=[Length(max=MAX_TEXT)])


class DocumentForm(FlaskForm):
    file = FileField(_l("Attach a document"), validators=[FileRequired(_l("Choose a file."))])


class WorksheetForm(FlaskForm):
    file = FileField(
        _l("Session worksheet filled in offline (.xlsx or .csv)"),
        validators=[FileRequired(_l("Choose a file."))],
    )


class DraftForm(FlaskForm):
    text_en = TextAreaField(_l("Recommendation (English)"), validators=[Length(max=MAX_TEXT)])
    text_mn = TextAreaField(_l("Recommendation (Mongolian)"), validators=[Length(max=MAX_TEXT)])


class AssignForm(FlaskForm):
    email = SelectField(_l("Facilitator"), choices=[])
