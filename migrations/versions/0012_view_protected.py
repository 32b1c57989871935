"""view: the cached results view names the protected groups (the workbook reads it)

Revision ID: 0012_view_protected
Revises: 0011_cache
"""

from alembic import op

revision = "0012_view_protected"
down_revision = "0011_cache"
branch_labels = None
depends_on = None


def upgrade():
    # Views cached before this revision lack "protected": each round's is computed afresh
    # at its next read. The cache holds nothing that cannot be computed again.
    op.execute("DELETE FROM results_cache")


def downgrade():
    pass  # an older view reader ignores the key
