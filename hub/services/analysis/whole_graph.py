"""The whole graph as the caller may see it: every visible record and every visible relationship between two
visible records, read a page at a time so an export of any size streams.

Records are read type by type in key order (one statement per page); relationships from each page of records
(two statements per page, in one read transaction: the page, then the relationships leaving it). Pages are
separate transactions: a record written during a long export may or may not be in it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

from hub.access import Viewer
from hub.graph.analysis import network as q
from hub.graph.connection import Graph, fetch_all, fetch_one
from hub.model import NODE_TYPES, RELATIONSHIP_TYPES
from hub.services.analysis.network import GraphEdge, GraphNode

PAGE = 500  # 2,000 a page took longer than the 10 s transaction limit on the embedded engine at scale 1
Progress = Callable[[int], None]  # told how many records each page walked


async def count(graph: Graph, viewer: Viewer) -> int:
    """How many records the caller may see: one statement per type."""
    vp = viewer.params()

    async def work(tx):
        return sum([(await fetch_one(tx, q.count_every(label), **vp))["count"] for label in NODE_TYPES])

    return await graph.read(work)


async def _pages(graph: Graph, viewer: Viewer, label: str, then=None):
    """Pages of (records, whatever `then(tx, keys)` reads for them), in key order."""
    vp, after = viewer.params(), ""
    while True:
        async def work(tx, after=after):
            rows = await fetch_all(tx, q.every(label), after=after, limit=PAGE, **vp)
            extra = await then(tx, [r["key"] for r in rows]) if then and rows else []
            return rows, extra

        rows, extra = await graph.read(work)
        if not rows:
            return
        yield rows, extra
        if len(rows) < PAGE:
            return
        after = rows[-1]["key"]


async def nodes(graph: Graph, viewer: Viewer, progress: Progress | None = None) -> AsyncIterator[list[GraphNode]]:
    for label in NODE_TYPES:
        async for rows, _ in _pages(graph, viewer, label):
            if progress:
                progress(len(rows))
            yield [GraphNode.of(label, r) for r in rows]


async def edges(graph: Graph, viewer: Viewer, progress: Progress | None = None) -> AsyncIterator[list[GraphEdge]]:
    params = {"types": list(RELATIONSHIP_TYPES), "labels": list(NODE_TYPES), **viewer.params()}
    for label in NODE_TYPES:
        statement = q.links_from(label)

        async def links(tx, keys, statement=statement):
            return await fetch_all(tx, statement, keys=keys, **params)

        async for rows, found in _pages(graph, viewer, label, links):
            if progress:
                progress(len(rows))
            page = []
            for link in found:
                target = next((x for x in link["labels"] if x in NODE_TYPES), None)
                if target is not None:
                    page.append(GraphEdge(link["type"], (label, link["source"]), (target, link["target"])))
            yield page
