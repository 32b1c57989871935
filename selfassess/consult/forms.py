"""The filters of the results pages: GET forms that change nothing, so no CSRF token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField


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
