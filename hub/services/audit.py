"""Writing and reading the audit trail: who changed what, when, from what to what."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from hub.access import Viewer
from hub.graph import audit as q
from hub.graph.connection import Graph, fetch_all, fetch_one
from hub.services.records import now
from hub.services import permissions

# Derived and housekeeping properties say nothing a reader of the trail needs.
_HIDDEN = {"searchTerms", "sortName", "identityKey", "acronymKey", "lockToken", "linkLock"}


def snapshot(props: dict | None) -> str | None:
    if props is None:
        return None
    return json.dumps({k: v for k, v in sorted(props.items()) if k not in _HIDDEN}, ensure_ascii=False, default=str)


def entry(viewer: Viewer, action: str, label: str, key: str, before: dict | None = None,
          after: dict | None = None, detail: dict | None = None, scope: dict | None = None) -> dict:
    """One audit entry, to write with record_all. scope: a deletion's tombstone properties (the record's
    access properties and the keys of its places, themes and actors: hub.graph.feed.deletion_scope)."""
    found = {"key": uuid.uuid4().hex, "at": now(), "by": viewer.name, "role": viewer.role.value, "action": action,
             "label": label, "recordKey": key, "before": snapshot(before), "after": snapshot(after),
             "detail": json.dumps(detail, ensure_ascii=False) if detail else None} | (scope or {})
    return {k: v for k, v in found.items() if v is not None}


async def record_all(tx, entries: list[dict]) -> None:
    """Call inside the changing transaction, so a change and its entries commit or fail together."""
    await fetch_all(tx, q.RECORD, entries=entries)


async def record(tx, viewer: Viewer, action: str, label: str, key: str, before: dict | None = None,
                 after: dict | None = None, detail: dict | None = None, scope: dict | None = None) -> None:
    """Call inside the changing transaction, so a change and its entry commit or fail together."""
    await record_all(tx, [entry(viewer, action, label, key, before, after, detail, scope)])


@dataclass
class AuditPage:
    entries: list[dict[str, Any]]
    total: int
    offset: int


async def trail(graph: Graph, viewer: Viewer, *, record_key: str | None, by: str | None, offset: int, limit: int) -> AuditPage:
    permissions.require_admin(viewer, "only admins read the audit trail")

    async def work(tx):
        total = await fetch_one(tx, q.COUNT, recordKey=record_key, by=by)
        rows = await fetch_all(tx, q.PAGE, recordKey=record_key, by=by, skip=offset, limit=limit)
        return total["total"], rows

    total, rows = await graph.read(work)
    return AuditPage([row["entry"] for row in rows], total, offset)
