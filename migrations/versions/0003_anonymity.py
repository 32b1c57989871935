"""anonymity: invitation keys sealed with the link and the code, draft locators

Revision ID: 0003_anonymity
Revises: 0002_roles
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003_anonymity"
down_revision = "0002_roles"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("invitations") as batch:
        batch.add_column(sa.Column("key_by_token", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("key_by_code", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("key_by_server", sa.String(length=64), nullable=True))
    with op.batch_alter_table("responses") as batch:
        batch.add_column(sa.Column("draft_key", sa.String(length=64), nullable=True))
        batch.add_column(
            sa.Column(
                "preset",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=True,
            )
        )
        batch.create_unique_constraint(op.f("uq_responses_draft_key"), ["draft_key"])


def downgrade():
    with op.batch_alter_table("responses") as batch:
        batch.drop_constraint(op.f("uq_responses_draft_key"), type_="unique")
        batch.drop_column("preset")
        batch.drop_column("draft_key")
    with op.batch_alter_table("invitations") as batch:
        batch.drop_column("key_by_server")
        batch.drop_column("key_by_code")
        batch.drop_column("key_by_token")
