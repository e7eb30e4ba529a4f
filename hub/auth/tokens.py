"""API tokens for scripts and partner systems: `hub_<id>_<secret>`, shown once, stored as a SHA-256 hash.

The secret is 32 random bytes, so a plain hash is enough (no password stretching is needed for
high-entropy secrets); comparison is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass

from hub.access import Role, Viewer
from hub.errors import BadInput
from hub.graph import tokens as q
from hub.graph.connection import Graph, fetch_all, fetch_one
from hub.services.records import now
from hub.services import permissions

PREFIX = "hub_"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass
class IssuedToken:
    token: str  # the only time the secret is seen
    record: dict


async def issue(graph: Graph, issuer: Viewer, *, name: str, role: Role, actor_keys: list[str]) -> IssuedToken:
    permissions.require_admin(issuer, "only admins issue tokens")
    if not name.strip() or len(name) > 200:
        raise BadInput("name: between 1 and 200 characters")
    if role is Role.PUBLIC:
        raise BadInput("role: a token is for ADMIN, MEMBER or ANALYST")
    if role is Role.MEMBER and not actor_keys:
        raise BadInput("actorIds: a member token acts for at least one actor")
    key, secret = uuid.uuid4().hex, secrets.token_urlsafe(32)
    props = {"key": key, "name": name.strip(), "role": role.value, "actorKeys": actor_keys, "hash": _hash(secret),
             "createdAt": now(), "createdBy": issuer.name}
    row = await graph.write(lambda tx: fetch_one(tx, q.CREATE, props=props))
    return IssuedToken(f"{PREFIX}{key}_{secret}", row["token"])


async def revoke(graph: Graph, revoker: Viewer, key: str) -> dict | None:
    permissions.require_admin(revoker, "only admins revoke tokens")
    row = await graph.write(lambda tx: fetch_one(tx, q.REVOKE, key=key, now=now(), by=revoker.name))
    return row["token"] if row else None


async def listing(graph: Graph, viewer: Viewer) -> list[dict]:
    permissions.require_admin(viewer, "only admins list tokens")
    return [row["token"] for row in await graph.read(lambda tx: fetch_all(tx, q.LIST))]


def looks_like_api_token(value: str) -> bool:
    return value.startswith(PREFIX)


async def viewer_for(graph: Graph, value: str) -> Viewer | None:
    """The viewer a token stands for, or None if it is malformed, unknown or revoked."""
    _, _, rest = value.partition(PREFIX)
    key, sep, secret = rest.partition("_")
    if not sep or not key or not secret or len(value) > 200:
        return None
    row = await graph.read(lambda tx: fetch_one(tx, q.BY_ID, key=key))
    if row is None:
        return None
    token = row["token"]
    if token.get("revokedAt") or not hmac.compare_digest(token["hash"], _hash(secret)):
        return None
    return Viewer(name=f"token:{token['name']}", role=Role(token["role"]), actor_keys=tuple(token.get("actorKeys") or []))


def public_view(token: dict) -> dict:
    return {k: v for k, v in token.items() if k != "hash"}
