"""Staff accounts of the platform (respondents have no account)."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from selfassess.models.base import Base
from selfassess.models.types import UTCDateTime, enum_column, utcnow


class AccountRole(enum.Enum):
    ADMIN = "admin"
    CONSULTANT = "consultant"
    #: Records a panel's agreed grades in the rounds it is assigned to (consensus.md).
    FACILITATOR = "facilitator"
    #: Reports progress on the actions of its own bodies (recommendations.md).
    FOCAL_POINT = "focal_point"


class Account(UserMixin, Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-case; the login compares lower-case.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[AccountRole] = mapped_column(enum_column(AccountRole, "account_role"))
    active: Mapped[bool] = mapped_column(default=True)
    #: Changes with the password: old sessions of the account stop working.
    session_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The second factor's (TOTP) secret, sealed with a key derived from SECRET_KEY
    #: (``services/sealing.py``); None while it is off.
    totp_secret: Mapped[str | None] = mapped_column(String(255))
    #: The last accepted TOTP time step: a code is accepted once (no replay).
    totp_last_step: Mapped[int | None] = mapped_column()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def set_password(self, password: str) -> None:
        import secrets

        self.password_hash = generate_password_hash(password)
        self.session_token = secrets.token_hex(16)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_admin(self) -> bool:
        return self.role is AccountRole.ADMIN
