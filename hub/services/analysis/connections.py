"""How two records are connected: the shortest chains of relationships through what the caller may see.

A bidirectional breadth-first search: each hop is one statement, and the side with the smaller frontier
moves, so a search of length L costs at most L round trips, all in one read transaction. As of a past moment,
two more for the relationships removed since (hub.services.history) and, per hop that meets some, one per label
of record at their far ends.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from hub.access import Viewer
from hub.graph.analysis import paths as q
from hub.graph.connection import Graph, fetch_all, fetch_one
from hub.model import NODE_TYPES
from hub.services.history import AsOf, Link, removed_links

MAX_PATHS = 10
MAX_FRONTIER_EDGES = 20_000  # per hop: a hub such as a country is walked through, not exhaustively around


@dataclass(frozen=True)
class Step:
    type: str
    from_ref: tuple[str, str]  # (label, key) in the stored direction
    to_ref: tuple[str, str]


@dataclass
class Path:
    refs: list[tuple[str, str]]  # (label, key) from the first record to the second
    steps: list[Step]


@dataclass(frozen=True)
class _Edge:
    node: str  # element id of the node reached
    via: str  # element id of the node it was reached from
    type: str
    outgoing: bool  # stored direction runs from `via` to `node`


async def connections(graph: Graph, viewer: Viewer, source: tuple[str, str], target: tuple[str, str], *,
                      max_length: int = 4, via: list[str] | None = None, limit: int = MAX_PATHS,
                      as_of: AsOf | None = None) -> list[Path]:
    vp = viewer.params() | (as_of.params() if as_of else {})
    statement = q.step(via, as_of is not None)

    async def search(tx):
        a = await fetch_one(tx, q.start(source[0], as_of is not None), key=source[1], **vp)
        b = await fetch_one(tx, q.start(target[0], as_of is not None), key=target[1], **vp)
        if a is None or b is None:
            return []
        removed: dict[tuple[str, str], list[Link]] = defaultdict(list)
        if as_of is not None:
            for link in await removed_links(tx, as_of, set(via) if via else None):
                removed[link.source].append(link)
                removed[link.target].append(link)
        refs = {a["id"]: source, b["id"]: target}
        parents = ({a["id"]: []}, {b["id"]: []})  # per side: node -> edges that reached it at its first level
        frontiers = ([a["id"]], [b["id"]])
        for _ in range(max_length):
            side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
            rows = await fetch_all(tx, statement, ids=frontiers[side], limit=MAX_FRONTIER_EDGES, **vp)
            if removed:
                rows += await _restored_step(tx, removed, {i: refs[i] for i in frontiers[side]}, vp)
            seen, reached = parents[side], defaultdict(list)
            for row in rows:
                label = next((lbl for lbl in row["labels"] if lbl in NODE_TYPES), None)
                if label is None or row["target"] in seen:
                    continue
                refs[row["target"]] = (label, row["key"])
                reached[row["target"]].append(_Edge(row["target"], row["source"], row["type"], row["outgoing"]))
            seen.update(reached)
            frontiers = (list(reached), frontiers[1]) if side == 0 else (frontiers[0], list(reached))
            meeting = [n for n in reached if n in parents[1 - side]]
            if meeting:
                return _paths(meeting, parents, refs, limit)
            if not reached:
                return []
        return []

    return await graph.read(search)


async def _restored_step(tx, removed: dict, frontier: dict[str, tuple[str, str]], params: dict) -> list[dict]:
    """The neighbours of a frontier through relationships removed since the moment that stood at it: one
    statement per label of their far ends."""
    by_label: dict[str, list[dict]] = defaultdict(list)
    for element_id, ref in frontier.items():
        for link in removed.get(ref, []):
            outgoing = link.source == ref
            far = link.target if outgoing else link.source
            if far[0] in NODE_TYPES:
                by_label[far[0]].append({"id": element_id, "far": far[1], "outgoing": outgoing, "type": link.type})
    rows = []
    for label, items in sorted(by_label.items()):
        rows += await fetch_all(tx, q.restored_step(label), rows=items, **params)
    return rows


def _walks(node: str, parents: dict[str, list[_Edge]], limit: int) -> list[list[_Edge]]:
    """Every way back from node to the side's start, as edges from the start outward."""
    if not parents[node]:
        return [[]]
    found = []
    for edge in parents[node]:
        for walk in _walks(edge.via, parents, limit):
            found.append(walk + [edge])
            if len(found) >= limit:
                return found
    return found


def _paths(meeting: list[str], parents, refs, limit: int) -> list[Path]:
    found: list[Path] = []
    for node in sorted(meeting):
        for head in _walks(node, parents[0], limit):
            for tail in _walks(node, parents[1], limit):
                nodes = [refs[e.via] for e in head] + [refs[node]] + [refs[e.via] for e in reversed(tail)]
                steps = [_step(e, refs) for e in head] + [_step(e, refs) for e in reversed(tail)]
                found.append(Path(nodes, steps))
                if len(found) >= limit:
                    return found
    return found


def _step(edge: _Edge, refs) -> Step:
    ends = (refs[edge.via], refs[edge.node])
    return Step(edge.type, *(ends if edge.outgoing else ends[::-1]))
