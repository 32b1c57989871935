"""The administrators' console: one module per area adds its routes to the blueprint.

Access is declared once, in :mod:`selfassess.admin.base`: administrators only.
"""

from selfassess.admin import (
    accounts,
    audit_log,
    instruments,
    invitations,
    paper,
    preview,
    rounds,
)
from selfassess.admin.base import bp

#: The modules whose routes make up the console (imported for that effect).
AREAS = (accounts, audit_log, instruments, invitations, paper, preview, rounds)

__all__ = ["bp"]
