"""API tokens for scripts and partner systems: `hub_<id>_<secret>`, shown once, stored as a SHA-256 hash.

The secret is 32 random bytes, so a plain hash is enough (no password stretching is needed for
high-entropy secrets); comparison is constant-time.

A token seen before is known to the process (its hash and viewer), so a request need not look it up in a
transaction of its own before its work: the look-up runs as the first statement of the request's first
transaction instead (see `pending_check`), and a request that runs none looks it up before it answers. A
token revoked anywhere (another worker, the command line, a restore) is therefore refused at once, as if it
were looked up first: the request answers 401 and its transaction, a write's included, is rolled back.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from functools import partial

from hub.access import Role, Viewer
from hub.errors import BadInput, Unauthenticated
from hub.graph import tokens as q
from hub.graph.connection import Graph, fetch_all, fetch_one
from hub.observability.request import current_request
from hub.recent import Recent
from hub.services.records import now
from hub.services import permissions

PREFIX = "hub_"
REFUSED = "the token is invalid, expired or revoked"
KNOWN_TOKENS = 1024  # tokens a process knows (their hash and viewer); the least recently used is forgotten

_known: Recent[str, tuple[str, Viewer]] = Recent(KNOWN_TOKENS)


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
    _known.drop(key)
    return row["token"] if row else None


async def listing(graph: Graph, viewer: Viewer) -> list[dict]:
    permissions.require_admin(viewer, "only admins list tokens")
    return [row["token"] for row in await graph.read(lambda tx: fetch_all(tx, q.LIST))]


def looks_like_api_token(value: str) -> bool:
    return value.startswith(PREFIX)


async def viewer_for(graph: Graph, value: str, *, check_with_work: bool = False) -> Viewer | None:
    """The viewer a token stands for, or None if it is malformed, unknown or revoked.

    check_with_work: a token this process knows is answered at once and the request is left to check it with
    its first transaction (`pending_check`); without a request being served it is looked up now."""
    _, _, rest = value.partition(PREFIX)
    key, sep, secret = rest.partition("_")
    if not sep or not key or not secret or len(value) > 200:
        return None
    hashed = _hash(secret)
    record = current_request() if check_with_work else None
    known = _known.get(key) if record is not None else None
    if known is not None and hmac.compare_digest(known[0], hashed):
        record.pending_check = partial(_check, key, hashed)
        return known[1]
    row = await graph.read(lambda tx: fetch_one(tx, q.BY_ID, key=key))
    if not _valid(row, hashed):
        _known.drop(key)
        return None
    token = row["token"]
    viewer = Viewer(name=f"token:{token['name']}", role=Role(token["role"]), actor_keys=tuple(token.get("actorKeys") or []))
    _known.put(key, (token["hash"], viewer))
    return viewer


def _valid(row: dict | None, hashed: str) -> bool:
    return row is not None and not row["token"].get("revokedAt") and hmac.compare_digest(row["token"]["hash"], hashed)


async def _check(key: str, hashed: str, tx) -> None:
    """A known token looked up again, in the transaction of the request's work: refused if it was revoked or
    removed since (the transaction then rolls back)."""
    if not _valid(await fetch_one(tx, q.BY_ID, key=key), hashed):
        _known.drop(key)
        raise Unauthenticated(REFUSED)


def public_view(token: dict) -> dict:
    return {k: v for k, v in token.items() if k != "hash"}
