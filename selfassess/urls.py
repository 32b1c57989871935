"""URL helpers."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, *, default: str) -> str:
    """``target`` when it is a path on this site, else ``default`` (no open redirects)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(c) < 32 for c in target):
        return default
    return target
