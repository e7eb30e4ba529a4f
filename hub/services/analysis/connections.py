"""How two records are connected: shortest chains of relationships through what the caller may see."""

from __future__ import annotations

from dataclasses import dataclass

from hub.access import Viewer
from hub.graph.analysis import paths as q
from hub.graph.connection import Graph, fetch_all
from hub.model import NODE_TYPES
from hub.services.records import Record

MAX_PATHS = 10


@dataclass
class Step:
    type: str
    from_key: str
    to_key: str
    props: dict


@dataclass
class Path:
    records: list[Record]
    steps: list[Step]


async def connections(graph: Graph, viewer: Viewer, source: tuple[str, str], target: tuple[str, str], *,
                      max_length: int = 4, via: list[str] | None = None, limit: int = MAX_PATHS) -> list[Path]:
    statement = q.shortest_paths(source[0], target[0], max_length, via)
    rows = await graph.read(lambda tx: fetch_all(tx, statement, **{"from": source[1], "to": target[1]},
                                                 limit=limit, **viewer.params()))
    paths = []
    for row in rows:
        records = [Record(next(label for label in labels if label in NODE_TYPES), node)
                   for labels, node in zip(row["labels"], row["nodes"])]
        steps = [Step(*step) for step in zip(row["types"], row["starts"], row["ends"], row["rels"])]
        paths.append(Path(records, steps))
    return paths
