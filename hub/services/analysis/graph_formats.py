"""A graph in the formats other tools read: GraphML, GEXF (Gephi), CSV node and edge lists, and JSON.

Every format is written record by record (nodes first, then edges) by a small writer of its own, so a graph of any
size streams in chunks without being held as one document: networkx's writers build the whole XML tree first.
networkx's readers read every format back in the tests.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from hub.ids import to_global_id
from hub.services.analysis.network import GraphEdge, GraphNode, GraphView
from hub.xml_text import xml_text

FORMATS = ("GRAPHML", "GEXF", "JSON", "NODES_CSV", "EDGES_CSV")
MEDIA = {"GRAPHML": "application/graphml+xml", "GEXF": "application/gexf+xml", "JSON": "application/json",
         "NODES_CSV": "text/csv", "EDGES_CSV": "text/csv"}
CHUNK = 65536

NODE_COLUMNS = [("label", "string"), ("key", "string"), ("name", "string"), ("kind", "string"), ("acronym", "string"),
                ("otherNames", "string")]
DEPTH = [("depth", "long")]
FIGURES = [("degree", "long"), ("strength", "double"), ("betweenness", "double"), ("community", "long")]
EDGE_COLUMNS = [("type", "string"), ("weight", "double")]
KINDS = [("kinds", "string")]


@dataclass
class Columns:
    """The attributes every node and edge may carry, declared up front as GraphML, GEXF and CSV need them."""
    nodes: list[tuple[str, str]]
    edges: list[tuple[str, str]]


WHOLE = Columns(NODE_COLUMNS, EDGE_COLUMNS)


def columns_of(view: GraphView) -> Columns:
    measured = any(n.figures for n in view.nodes)
    return Columns(NODE_COLUMNS + DEPTH + (FIGURES if measured else []), EDGE_COLUMNS + (KINDS if measured else []))


def node_row(node: GraphNode) -> dict:
    """otherNames stays a list in JSON; the other formats join it with ";" (_text)."""
    row = {"id": to_global_id(node.label, node.key), "label": node.label, "key": node.key, "name": node.name,
           "kind": node.kind, "acronym": node.acronym, "otherNames": node.other_names or None, "depth": node.depth,
           **node.figures}
    return {k: v for k, v in row.items() if v is not None}


def edge_row(edge: GraphEdge) -> dict:
    row = {"source": to_global_id(*edge.source), "target": to_global_id(*edge.target), "type": edge.type,
           "weight": edge.weight}
    if edge.kinds:
        row["kinds"] = ";".join(edge.kinds)
    return row


def _text(value) -> str:
    """A value as GraphML and GEXF write it (escaped by the caller); ids are base64 and need none of this."""
    if isinstance(value, list):
        value = ";".join(map(str, value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return xml_text(str(value))


class _Writer:
    """start, each node, between, each edge, end: each returns text to write."""
    nodes = edges = True

    def __init__(self, columns: Columns, capped: bool):
        self.columns, self.capped = columns, capped

    def start(self) -> str:
        return ""

    def node(self, row: dict) -> str:
        return ""

    def between(self) -> str:
        return ""

    def edge(self, row: dict) -> str:
        return ""

    def end(self) -> str:
        return ""


class _GraphML(_Writer):
    def start(self) -> str:
        keys = [("graph", "capped", "boolean")] + [("node", n, t) for n, t in self.columns.nodes] + \
            [("edge", n, t) for n, t in self.columns.edges]
        self.ids = {(scope, name): f"d{i}" for i, (scope, name, _t) in enumerate(keys)}
        head = ["<?xml version='1.0' encoding='utf-8'?>\n"
                '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/'
                'xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n']
        head += [f'  <key id="{self.ids[s, n]}" for="{s}" attr.name="{n}" attr.type="{t}" />\n' for s, n, t in keys]
        head.append('  <graph edgedefault="directed">\n'
                    f'    <data key="{self.ids["graph", "capped"]}">{_text(self.capped)}</data>\n')
        return "".join(head)

    def _data(self, scope: str, row: dict, columns) -> str:
        return "".join(f'      <data key="{self.ids[scope, n]}">{escape(_text(row[n]))}</data>\n'
                       for n, _t in columns if n in row)

    def node(self, row: dict) -> str:
        return f"    <node id={quoteattr(row['id'])}>\n{self._data('node', row, self.columns.nodes)}    </node>\n"

    def edge(self, row: dict) -> str:
        return (f"    <edge source={quoteattr(row['source'])} target={quoteattr(row['target'])}>\n"
                f"{self._data('edge', row, self.columns.edges)}    </edge>\n")

    def end(self) -> str:
        return "  </graph>\n</graphml>\n"


class _GEXF(_Writer):
    """GEXF 1.2: a node's label is its name (what Gephi shows on it; its key when it has none) and its record type
    the attribute `type` (the other formats' `label`); an edge's relationship type is the attribute `type` (GEXF's
    own edge type is the direction)."""
    TYPES = {"long": "long", "double": "double", "string": "string"}

    def start(self) -> str:
        self.edge_count = 0
        node_columns = [("type" if n == "label" else n, t) for n, t in self.columns.nodes]
        self.node_ids = {n: str(i) for i, (n, _t) in enumerate(node_columns)}
        self.edge_ids = {n: str(i) for i, (n, _t) in enumerate(self.columns.edges) if n != "weight"}
        head = ["<?xml version='1.0' encoding='utf-8'?>\n"
                '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
                'version="1.2">\n  <meta>\n    <creator>coordination hub</creator>\n  </meta>\n'
                '  <graph defaultedgetype="directed" mode="static">\n    <attributes class="node" mode="static">\n']
        head += [f'      <attribute id="{self.node_ids[n]}" title="{n}" type="{self.TYPES[t]}" />\n'
                 for n, t in node_columns]
        head.append('    </attributes>\n    <attributes class="edge" mode="static">\n')
        head += [f'      <attribute id="{self.edge_ids[n]}" title="{n}" type="{self.TYPES[t]}" />\n'
                 for n, t in self.columns.edges if n in self.edge_ids]
        head.append("    </attributes>\n    <nodes>\n")
        return "".join(head)

    @staticmethod
    def _values(row: dict, ids: dict) -> str:
        values = "".join(f'          <attvalue for="{ids[n]}" value={quoteattr(_text(row[n]))} />\n'
                         for n in ids if n in row)
        return f"        <attvalues>\n{values}        </attvalues>\n" if values else ""

    def node(self, row: dict) -> str:
        row = {**row, "type": row["label"]}
        label = _text(row.get("name") or row.get("key") or row["id"])
        return (f"      <node id={quoteattr(row['id'])} label={quoteattr(label)}>\n"
                f"{self._values(row, self.node_ids)}      </node>\n")

    def between(self) -> str:
        return "    </nodes>\n    <edges>\n"

    def edge(self, row: dict) -> str:
        self.edge_count += 1
        return (f'      <edge id="{self.edge_count - 1}" source={quoteattr(row["source"])} '
                f'target={quoteattr(row["target"])} weight="{_text(row["weight"])}">\n'
                f"{self._values(row, self.edge_ids)}      </edge>\n")

    def end(self) -> str:
        return "    </edges>\n  </graph>\n</gexf>\n"


class _JSON(_Writer):
    def start(self) -> str:
        self.first = True
        return '{"capped": ' + json.dumps(self.capped) + ', "nodes": ['

    def _item(self, row: dict) -> str:
        text = ("" if self.first else ",") + json.dumps(row, ensure_ascii=False)
        self.first = False
        return text

    node = edge = _item

    def between(self) -> str:
        self.first = True
        return '], "edges": ['

    def end(self) -> str:
        return "]}\n"


class _CSV(_Writer):
    def __init__(self, columns: Columns, capped: bool, of: str):
        super().__init__(columns, capped)
        self.nodes, self.edges = of == "nodes", of == "edges"
        names = ["id"] + [n for n, _t in columns.nodes] if self.nodes else \
            ["source", "target"] + [n for n, _t in columns.edges]
        self.buffer = io.StringIO()
        self.writer = csv.DictWriter(self.buffer, fieldnames=names, extrasaction="ignore", lineterminator="\n")

    def _flush(self) -> str:
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text

    def start(self) -> str:
        self.writer.writeheader()
        return self._flush()

    def _row(self, row: dict) -> str:
        self.writer.writerow({k: ";".join(v) if isinstance(v, list) else v for k, v in row.items()})
        return self._flush()

    node = edge = _row


def writer(fmt: str, columns: Columns, capped: bool = False) -> _Writer:
    if fmt == "GRAPHML":
        return _GraphML(columns, capped)
    if fmt == "GEXF":
        return _GEXF(columns, capped)
    if fmt == "JSON":
        return _JSON(columns, capped)
    if fmt in ("NODES_CSV", "EDGES_CSV"):
        return _CSV(columns, capped, "nodes" if fmt == "NODES_CSV" else "edges")
    raise ValueError(f"unknown graph format {fmt}")


def _pieces(w: _Writer, nodes: Iterable[GraphNode], edges: Iterable[GraphEdge]) -> Iterator[str]:
    yield w.start()
    if w.nodes:
        yield from (w.node(node_row(n)) for n in nodes)
    yield w.between()
    if w.edges:
        yield from (w.edge(edge_row(e)) for e in edges)
    yield w.end()


def _chunked(pieces: Iterable[str]) -> Iterator[str]:
    buffer, size = [], 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= CHUNK:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)


def render(view: GraphView, fmt: str) -> Iterator[str]:
    """A view held in memory (a neighbourhood, a network), in chunks."""
    return _chunked(_pieces(writer(fmt, columns_of(view), view.capped), view.nodes, view.edges))


async def stream(fmt: str, columns: Columns, nodes: AsyncIterable[list[GraphNode]],
                 edges: AsyncIterable[list[GraphEdge]]) -> AsyncIterator[str]:
    """A graph read page by page: pages of nodes, then pages of edges, each source read only when the format
    needs it (an edge list never reads the nodes)."""
    w = writer(fmt, columns)
    # each part: whether the format has it, its pages, how a record is written, what closes it (called in turn:
    # a writer may keep state across them)
    parts = ((w.nodes, nodes, lambda n: w.node(node_row(n)), w.between),
             (w.edges, edges, lambda e: w.edge(edge_row(e)), w.end))
    pieces = [w.start()]
    for wanted, pages, write, closing in parts:
        if wanted:
            async for page in pages:
                pieces += map(write, page)
                if sum(map(len, pieces)) >= CHUNK:
                    yield "".join(pieces)
                    pieces = []
        pieces.append(closing())
    yield "".join(pieces)
