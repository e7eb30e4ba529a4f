"""How two records are connected: the shortest chains of relationships through what the caller may see.

A bidirectional breadth-first search: each hop is one statement, and the side with the smaller frontier
moves, so a search of length L costs at most L round trips, all in one read transaction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from hub.access import Viewer
from hub.graph.analysis import paths as q
from hub.graph.connection import Graph, fetch_all, fetch_one
from hub.model import NODE_TYPES

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
                      max_length: int = 4, via: list[str] | None = None, limit: int = MAX_PATHS) -> list[Path]:
    vp = viewer.params()
    statement = q.step(via)

    async def search(tx):
        a = await fetch_one(tx, q.start(source[0]), key=source[1], **vp)
        b = await fetch_one(tx, q.start(target[0]), key=target[1], **vp)
        if a is None or b is None:
            return []
        refs = {a["id"]: source, b["id"]: target}
        parents = ({a["id"]: []}, {b["id"]: []})  # per side: node -> edges that reached it at its first level
        frontiers = ([a["id"]], [b["id"]])
        for _ in range(max_length):
            side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
            rows = await fetch_all(tx, statement, ids=frontiers[side], limit=MAX_FRONTIER_EDGES, **vp)
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
