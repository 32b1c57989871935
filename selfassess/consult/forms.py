"""The filters of the results pages: GET forms that change nothing, so no CSRF token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField
from wtforms.validators import AnyOf, DataRequired, Length, Regexp


class _GetForm(FlaskForm):
    class Meta:
        csrf = False


class GroupForm(_GetForm):
    by = SelectField(_l("Compare by"), choices=[])


class CommentFilterForm(_GetForm):
    dimension = SelectField(_l("Dimension"), choices=[])
    question = SelectField(_l("Question"), choices=[])


class EarlierForm(_GetForm):
    earlier = SelectField(_l("Earlier round"), choices=[])
    by = SelectField(_l("Compare by"), choices=[])


class ThemeFilterForm(CommentFilterForm):
    theme = SelectField(_l("Theme"), choices=[])


class ThemeForm(FlaskForm):
    """A new comment theme: a label per language (at least one)."""

    label_en = StringField(_l("Label (English)"), validators=[Length(max=120)])
    label_mn = StringField(_l("Label (Mongolian)"), validators=[Length(max=120)])


class TagForm(FlaskForm):
    """The themes one text carries; it names the text by question, kind and digest."""

    question = HiddenField(validators=[DataRequired(), Length(max=64)])
    kind = HiddenField(validators=[DataRequired(), AnyOf(["answer", "comment"])])
    digest = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9a-f]{64}$")])
    themes = SelectMultipleField(_l("Themes"), choices=[], coerce=int, validate_choice=False)


class DeleteForm(FlaskForm):
    pass
