"""Secrets the server must read back later, sealed with a key derived from SECRET_KEY.

A TOTP secret and a queued e-mail's link cannot be stored as hashes (the server needs
them), so they are encrypted (Fernet) with a key that is not in the database: a copy of
the database alone reveals neither. Changing SECRET_KEY makes them unreadable (second
factors must then be enrolled again; queued links are reissued).
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app


def _fernet(purpose: str) -> Fernet:
    material = f"selfassess:{purpose}:{current_app.config['SECRET_KEY']}".encode()
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(material).digest()))


def seal(text: str, purpose: str) -> str:
    return _fernet(purpose).encrypt(text.encode("utf-8")).decode("ascii")


def unseal(token: str, purpose: str) -> str | None:
    """The sealed text, or None when it was sealed under another key or is damaged."""
    try:
        return _fernet(purpose).decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError):
        return None
