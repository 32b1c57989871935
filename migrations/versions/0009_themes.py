"""themes: comment themes of a round and their tags (by text digest, never by answer)

Revision ID: 0009_themes
Revises: 0008_respondents
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0009_themes"
down_revision = "0008_respondents"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade():
    op.create_table(
        "comment_themes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("labels", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_comment_themes_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment_themes")),
    )
    op.create_index(op.f("ix_comment_themes_round_id"), "comment_themes", ["round_id"])
    op.create_table(
        "comment_tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["comment_themes.id"],
            name=op.f("fk_comment_tags_theme_id_comment_themes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment_tags")),
        sa.UniqueConstraint(
            "theme_id", "question", "kind", "digest", name=op.f("uq_comment_tags_theme_id")
        ),
    )
    op.create_index(op.f("ix_comment_tags_theme_id"), "comment_tags", ["theme_id"])


def downgrade():
    op.drop_index(op.f("ix_comment_tags_theme_id"), table_name="comment_tags")
    op.drop_table("comment_tags")
    op.drop_index(op.f("ix_comment_themes_round_id"), table_name="comment_themes")
    op.drop_table("comment_themes")
