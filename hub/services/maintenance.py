"""Keeping derived properties complete for records written by migrations or other tools."""

from __future__ import annotations

from collections import defaultdict

from hub.graph import nodes as node_q
from hub.graph.connection import Graph, fetch_all
from hub.model import NODE_TYPES
from hub.services.records import derived


async def refresh_derived(graph: Graph) -> int:
    """Adds search terms and sort names where missing (e.g. the themes of the taxonomy migration)."""
    total = 0
    while True:
        rows = await graph.read(lambda tx: fetch_all(tx, node_q.MISSING_SEARCH_TERMS, labels=list(NODE_TYPES)))
        if not rows:
            return total
        by_label: dict[str, list[dict]] = defaultdict(list)
        for row in rows:
            label = next(label for label in row["labels"] if label in NODE_TYPES)
            props = dict(row["node"])
            natural = NODE_TYPES[label].key_field
            extra = {natural: props.get(natural) or props["key"]} if natural else {}
            by_label[label].append({"key": props["key"], "props": derived(label, props | extra) | extra})
        for label, batch in by_label.items():
            await graph.write(lambda tx, lbl=label, b=batch: fetch_all(tx, node_q.set_derived(lbl), rows=b))
        total += len(rows)
