"""Backing up the whole graph to one file and restoring it into an empty graph, on either engine.

The file is gzip-compressed JSON lines (docs/backup-format.md): a header (format, version, migrations,
counts per label and per relationship kind), one line per node, one per relationship, and a trailer with
the totals. It is read and written as a stream, never held in memory whole. Nodes are identified by their
stable key (a migration by its version), never by an engine's internal id, so a backup taken from the
embedded engine restores into Neo4j and back with every key, and so every global ID, kept.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import tempfile
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j.time

from graph_migrations.runner import discover
from hub.graph import backup as q
from hub.graph.connection import Graph, fetch_all, fetch_one

FORMAT = "coordination-hub-backup"
VERSION = 1
PAGE = 2000  # nodes (or start nodes) read per statement
BATCH = 2000  # nodes or relationships written per statement


class BackupError(RuntimeError):
    """The backup could not be written, or the file cannot be restored; the message says why."""


@dataclass
class Census:
    """What a graph holds: nodes per label and relationships per (from label, type, to label)."""

    nodes: Counter = field(default_factory=Counter)
    links: Counter = field(default_factory=Counter)


def link_name(source: str, rel_type: str, target: str) -> str:
    return f"{source}-{rel_type}-{target}"


async def census(graph: Graph) -> Census:
    """Counted without the tables of hub.graph.backup, so that anything they do not know shows up; the labels
    never backed up (SKIPPED_LABELS: a lock, the hierarchies' stamp) are left out."""
    nodes = await graph.read(lambda tx: fetch_all(tx, q.NODE_CENSUS))
    links = await graph.read(lambda tx: fetch_all(tx, q.LINK_CENSUS))
    found = Census()
    for row in nodes:
        label = ":".join(sorted(row["labels"]))
        if label not in q.SKIPPED_LABELS:
            found.nodes[label] += row["count"]
    for row in links:
        found.links[link_name(":".join(sorted(row["source"])), row["type"], ":".join(sorted(row["target"])))] += row["count"]
    return found


# -- values -------------------------------------------------------------------------------------------------



def encode(value: Any) -> Any:
    """A property value as JSON; temporal values tagged so they come back as the same type."""
    if isinstance(value, neo4j.time.DateTime):
        return {"$datetime": value.iso_format()} if value.tzinfo is not None else {"$localdatetime": value.iso_format()}
    if isinstance(value, neo4j.time.Date):
        return {"$date": value.iso_format()}
    if isinstance(value, neo4j.time.Time):
        return {"$time": value.iso_format()} if value.tzinfo is not None else {"$localtime": value.iso_format()}
    if isinstance(value, neo4j.time.Duration):
        return {"$duration": [value.months, value.days, value.seconds, value.nanoseconds]}
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return encode(_from_native(value))
    if isinstance(value, (bytes, bytearray)):
        return {"$bytes": bytes(value).hex()}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, float) and value != value:
        raise BackupError("a property holds NaN, which a backup cannot carry")
    return value


def _from_native(value):
    if isinstance(value, dt.datetime):
        return neo4j.time.DateTime.from_native(value)
    if isinstance(value, dt.date):
        return neo4j.time.Date.from_native(value)
    return neo4j.time.Time.from_native(value)


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if len(value) != 1:
            raise BackupError(f"unexpected property value {value!r}")
        (tag, text), = value.items()
        if tag in ("$datetime", "$localdatetime"):
            return neo4j.time.DateTime.from_iso_format(text)
        if tag == "$date":
            return neo4j.time.Date.from_iso_format(text)
        if tag in ("$time", "$localtime"):
            return neo4j.time.Time.from_iso_format(text)
        if tag == "$duration":
            months, days, seconds, nanoseconds = text
            return neo4j.time.Duration(months=months, days=days, seconds=seconds, nanoseconds=nanoseconds)
        if tag == "$bytes":
            return bytes.fromhex(text)
        raise BackupError(f"unknown property value tag {tag!r}")
    return value


def _props(props: dict) -> dict:
    return {k: encode(v) for k, v in sorted(props.items())}


def _unprops(props: dict) -> dict:
    return {k: decode(v) for k, v in props.items()}


# -- reading the graph --------------------------------------------------------------------------------------

async def records(graph: Graph) -> AsyncIterator[dict]:
    """Every node, then every relationship, as the lines of a backup (an async generator, page by page)."""
    for label, key in q.IDENTITY.items():
        after = None
        while True:
            rows = await graph.read(lambda tx, a=after: fetch_all(tx, q.node_page(label), after=a, limit=PAGE))
            for row in rows:
                yield {"node": label, "props": _props(row["props"])}
            if len(rows) < PAGE:
                break
            after = rows[-1]["props"][key]
    for source, rel_type, target in q.LINKS:
        after = None
        while True:
            rows = await graph.read(lambda tx, a=after: fetch_all(tx, q.link_page(source, rel_type, target),
                                                                 after=a, limit=PAGE))
            for row in rows:
                for link in sorted(row["links"], key=lambda x: str(x["to"])):
                    yield {"link": [source, rel_type, target], "from": row["from"], "to": link["to"],
                           "props": _props(link["props"] or {})}
            if len(rows) < PAGE:
                break
            after = rows[-1]["from"]


def _expected(found: Census) -> tuple[dict, dict]:
    """The counts a backup must carry; anything the backup tables do not know is refused."""
    nodes = {label: found.nodes.get(label, 0) for label in q.IDENTITY}
    unknown = [f"{n} node(s) labelled {label or '(no label)'}" for label, n in found.nodes.items()
               if label not in q.IDENTITY]
    links = {link_name(*link): found.links.get(link_name(*link), 0) for link in q.LINKS}
    unknown += [f"{n} relationship(s) {name}" for name, n in found.links.items() if name not in links]
    if unknown:
        raise BackupError("the graph holds what this version of the hub cannot back up: " + "; ".join(unknown))
    return nodes, links


async def migrations(graph: Graph) -> list[str]:
    rows = await graph.read(lambda tx: fetch_all(tx, q.node_page("__Neo4jMigration"), after=None, limit=10_000))
    return sorted(row["props"]["version"] for row in rows if row["props"]["version"] != "BASELINE")


async def write_backup(graph: Graph, path: Path) -> dict:
    """Writes the backup to a temporary file beside `path`, then renames it into place: a crash leaves either
    the previous file or the complete new one. Returns the header. Take it while nothing writes to the graph
    (pages are read in separate transactions); a graph that changed meanwhile fails the count check."""
    path = Path(path)
    nodes, links = _expected(await census(graph))
    header = {"format": FORMAT, "version": VERSION, "createdAt": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
              "migrations": await migrations(graph), "nodes": nodes, "relationships": links}
    written_nodes: Counter = Counter()
    written_links: Counter = Counter()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(handle, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6) as out:
            out.write(_line(header))
            async for record in records(graph):
                if "node" in record:
                    written_nodes[record["node"]] += 1
                else:
                    written_links[link_name(*record["link"])] += 1
                out.write(_line(record))
            out.write(_line({"end": True, "nodes": sum(written_nodes.values()),
                             "relationships": sum(written_links.values())}))
            out.flush()
            raw.flush()
            os.fsync(raw.fileno())
        changed = [k for k in nodes if nodes[k] != written_nodes[k]] + [k for k in links if links[k] != written_links[k]]
        if changed:
            raise BackupError(f"the graph changed while it was backed up ({', '.join(changed)}); "
                              "take the backup while nothing writes to it")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return header


def _line(record: dict) -> bytes:
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


# -- restoring ----------------------------------------------------------------------------------------------

def read_lines(path: Path) -> Iterator[dict]:
    """The backup's lines, decompressed as they are read."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                try:
                    yield json.loads(line)
                except ValueError:
                    raise BackupError(f"{path}: line {number} is not JSON") from None
    except (OSError, EOFError) as error:  # gzip.BadGzipFile is an OSError; EOFError: a truncated file
        raise BackupError(f"{path}: cannot be read as a gzip file ({error})") from None


def read_header(path: Path) -> dict:
    header = next(read_lines(path), None)
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(f"{path}: not a coordination hub backup (no '{FORMAT}' header)")
    if header.get("version") != VERSION:
        raise BackupError(f"{path}: backup format version {header.get('version')}; this hub reads version {VERSION}")
    unknown_labels = set(header.get("nodes", {})) - set(q.IDENTITY)
    unknown_links = set(header.get("relationships", {})) - {link_name(*link) for link in q.LINKS}
    if unknown_labels or unknown_links:
        raise BackupError(f"{path}: holds records this version of the hub does not know: "
                          f"{', '.join(sorted(unknown_labels | unknown_links))}")
    known = {m.version for m in discover()}
    newer = [v for v in header.get("migrations", []) if v not in known]
    if newer:
        raise BackupError(f"{path}: written by a newer hub (migrations {', '.join(newer)}); upgrade the hub first")
    return header


class Restore:
    """Loads a backup into a graph that holds nothing of its own (only what `hub migrate` seeds, which is
    replaced). All or nothing: if the load fails, everything it wrote is deleted and the graph is empty again."""

    def __init__(self, graph: Graph, migrate):
        self.graph = graph
        self.migrate = migrate  # a coroutine function applying the migrations (Hub.migrate)

    async def run(self, path: Path) -> dict:
        path = Path(path)
        header = read_header(path)
        own = await self.graph.read(lambda tx: fetch_one(tx, q.OWN_RECORDS))
        if own["count"]:
            raise BackupError(f"the graph is not empty ({own['count']} records): restore only into an empty graph "
                              "(a new data folder, or an empty Neo4j database)")
        await self.migrate()  # constraints and indexes, before the data: the relationships find their ends by key
        await self.clear()
        try:
            counts = await self._load(path, header)
        except BaseException as error:
            await self.clear()
            if isinstance(error, BackupError):
                raise BackupError(f"{error}; nothing was restored, the graph is empty again") from None
            raise
        await self.migrate()  # migrations newer than the backup, and derived properties
        return counts

    async def clear(self) -> None:
        """Deletes every node, in batches (the schema stays)."""
        while (await self.graph.write(lambda tx: fetch_one(tx, q.DELETE_BATCH, limit=BATCH)))["deleted"]:
            pass

    async def _load(self, path: Path, header: dict) -> dict:
        nodes: Counter = Counter()
        links: Counter = Counter()
        batch: list[dict] = []
        kind: tuple | None = None
        trailer = None
        link_kinds = {link_name(*link): link for link in q.LINKS}
        for number, line in enumerate(read_lines(path), 1):
            if number == 1:
                continue
            if trailer is not None:
                raise BackupError(f"{path}: line {number} follows the end line")
            if line.get("end"):
                trailer = line
                continue
            if "node" in line:
                label = line["node"]
                if label not in q.IDENTITY:
                    raise BackupError(f"{path}: line {number}: unknown label {label!r}")
                if links:
                    raise BackupError(f"{path}: line {number}: a node after the relationships")
                this, row = ("node", label), _unprops(line["props"])
                nodes[label] += 1
            elif "link" in line:
                name = link_name(*line["link"]) if isinstance(line["link"], list) and len(line["link"]) == 3 else None
                if name not in link_kinds:
                    raise BackupError(f"{path}: line {number}: unknown relationship {line['link']!r}")
                this, row = ("link", *link_kinds[name]), {"from": line["from"], "to": line["to"],
                                                           "props": _unprops(line["props"])}
                links[name] += 1
            else:
                raise BackupError(f"{path}: line {number}: neither a node nor a relationship")
            if kind != this or len(batch) >= BATCH:
                await self._write(kind, batch, path)
                kind, batch = this, []
            batch.append(row)
        await self._write(kind, batch, path)
        if trailer is None:
            raise BackupError(f"{path}: the file ends before its end line (truncated)")
        expected_nodes = {k: v for k, v in header["nodes"].items() if v}
        expected_links = {k: v for k, v in header["relationships"].items() if v}
        if dict(nodes) != expected_nodes or dict(links) != expected_links:
            raise BackupError(f"{path}: the records do not add up to the counts of its header")
        return {"nodes": sum(nodes.values()), "relationships": sum(links.values())}

    async def _write(self, kind: tuple | None, batch: list[dict], path: Path) -> None:
        if not batch:
            return
        statement = q.create_nodes(kind[1]) if kind[0] == "node" else q.create_links(*kind[1:])
        written = await self.graph.write(lambda tx: fetch_one(tx, statement, rows=batch))
        if written["written"] != len(batch):
            raise BackupError(f"{path}: {len(batch) - written['written']} {link_name(*kind[1:])} relationship(s) "
                              "name a node the backup does not hold")
