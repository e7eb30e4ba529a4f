"""Loading many records at once (the demo, imports): validated like API input, written in bulk batches.

Records are upserted by key, so loading the same data twice changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from hub.access import Viewer
from hub.graph import bulk
from hub.graph.connection import Graph, fetch_one
from hub.model import RELATIONSHIP_TYPES
from hub.services.records import new_record, now
from hub.validation import ValidationFailed, validate

BATCH = 500


class ImportError_(ValueError):
    """The data set is invalid; the message names the record and the field."""


@dataclass
class Batch:
    nodes: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    links: dict[tuple[str, str, str], list[dict]] = field(default_factory=lambda: defaultdict(list))

    def add_node(self, label: str, key: str, values: dict[str, Any], viewer: Viewer, where: str,
                 owner_key: str | None = None) -> None:
        try:
            props = validate(label, values)
        except ValidationFailed as error:
            raise ImportError_(f"{where}: {error}") from None
        # imported organisations are distinct by their keys: the data set, not name matching, says who is who
        props = new_record(label, key, props, viewer.name, owner_key=owner_key, distinct=True)
        self.nodes[label].append({"key": key, "props": props})

    def add_link(self, rel: str, source: tuple[str, str], target: tuple[str, str], viewer: Viewer,
                 source_note: str | None = None, **extra: Any) -> None:
        spec = RELATIONSHIP_TYPES[rel]
        if not spec.allows(source[0], target[0]):
            raise ImportError_(f"{rel} cannot join {source[0]} to {target[0]}")
        props = {"assertedBy": viewer.name, "assertedAt": now()} | {k: v for k, v in extra.items() if v is not None}
        if source_note:
            props["source"] = source_note
        self.links[(source[0], rel, target[0])].append({"from": source[1], "to": target[1], "props": props})


async def write_batch(graph: Graph, batch: Batch) -> dict[str, int]:
    """Nodes first, then relationships; each chunk of rows is one transaction."""
    counts: dict[str, int] = {}
    for label, rows in batch.nodes.items():
        for start in range(0, len(rows), BATCH):
            chunk = rows[start:start + BATCH]
            await graph.write(lambda tx, c=chunk, lbl=label: fetch_one(tx, bulk.upsert_nodes(lbl), rows=c),
                              retry_constraint=True)
        counts[label] = len(rows)
    for (source, rel, target), rows in batch.links.items():
        for start in range(0, len(rows), BATCH):
            chunk = rows[start:start + BATCH]
            row = await graph.write(lambda tx, c=chunk, s=source, r=rel, t=target: fetch_one(
                tx, bulk.upsert_links(s, r, t), rows=c))
            if row["written"] != len(chunk):
                missing = await _missing_ends(graph, source, target, chunk)
                raise ImportError_(f"{rel} from {source} to {target}: no record with key(s) {', '.join(missing)}")
        counts[rel] = counts.get(rel, 0) + len(rows)
    return counts


async def _missing_ends(graph: Graph, source: str, target: str, rows: list[dict]) -> list[str]:
    keys = {source: {r["from"] for r in rows}, target: {r["to"] for r in rows}}
    missing = []
    for label, wanted in keys.items():
        found = await graph.read(lambda tx, lbl=label, w=sorted(wanted): fetch_one(tx, bulk.existing_keys(lbl), keys=w))
        missing += sorted(f"{label} {k}" for k in wanted - set(found["keys"]))
    return missing


async def actor_count(graph: Graph) -> int:
    row = await graph.read(lambda tx: fetch_one(tx, bulk.COUNT_ACTORS))
    return row["actors"]
