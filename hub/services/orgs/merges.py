"""The review queue of organisation merges (admins): list candidates, confirm (merge), reject, undo.

A confirmed merge moves every relationship of the merged actor to the survivor (one the survivor already has
is kept once), gives it the records and member tokens the merged actor had, keeps the merged actor's names as
the survivor's aliases, and deletes the merged actor. Everything it did is kept on an ActorMerge record (the
merged actor's properties, each relationship with its properties), so `undo` restores the actor and its
relationships exactly. Each of confirm, reject and undo is one transaction with its audit entries; each
checks the version the admin saw, after locking, so two admins deciding the same candidate cannot both win.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field

from neo4j.exceptions import ConstraintError

from hub.access import Viewer
from hub.errors import UserError
from hub.graph import bulk
from hub.graph import merges as q
from hub.graph import nodes as node_q
from hub.graph.connection import Graph, fetch_all, fetch_one
from hub.model import NODE_TYPES
from hub.services import audit, permissions
from hub.services.records import derived, identity_keys, now
from hub.text import normalise

MAX_ALIASES = 50
KINDS = {(rel, outgoing, other) for rel, outgoing, other in q.ACTOR_LINK_KINDS}
SYMMETRIC = {"PARTNERS_WITH"}
_LOCKS = {"lockToken"}


@dataclass
class Outcome:
    candidate: dict | None = None
    merge: dict | None = None
    user_errors: list[UserError] = field(default_factory=list)


class _Abort(Exception):
    def __init__(self, field_name: str, message: str, code: str):
        self.outcome = Outcome(user_errors=[UserError(field_name, message, code)])


def candidate_props(viewer_name: str, survivor_key: str, merged_key: str, spelling: str, score: float,
                    reasons: list[str], source: str) -> dict:
    """A queue entry as an import makes it: the existing actor would survive, the new one would be merged."""
    stamp = now()
    return {"pairKey": f"{survivor_key}|{merged_key}", "props": {
        "key": uuid.uuid4().hex, "pairKey": f"{survivor_key}|{merged_key}", "status": "PENDING", "version": 1,
        "survivorKey": survivor_key, "mergedKey": merged_key, "spelling": spelling[:300], "score": score,
        "reasons": reasons, "source": source[:300], "createdAt": stamp, "createdBy": viewer_name}}


async def candidates(graph: Graph, viewer: Viewer, status: str | None, offset: int, limit: int) -> tuple[list[dict], int]:
    permissions.require_admin(viewer, "only admins review organisation merges")

    async def work(tx):
        total = await fetch_one(tx, q.COUNT_CANDIDATES, status=status)
        rows = await fetch_all(tx, q.CANDIDATES, status=status, skip=offset, limit=limit)
        return [r["candidate"] for r in rows], total["total"]

    return await graph.read(work)


async def merges_by_key(graph: Graph, keys: list[str]) -> dict[str, dict]:
    rows = await graph.read(lambda tx: fetch_all(tx, q.MERGES_BY_KEY, keys=keys))
    return {r["merge"]["key"]: r["merge"] for r in rows}


async def _lock_candidate(tx, key: str, version: int) -> dict:
    row = await fetch_one(tx, q.LOCK_CANDIDATE, key=key, token=uuid.uuid4().hex)
    if row is None:
        raise _Abort("candidateId", "no merge candidate with this id", "NOT_FOUND")
    found = row["candidate"]
    if found["status"] != "PENDING":
        raise _Abort("candidateId", f"this candidate is {found['status']} already (by {found.get('decidedBy') or 'the hub'}, "
                                    f"version {found['version']}); reload the queue", "CONFLICT")
    if int(found["version"]) != version:
        raise _Abort("version", f"the candidate changed since version {version}: it is now at version "
                                f"{found['version']}; reload it", "CONFLICT")
    return found


async def _lock_actor(tx, viewer: Viewer, key: str, field_name: str) -> dict:
    row = await fetch_one(tx, node_q.lock("Actor"), key=key, token=uuid.uuid4().hex, **viewer.params())
    if row is None:
        raise _Abort(field_name, "one of the two actors no longer exists (deleted or merged since); reject the "
                                 "candidate", "CONFLICT")
    return row["node"]


async def reject(graph: Graph, viewer: Viewer, key: str, version: int) -> Outcome:
    permissions.require_admin(viewer, "only admins review organisation merges")

    async def work(tx):
        found = await _lock_candidate(tx, key, version)
        row = await fetch_one(tx, q.SET_CANDIDATE, key=key, changes={
            "status": "REJECTED", "decidedAt": now(), "decidedBy": viewer.name})
        await audit.record(tx, viewer, "REJECT_MERGE", "MergeCandidate", key, before=found, after=row["candidate"])
        return Outcome(candidate=row["candidate"])

    try:
        return await graph.write(work)
    except _Abort as abort:
        return abort.outcome


def _links(rows: list[dict]) -> list[dict]:
    found = []
    for row in rows:
        kind = (row["type"], bool(row["outgoing"]), next((lbl for lbl in row["labels"]
                                                          if (row["type"], bool(row["outgoing"]), lbl) in KINDS), None))
        if kind[2] is None:
            raise _Abort("candidateId", f"the actor has a {row['type']} relationship the hub cannot move; nothing "
                                        "merged", "UNSUPPORTED")
        found.append({"type": kind[0], "outgoing": kind[1], "label": kind[2], "other": row["other"],
                      "props": {k: v for k, v in (row["props"] or {}).items() if k not in ("linkLock",)}})
    return found


def _same_link(a: dict, b: dict) -> bool:
    return a["type"] == b["type"] and a["other"] == b["other"] and a["label"] == b["label"] and (
        a["outgoing"] == b["outgoing"] or a["type"] in SYMMETRIC)


def _survivor_changes(survivor: dict, merged: dict, by: str) -> dict:
    """The merged actor's names become aliases of the survivor; its acronym and identifier fill gaps only."""
    name = normalise(survivor.get("name"))
    seen = {name, normalise(survivor.get("acronym"))}
    aliases = list(survivor.get("aliases") or [])
    seen |= {normalise(a) for a in aliases}
    for spelling in [merged.get("name"), merged.get("acronym"), *(merged.get("aliases") or [])]:
        if spelling and normalise(spelling) not in seen and len(aliases) < MAX_ALIASES:
            aliases.append(spelling)
            seen.add(normalise(spelling))
    changes = {"aliases": aliases, "mergedFrom": list(survivor.get("mergedFrom") or []) + [merged["key"]]}
    if not survivor.get("acronym") and merged.get("acronym"):
        changes["acronym"] = merged["acronym"]
    if not survivor.get("iatiOrgRef") and merged.get("iatiOrgRef"):
        changes["iatiOrgRef"] = merged["iatiOrgRef"]
    after = survivor | changes
    changes |= derived("Actor", after) | {"updatedAt": now(), "updatedBy": by}
    if "acronym" in changes:
        changes |= identity_keys(after, survivor["key"], bool(survivor.get("distinctConfirmed")))
    return changes


async def confirm(graph: Graph, viewer: Viewer, key: str, version: int) -> Outcome:
    permissions.require_admin(viewer, "only admins review organisation merges")

    async def work(tx):
        candidate = await _lock_candidate(tx, key, version)
        survivor_key, merged_key = candidate["survivorKey"], candidate["mergedKey"]
        survivor = await _lock_actor(tx, viewer, survivor_key, "candidateId")
        merged = await _lock_actor(tx, viewer, merged_key, "candidateId")
        merged = {k: v for k, v in merged.items() if k not in _LOCKS}
        theirs = _links(await fetch_all(tx, q.ACTOR_LINKS, key=merged_key, **viewer.params()))
        ours = _links(await fetch_all(tx, q.ACTOR_LINKS, key=survivor_key, **viewer.params()))
        moved = []
        for link in theirs:
            if link["other"] == survivor_key:
                link["fate"] = "dropped"  # between the two actors: it would join the survivor to itself
            elif any(_same_link(link, mine) for mine in ours):
                link["fate"] = "kept"  # the survivor has it already; its own stays
            else:
                link["fate"] = "moved"
                moved.append(link)
        for (rel, outgoing, label), rows in _grouped(moved).items():
            await fetch_one(tx, q.add_links(rel, outgoing, label), key=survivor_key,
                            rows=[{"other": r["other"], "props": r["props"] | {"mergedFrom": merged_key}} for r in rows])
        owned = {}
        for label in q.OWNED_LABELS:
            row = await fetch_one(tx, q.move_owned(label), **{"from": merged_key, "to": survivor_key})
            owned[label] = row["keys"]
        tokens = await fetch_all(tx, q.MOVE_TOKENS, **{"from": merged_key, "to": survivor_key})
        closed = await fetch_one(tx, q.CLOSE_CANDIDATES_OF, key=merged_key, **{"except": key})
        await fetch_one(tx, node_q.delete("Actor"), key=merged_key)
        changes = _survivor_changes(survivor, merged, viewer.name)
        before = {k: survivor.get(k) for k in changes}
        updated = (await fetch_one(tx, node_q.update("Actor"), key=survivor_key, changes=changes))["node"]
        stamp = now()
        merge = {"key": uuid.uuid4().hex, "status": "DONE", "version": 1, "at": stamp, "by": viewer.name,
                 "candidateKey": key, "survivorKey": survivor_key, "mergedKey": merged_key,
                 "mergedName": merged.get("name"), "mergedProps": json.dumps(merged, ensure_ascii=False),
                 "links": json.dumps(theirs, ensure_ascii=False), "movedCount": len(moved),
                 "owned": json.dumps(owned), "tokens": json.dumps([dict(r) for r in tokens]),
                 "closedCandidates": closed["keys"], "survivorBefore": json.dumps(before, ensure_ascii=False),
                 "survivorVersionAfter": updated["version"]}
        merge = (await fetch_one(tx, q.CREATE_MERGE, props=merge))["merge"]
        row = await fetch_one(tx, q.SET_CANDIDATE, key=key, changes={
            "status": "CONFIRMED", "decidedAt": stamp, "decidedBy": viewer.name, "mergeKey": merge["key"]})
        detail = {"merge": merge["key"], "candidate": key, "relationshipsMoved": len(moved)}
        await audit.record_all(tx, [
            audit.entry(viewer, "ABSORB", "Actor", survivor_key, before=survivor, after=updated, detail=detail),
            audit.entry(viewer, "MERGED_INTO", "Actor", merged_key, before=merged, detail=detail | {"into": survivor_key}),
            audit.entry(viewer, "CONFIRM_MERGE", "MergeCandidate", key, before=candidate, after=row["candidate"])])
        return Outcome(candidate=row["candidate"], merge=merge)

    try:
        return await graph.write(work)
    except _Abort as abort:
        return abort.outcome


def _grouped(links: list[dict]) -> dict[tuple[str, bool, str], list[dict]]:
    found: dict[tuple[str, bool, str], list[dict]] = {}
    for link in links:
        found.setdefault((link["type"], link["outgoing"], link["label"]), []).append(link)
    return found


async def undo(graph: Graph, viewer: Viewer, key: str, version: int) -> Outcome:
    permissions.require_admin(viewer, "only admins undo organisation merges")

    async def work(tx):
        row = await fetch_one(tx, q.LOCK_MERGE, key=key, token=uuid.uuid4().hex)
        if row is None:
            raise _Abort("mergeId", "no merge with this id", "NOT_FOUND")
        merge = row["merge"]
        if merge["status"] != "DONE":
            raise _Abort("mergeId", f"this merge was undone already (version {merge['version']})", "CONFLICT")
        if int(merge["version"]) != version:
            raise _Abort("version", f"the merge changed since version {version}: it is now at version "
                                    f"{merge['version']}", "CONFLICT")
        survivor_key, merged_key = merge["survivorKey"], merge["mergedKey"]
        survivor = await _lock_actor(tx, viewer, survivor_key, "mergeId")
        if int(survivor["version"]) != int(merge["survivorVersionAfter"]):
            raise _Abort("mergeId", f"the surviving actor changed after the merge (version {survivor['version']}, "
                                    f"merged at {merge['survivorVersionAfter']}); undoing would overwrite that change",
                         "CONFLICT")
        links = json.loads(merge["links"])
        for label in sorted({link["label"] for link in links} & set(NODE_TYPES)):  # notes and checks stay
            wanted = sorted({link["other"] for link in links if link["label"] == label})
            there = set((await fetch_one(tx, bulk.existing_keys(label), keys=wanted))["keys"])
            gone = [k for k in wanted if k not in there]
            if gone:
                raise _Abort("mergeId", f"{len(gone)} {label.lower()} record(s) the merged actor was linked to "
                                        f"were deleted since; its relationships cannot be restored exactly", "CONFLICT")
        merged = json.loads(merge["mergedProps"])
        await fetch_one(tx, node_q.create("Actor"), props=merged)
        await fetch_one(tx, q.REMOVE_MERGED_LINKS, key=survivor_key, merged=merged_key, **viewer.params())
        for (rel, outgoing, label), rows in _grouped(links).items():
            await fetch_one(tx, q.add_links(rel, outgoing, label), key=merged_key,
                            rows=[{"other": r["other"], "props": r["props"]} for r in rows])
        for label, keys in json.loads(merge["owned"]).items():
            if keys:
                await fetch_all(tx, q.restore_owned(label), keys=keys, to=merged_key)
        await fetch_all(tx, q.RESTORE_TOKENS, rows=json.loads(merge["tokens"]))
        await fetch_all(tx, q.REOPEN_CANDIDATES, keys=merge["closedCandidates"] or [])
        restored = json.loads(merge["survivorBefore"]) | {"updatedAt": now(), "updatedBy": viewer.name}
        updated = (await fetch_one(tx, node_q.update("Actor"), key=survivor_key, changes=restored))["node"]
        done = (await fetch_one(tx, q.SET_MERGE, key=key, changes={
            "status": "UNDONE", "undoneAt": now(), "undoneBy": viewer.name}))["merge"]
        candidate = (await fetch_one(tx, q.SET_CANDIDATE, key=merge["candidateKey"], changes={
            "status": "UNDONE", "decidedAt": now(), "decidedBy": viewer.name}))
        detail = {"merge": key, "restored": merged_key}
        await audit.record_all(tx, [
            audit.entry(viewer, "UNDO_MERGE", "Actor", survivor_key, before=survivor, after=updated, detail=detail),
            audit.entry(viewer, "RESTORE", "Actor", merged_key, after=merged, detail=detail)])
        return Outcome(candidate=candidate["candidate"] if candidate else None, merge=done)

    try:
        return await graph.write(work)
    except _Abort as abort:
        return abort.outcome
    except ConstraintError:
        return Outcome(user_errors=[UserError("mergeId", "another actor has taken the merged actor's name or "
                                                         "acronym since; rename it first", "DUPLICATE")])
