"""Verification of actors and observations about them, as agencies practise due diligence.

An actor is unverified until an admin, or a trusted network it belongs to, verifies it (who, when, on
what evidence). A verification expires after the configured number of days. Observations — notes and
risk flags — are never edited or removed: a cleared flag is a new observation, so the history stays.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from hub.access import Viewer
from hub.errors import BadInput, Forbidden, Unauthenticated
from hub.graph import trust as q
from hub.graph.connection import Graph, fetch_all, fetch_one
from hub.services import audit, permissions
from hub.services.records import now

OBSERVATION_KINDS = ("NOTE", "RISK_FLAG", "RISK_CLEARED")


@dataclass(frozen=True)
class VerificationState:
    status: str  # VERIFIED, EXPIRED or UNVERIFIED
    record: dict | None


def state_of(record: dict | None, valid_days: int, today: dt.datetime | None = None) -> VerificationState:
    if record is None:
        return VerificationState("UNVERIFIED", None)
    today = today or dt.datetime.now(dt.timezone.utc)
    expires = dt.datetime.fromisoformat(record["expiresAt"])
    return VerificationState("VERIFIED" if expires > today else "EXPIRED", record)


async def _check_verifier(graph: Graph, viewer: Viewer, subject: str) -> None:
    if viewer.admin:
        return
    if not viewer.signed_in:
        raise Unauthenticated("sign in as an admin or for a trusted network to verify actors")
    if not viewer.actor_keys:
        raise Forbidden("only admins and trusted networks verify actors")
    rows = await graph.read(lambda tx: fetch_all(tx, q.VERIFIER, actorKeys=list(viewer.actor_keys), subject=subject))
    if not any(row["vouchesFor"] for row in rows):
        raise Forbidden("only admins, or a trusted network the actor belongs to, may verify it")


async def verify(graph: Graph, viewer: Viewer, actor_key: str, evidence: str, valid_days: int) -> dict | None:
    if not evidence.strip() or len(evidence) > 2000:
        raise BadInput("evidence: say on what evidence (1 to 2000 characters)")
    await _check_verifier(graph, viewer, actor_key)
    at = dt.datetime.now(dt.timezone.utc)
    props = {"key": uuid.uuid4().hex, "at": at.isoformat(timespec="milliseconds"), "by": viewer.name,
             "evidence": evidence.strip(), "expiresAt": (at + dt.timedelta(days=valid_days)).isoformat(timespec="milliseconds")}

    async def work(tx):
        row = await fetch_one(tx, q.VERIFY, key=actor_key, props=props, **viewer.params())
        if row:
            await audit.record(tx, viewer, "VERIFY", "Actor", actor_key, detail={"evidence": props["evidence"]})
        return row

    row = await graph.write(work)
    return row["verification"] if row else None


async def observe(graph: Graph, viewer: Viewer, actor_key: str, kind: str, text: str) -> dict | None:
    if kind not in OBSERVATION_KINDS:
        raise BadInput(f"kind: one of {', '.join(OBSERVATION_KINDS)}")
    if not text.strip() or len(text) > 5000:
        raise BadInput("text: 1 to 5000 characters")
    await _check_verifier(graph, viewer, actor_key)
    props = {"key": uuid.uuid4().hex, "at": now(), "by": viewer.name, "kind": kind, "text": text.strip()}

    async def work(tx):
        row = await fetch_one(tx, q.OBSERVE, key=actor_key, props=props, **viewer.params())
        if row:
            await audit.record(tx, viewer, "OBSERVE", "Actor", actor_key, detail={"kind": kind})
        return row

    row = await graph.write(work)
    return row["observation"] if row else None


async def set_trusted(graph: Graph, viewer: Viewer, actor_key: str, trusted: bool) -> dict | None:
    permissions.require_admin(viewer, "only admins decide which networks are trusted to verify")

    async def work(tx):
        row = await fetch_one(tx, q.SET_TRUSTED, key=actor_key, trusted=trusted)
        if row:
            await audit.record(tx, viewer, "TRUST", "Actor", actor_key, detail={"trustedVerifier": trusted})
        return row

    row = await graph.write(work)
    return row["node"] if row else None


async def latest_verifications(graph: Graph, viewer: Viewer, keys: list[str]) -> dict[str, dict]:
    async def work(tx):
        latest = await fetch_all(tx, q.LATEST_VERIFICATIONS, keys=keys, **viewer.params())
        records = await fetch_all(tx, q.VERIFICATIONS_BY_KEY, keys=[r["latest"] for r in latest])
        by_key = {r["verification"]["key"]: r["verification"] for r in records}
        return {r["key"]: by_key[r["latest"]] for r in latest if r["latest"] in by_key}

    return await graph.read(work)


async def observations(graph: Graph, viewer: Viewer, keys: list[str]) -> dict[str, list[dict]]:
    rows = await graph.read(lambda tx: fetch_all(tx, q.OBSERVATIONS, keys=keys, **viewer.params()))
    found: dict[str, list[dict]] = {k: [] for k in keys}
    for row in rows:
        found[row["key"]].append(row["observation"])
    return found
