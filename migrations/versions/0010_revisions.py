"""revisions: each round's results revision and the shared results cache

Revision ID: 0010_revisions
Revises: 0009_themes
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_revisions"
down_revision = "0009_themes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("rounds") as batch:
        batch.add_column(sa.Column("results_revision", sa.Integer(), server_default="0", nullable=False))
    op.create_table(
        "results_cache",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_results_cache_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("round_id", name=op.f("pk_results_cache")),
    )


def downgrade():
    op.drop_table("results_cache")
    with op.batch_alter_table("rounds") as batch:
        batch.drop_column("results_revision")
