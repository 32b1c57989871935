"""The administrators' console: one module per area adds its routes to the blueprint.

Access is declared once, in :mod:`selfassess.admin.base`: administrators only.
"""

from selfassess.admin import (
    account_security,
    accounts,
    audit_log,
    instruments,
    invitation_changes,
    invitations,
    outbox,
    paper,
    preview,
    rounds,
)
from selfassess.admin.base import bp

#: The modules whose routes make up the console (imported for that effect).
AREAS = (
    account_security,
    accounts,
    audit_log,
    instruments,
    invitation_changes,
    invitations,
    outbox,
    paper,
    preview,
    rounds,
)

__all__ = ["bp"]
