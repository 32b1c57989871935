"""account roles of the assessment method: facilitator and focal point

Revision ID: 0002_roles
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_roles"
down_revision = "0001"
branch_labels = None
depends_on = None

OLD = ("admin", "consultant")
NEW = ("admin", "consultant", "facilitator", "focal_point")


def _role(values):
    return sa.Enum(*values, name="account_role", native_enum=False, create_constraint=True, length=16)


def _swap(old, new):
    if op.get_bind().dialect.name == "sqlite":  # SQLite changes a CHECK only by copying the table
        with op.batch_alter_table("accounts", recreate="always") as batch:
            batch.alter_column("role", existing_type=_role(old), type_=_role(new), existing_nullable=False)
        return
    op.drop_constraint(op.f("ck_accounts_account_role"), "accounts", type_="check")
    values = ", ".join(f"'{v}'" for v in new)
    op.create_check_constraint("account_role", "accounts", f"role IN ({values})")


def upgrade():
    _swap(OLD, NEW)


def downgrade():
    _swap(NEW, OLD)
