"""cache: the dashboard's view of a round's results beside the cached document; cached comparisons

Revision ID: 0011_cache
Revises: 0010_revisions
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_cache"
down_revision = "0010_revisions"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("results_cache") as batch:
        batch.add_column(sa.Column("view", sa.Text(), nullable=True))
    op.create_table(
        "comparison_cache",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("earlier_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("earlier_revision", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_comparison_cache_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["earlier_id"], ["rounds.id"], name=op.f("fk_comparison_cache_earlier_id_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("round_id", "earlier_id", name=op.f("pk_comparison_cache")),
    )


def downgrade():
    op.drop_table("comparison_cache")
    with op.batch_alter_table("results_cache") as batch:
        batch.drop_column("view")
