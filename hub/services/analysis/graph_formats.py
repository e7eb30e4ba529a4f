"""A graph view in the formats other tools read: GraphML and GEXF (Gephi) through networkx's own writers, CSV
node and edge lists, and JSON. Each is produced as an iterator of text chunks, so a large graph streams."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import networkx as nx

from hub.ids import to_global_id
from hub.services.analysis.network import GraphView

FORMATS = ("GRAPHML", "GEXF", "JSON", "NODES_CSV", "EDGES_CSV")
MEDIA = {"GRAPHML": "application/graphml+xml", "GEXF": "application/gexf+xml", "JSON": "application/json",
         "NODES_CSV": "text/csv", "EDGES_CSV": "text/csv"}


def _node_rows(view: GraphView) -> Iterator[dict]:
    for node in view.nodes:
        row = {"id": to_global_id(node.label, node.key), "label": node.label, "key": node.key, "name": node.name,
               "kind": node.kind, "depth": node.depth, **node.figures}
        yield {k: v for k, v in row.items() if v is not None}


def _edge_rows(view: GraphView) -> Iterator[dict]:
    for edge in view.edges:
        row = {"source": to_global_id(*edge.source), "target": to_global_id(*edge.target), "type": edge.type,
               "weight": edge.weight}
        if edge.kinds:
            row["kinds"] = ";".join(edge.kinds)
        yield row


def to_networkx(view: GraphView) -> nx.MultiDiGraph:
    """Relationships keep their stored direction and several may join the same two records."""
    graph = nx.MultiDiGraph(capped=view.capped)
    for row in _node_rows(view):
        graph.add_node(row.pop("id"), **row)
    for row in _edge_rows(view):
        graph.add_edge(row.pop("source"), row.pop("target"), **row)
    return graph


def _csv(rows: list[dict], columns: list[str]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _columns(rows: list[dict], first: list[str]) -> list[str]:
    extra = sorted({k for row in rows for k in row} - set(first))
    return first + extra


def _json(view: GraphView) -> Iterator[str]:
    yield '{"capped": ' + json.dumps(view.capped) + ', "nodes": ['
    for i, row in enumerate(_node_rows(view)):
        yield ("," if i else "") + json.dumps(row, ensure_ascii=False)
    yield '], "edges": ['
    for i, row in enumerate(_edge_rows(view)):
        yield ("," if i else "") + json.dumps(row, ensure_ascii=False)
    yield "]}\n"


def render(view: GraphView, fmt: str) -> Iterator[str]:
    if fmt == "GRAPHML":
        return (line + "\n" for line in nx.generate_graphml(to_networkx(view)))
    if fmt == "GEXF":
        return (line + "\n" for line in nx.generate_gexf(to_networkx(view)))
    if fmt == "JSON":
        return _json(view)
    if fmt == "NODES_CSV":
        rows = list(_node_rows(view))
        return _csv(rows, _columns(rows, ["id", "label", "key", "name", "kind", "depth"]))
    if fmt == "EDGES_CSV":
        rows = list(_edge_rows(view))
        return _csv(rows, _columns(rows, ["source", "target", "type", "weight"]))
    raise ValueError(f"unknown graph format {fmt}")
