"""Opaque global IDs: base64 of "Type:key", built from our own stable keys, never the database's ids."""

import base64
import binascii

from hub.errors import BadInput
from hub.model import NODE_TYPES


def to_global_id(label: str, key: str) -> str:
    return base64.urlsafe_b64encode(f"{label}:{key}".encode()).decode().rstrip("=")


def from_global_id(global_id: str, expected: str | tuple[str, ...] | None = None, field: str = "id") -> tuple[str, str]:
    """(label, key) of a global ID; BadInput naming the field when it is malformed or of the wrong type."""
    if not isinstance(global_id, str) or not 1 <= len(global_id) <= 400:
        raise BadInput(f"{field}: not a valid ID")
    try:
        raw = base64.urlsafe_b64decode(global_id + "=" * (-len(global_id) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadInput(f"{field}: not a valid ID") from None
    label, sep, key = raw.partition(":")
    if not sep or label not in NODE_TYPES or not key:
        raise BadInput(f"{field}: not a valid ID")
    allowed = (expected,) if isinstance(expected, str) else expected
    if allowed and label not in allowed:
        raise BadInput(f"{field}: expected the ID of a {' or '.join(allowed)}, got the ID of a {label}")
    return label, key
