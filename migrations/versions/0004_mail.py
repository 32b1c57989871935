"""e-mail outbox, server-side sessions, password resets, TOTP, staged uploads, invitation e-mail

Revision ID: 0004_mail
Revises: 0003_anonymity
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_mail"
down_revision = "0003_anonymity"
branch_labels = None
depends_on = None


def _when(name, nullable=False):
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade():
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("secret_link", sa.Text(), nullable=True),
        sa.Column(
            "state",
            sa.Enum("queued", "sent", "failed", name="outbox_state", native_enum=False, create_constraint=True, length=16),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _when("next_attempt_at"),
        sa.Column("last_error", sa.String(length=500), nullable=False),
        _when("created_at"),
        _when("sent_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    op.create_index("ix_outbox_state_next_attempt_at", "outbox", ["state", "next_attempt_at"])
    for table in ("account_sessions", "password_resets"):
        columns = [
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("account_id", sa.Integer(), nullable=False),
            sa.Column("token_hash", sa.String(length=64), nullable=False),
            _when("created_at"),
        ]
        if table == "password_resets":
            columns += [_when("expires_at"), _when("used_at", nullable=True)]
        op.create_table(
            table,
            *columns,
            sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f(f"fk_{table}_account_id_accounts"), ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
            sa.UniqueConstraint("token_hash", name=op.f(f"uq_{table}_token_hash")),
        )
        op.create_index(op.f(f"ix_{table}_account_id"), table, ["account_id"])
    op.create_table(
        "staged_uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        _when("created_at"),
        _when("expires_at"),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_staged_uploads_account_id_accounts"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staged_uploads")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_staged_uploads_token_hash")),
    )
    op.create_index(op.f("ix_staged_uploads_account_id"), "staged_uploads", ["account_id"])
    op.create_index(op.f("ix_staged_uploads_expires_at"), "staged_uploads", ["expires_at"])
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("totp_secret", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
    with op.batch_alter_table("invitations") as batch:
        batch.add_column(sa.Column("email", sa.String(length=254), nullable=True))
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=True))
        batch.add_column(_when("revoked_at", nullable=True))


def downgrade():
    with op.batch_alter_table("invitations") as batch:
        batch.drop_column("revoked_at")
        batch.drop_column("language")
        batch.drop_column("email")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("totp_last_step")
        batch.drop_column("totp_secret")
    op.drop_table("staged_uploads")
    op.drop_table("password_resets")
    op.drop_table("account_sessions")
    op.drop_index("ix_outbox_state_next_attempt_at", table_name="outbox")
    op.drop_table("outbox")
