"""rounds.gap_threshold: from how many points a declared gap is highlighted

Revision ID: 0007_disclosure
Revises: 0006_register
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_disclosure"
down_revision = "0006_register"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("rounds") as batch:
        batch.add_column(
            sa.Column("gap_threshold", sa.Float(), nullable=False, server_default=sa.text("10"))
        )


def downgrade():
    with op.batch_alter_table("rounds") as batch:
        batch.drop_column("gap_threshold")
