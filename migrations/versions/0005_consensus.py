"""the facilitated panel: sessions, versioned agreed grades, evidence documents,
facilitator assignments, draft recommendations (consensus.md)

Revision ID: 0005_consensus
Revises: 0004_mail
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "0005_consensus"
down_revision = "0004_mail"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "evidence_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_by", sa.String(length=254), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_evidence_documents_round_id_rounds")
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["accounts.id"],
            name=op.f("fk_evidence_documents_uploaded_by_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_documents")),
    )
    with op.batch_alter_table("evidence_documents", schema=None) as batch_op:
        batch_op.create_index(
            "ix_evidence_documents_round_question", ["round_id", "question"], unique=False
        )

    op.create_table(
        "facilitator_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_facilitator_assignments_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_facilitator_assignments_round_id_rounds")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_facilitator_assignments")),
        sa.UniqueConstraint(
            "round_id", "account_id", name="uq_facilitator_assignments_round_account"
        ),
    )
    op.create_table(
        "panel_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("facilitators", sa.String(length=300), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "held",
                name="session_status",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column(
            "attendance",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("attendee_names", sa.Text(), nullable=False),
        sa.Column(
            "dimensions",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_panel_sessions_round_id_rounds")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_panel_sessions")),
        sa.UniqueConstraint("round_id", "number", name="uq_panel_sessions_round_number"),
    )
    op.create_table(
        "draft_recommendations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=64), nullable=False),
        sa.Column(
            "text",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("adopted_as", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_draft_recommendations_round_id_rounds")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["panel_sessions.id"],
            name=op.f("fk_draft_recommendations_session_id_panel_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_recommendations")),
    )
    with op.batch_alter_table("draft_recommendations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_draft_recommendations_round_question", ["round_id", "question"], unique=False
        )

    op.create_table(
        "grade_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=64), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("links", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("dissent", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.String(length=254), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column(
            "source",
            sa.Enum(
                "web",
                "import",
                name="grade_source",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_grade_versions_version_positive")),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["accounts.id"],
            name=op.f("fk_grade_versions_recorded_by_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_grade_versions_round_id_rounds")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["panel_sessions.id"],
            name=op.f("fk_grade_versions_session_id_panel_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grade_versions")),
        sa.UniqueConstraint(
            "round_id", "question", "version", name="uq_grade_versions_round_question_version"
        ),
    )


def downgrade():
    op.drop_table("grade_versions")
    with op.batch_alter_table("draft_recommendations", schema=None) as batch_op:
        batch_op.drop_index("ix_draft_recommendations_round_question")

    op.drop_table("draft_recommendations")
    op.drop_table("panel_sessions")
    op.drop_table("facilitator_assignments")
    with op.batch_alter_table("evidence_documents", schema=None) as batch_op:
        batch_op.drop_index("ix_evidence_documents_round_question")

    op.drop_table("evidence_documents")
