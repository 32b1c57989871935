"""respondents: reopened responses keep counting, paper responses, round titles per language

Revision ID: 0008_respondents
Revises: 0007_disclosure
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0008_respondents"
down_revision = "0007_disclosure"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
OLD_SOURCES = ("web", "import")
NEW_SOURCES = ("web", "paper", "import")


def _source(values):
    return sa.Enum(*values, name="response_source", native_enum=False, create_constraint=True, length=16)


def _swap_sources(old, new):
    if op.get_bind().dialect.name == "sqlite":  # SQLite changes a CHECK only by copying the table
        with op.batch_alter_table("responses", recreate="always") as batch:
            batch.alter_column("source", existing_type=_source(old), type_=_source(new), existing_nullable=False)
        return
    op.drop_constraint(op.f("ck_responses_response_source"), "responses", type_="check")
    values = ", ".join(f"'{v}'" for v in new)
    op.create_check_constraint("response_source", "responses", f"source IN ({values})")


def upgrade():
    _swap_sources(OLD_SOURCES, NEW_SOURCES)
    with op.batch_alter_table("responses") as batch:
        batch.add_column(sa.Column("reopened", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column("counted_profile", JSON, nullable=True))
        batch.add_column(sa.Column("paper_number", sa.Integer(), nullable=True))
        batch.create_unique_constraint(batch.f("uq_responses_round_id"), ["round_id", "paper_number"])
    with op.batch_alter_table("rounds") as batch:
        batch.add_column(sa.Column("titles", JSON, server_default=sa.text("'{}'"), nullable=False))
    op.create_table(
        "counted_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("numeric", sa.Double(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name=op.f("fk_counted_answers_response_id_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counted_answers")),
        sa.UniqueConstraint("response_id", "question", name=op.f("uq_counted_answers_response_id")),
    )


def downgrade():
    op.drop_table("counted_answers")
    with op.batch_alter_table("rounds") as batch:
        batch.drop_column("titles")
    op.execute("DELETE FROM responses WHERE source = 'paper'")
    with op.batch_alter_table("responses") as batch:
        batch.drop_constraint(batch.f("uq_responses_round_id"), type_="unique")
        batch.drop_column("paper_number")
        batch.drop_column("counted_profile")
        batch.drop_column("reopened")
    _swap_sources(NEW_SOURCES, OLD_SOURCES)
