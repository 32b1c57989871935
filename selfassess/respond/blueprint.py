"""The ``respond`` blueprint object, shared by the grant logic and the pages."""

from __future__ import annotations

from flask import Blueprint

from selfassess.auth.access import declare_access

bp = Blueprint("respond", __name__, url_prefix="/r", template_folder="templates")
#: Access: respondents, through an invitation link, an access code or a resume secret
#: (no account); the grant in the session is checked on every request by
#: :func:`selfassess.respond.grants.load_grant`.
declare_access(bp, "respondent")
