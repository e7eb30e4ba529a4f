"""`hub backup` / `hub restore`: the whole graph round-trips with every key, property and relationship, on the
demo and on generated data; a graph that is not empty and a broken file are refused, and a failed restore
leaves the graph empty.

Embedded -> embedded uses two data folders. With HUB_TEST_NEO4J_* set, the round trip also goes embedded ->
Neo4j -> embedded; the Neo4j test database is backed up first, emptied for the round trip, and restored
afterwards (with this same code), so the other tests find it as they left it."""

from __future__ import annotations

import gzip
import json
import os
import sys
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from hub.access import Role, Viewer
from hub.auth import tokens
from hub.graph import hierarchy
from hub.graph.connection import fetch_one
from hub.demo.loader import load_demo
from hub.runtime import Hub
from hub.services import trust
from hub.services.backup import BackupError, Restore, census, read_header, records, write_backup
from hub.services.idempotency import Idempotency
from hub.settings import Settings
from tests import conftest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate  # noqa: E402

ADMIN = Viewer.system("backup test")


@asynccontextmanager
async def embedded_hub(data_dir: Path, *, migrate: bool = True):
    hub = await Hub(Settings(data_dir=data_dir, neo4j_uri=None, _env_file=None)).start(migrate=migrate)
    try:
        yield hub
    finally:
        await hub.stop()


async def snapshot(graph) -> tuple[dict, dict]:
    """Every node by (label, identity) with its properties, every relationship with its properties."""
    nodes, links = {}, {}
    async for line in records(graph):
        if "node" in line:
            props = line["props"]
            nodes[(line["node"], props.get("key", props.get("version")))] = props
        else:
            links[(*line["link"], line["from"], line["to"])] = line["props"]
    return nodes, links


def assert_same_graph(before: tuple, after: tuple) -> None:
    (nodes_a, links_a), (nodes_b, links_b) = before, after
    assert nodes_a.keys() == nodes_b.keys()
    for ident, props in nodes_a.items():  # property by property, so a failure names the record and property
        other = nodes_b[ident]
        assert props.keys() == other.keys(), ident
        for name, value in props.items():
            assert other[name] == value, (ident, name)
    assert links_a == links_b


async def populate(hub) -> None:
    """The demo, generated data, and a record of every other kind the hub keeps: a token (its hash), audit
    entries and a mutation receipt (from a create sent with a clientMutationId), a verification, an observation."""
    await load_demo(hub.graph)
    await generate(hub.graph, scale=0.05, seed=3)
    await tokens.issue(hub.graph, ADMIN, name="backup test token", role=Role.ANALYST, actor_keys=[])
    values = {"name": "Backup Round Trip Foundation", "kind": "CSO", "country": "KG"}
    created = await hub.registry.create("Actor", values, ADMIN,
                                        idempotency=Idempotency.of("backup-1", "createActor", values))
    key = created.record.key
    await trust.verify(hub.graph, ADMIN, key, "registration certificate seen", 365)
    await trust.observe(hub.graph, ADMIN, key, "NOTE", "met at the district forum")


async def test_backup_and_restore_round_trip(tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    file = tmp_path / "graph.jsonl.gz"
    async with embedded_hub(source) as hub:
        await populate(hub)
        header = await write_backup(hub.graph, file)
        counts = await census(hub.graph)
        before = await snapshot(hub.graph)
    assert {label for label, n in header["nodes"].items() if n} >= {
        "Actor", "Initiative", "Location", "Theme", "Mandate", "Need", "Contact", "AuditEntry", "ApiToken",
        "MutationReceipt", "Verification", "Observation", "__Neo4jMigration"}
    assert sum(header["nodes"].values()) == sum(counts.nodes.values()) > 1000
    assert not list(tmp_path.glob(".*.tmp")), "the temporary file was renamed into place"

    async with embedded_hub(target, migrate=False) as hub:
        restored = await Restore(hub.graph, hub.migrate).run(file)
        assert restored == {"nodes": sum(counts.nodes.values()), "relationships": sum(counts.links.values())}
        assert await census(hub.graph) == counts
        assert_same_graph(before, await snapshot(hub.graph))
        stamp = await hub.graph.read(lambda tx: fetch_one(tx, hierarchy.READ))
        assert stamp["stamp"], "a restored graph has a hierarchy stamp of its own (none is backed up)"
        with pytest.raises(BackupError, match="not empty"):
            await Restore(hub.graph, hub.migrate).run(file)
        assert await census(hub.graph) == counts

    if os.environ.get("HUB_TEST_NEO4J_URI"):
        await _through_neo4j(tmp_path, file, counts, before)


async def _through_neo4j(tmp_path: Path, file: Path, counts, before) -> None:
    """embedded -> Neo4j -> embedded, keeping the Neo4j test database's own contents."""
    kept, back = tmp_path / "neo4j-before.jsonl.gz", tmp_path / "from-neo4j.jsonl.gz"
    neo4j = await Hub(conftest.test_settings(tmp_path / "unused")).start()
    try:
        await write_backup(neo4j.graph, kept)
        restore = Restore(neo4j.graph, neo4j.migrate)
        await restore.clear()
        try:
            await restore.run(file)
            assert await census(neo4j.graph) == counts
            assert_same_graph(before, await snapshot(neo4j.graph))
            await write_backup(neo4j.graph, back)
        finally:
            await restore.clear()
            await restore.run(kept)
    finally:
        await neo4j.stop()
    async with embedded_hub(tmp_path / "again", migrate=False) as hub:
        await Restore(hub.graph, hub.migrate).run(back)
        assert await census(hub.graph) == counts
        assert_same_graph(before, await snapshot(hub.graph))


def _rewrite(source: Path, target: Path, change) -> None:
    with gzip.open(source, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    with gzip.open(target, "wt", encoding="utf-8") as out:
        for row in change(rows):
            out.write(json.dumps(row) + "\n")


async def test_a_failed_restore_leaves_the_graph_empty_and_restorable(tmp_path):
    good, broken, truncated = tmp_path / "good.gz", tmp_path / "broken.gz", tmp_path / "truncated.gz"
    async with embedded_hub(tmp_path / "source") as source:
        await load_demo(source.graph)
        await write_backup(source.graph, good)
        counts = await census(source.graph)

    def dangling(rows):  # a relationship to a place the backup does not hold, after most records are written
        link = next(r for r in reversed(rows) if r.get("link", [None])[0] == "Location")
        link["to"] = "NO-SUCH-PLACE"
        return rows

    _rewrite(good, broken, dangling)
    _rewrite(good, truncated, lambda rows: rows[:-1])
    async with embedded_hub(tmp_path / "target", migrate=False) as target:
        restore = Restore(target.graph, target.migrate)
        for bad, reason in ((broken, "name a node the backup does not hold"), (truncated, "truncated")):
            with pytest.raises(BackupError, match=reason) as refused:
                await restore.run(bad)
            assert "the graph is empty again" in str(refused.value)
            assert sum((await census(target.graph)).nodes.values()) == 0
        await restore.run(good)
        assert await census(target.graph) == counts
        with pytest.raises(BackupError, match="not empty"):
            await restore.run(good)
        assert await census(target.graph) == counts


def test_files_that_are_not_backups_are_refused_before_anything_is_written(tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("MATCH (n) DETACH DELETE n\n")
    with pytest.raises(BackupError, match="gzip"):
        read_header(plain)
    cases = {
        "other.gz": ({"format": "something-else", "version": 1}, "not a coordination hub backup"),
        "future.gz": ({"format": "coordination-hub-backup", "version": 99}, "format version 99"),
        "newer.gz": ({"format": "coordination-hub-backup", "version": 1, "migrations": ["9999"], "nodes": {},
                      "relationships": {}}, "newer hub"),
        "label.gz": ({"format": "coordination-hub-backup", "version": 1, "migrations": [],
                      "nodes": {"Person) DETACH DELETE (n": 1}, "relationships": {}}, "does not know"),
    }
    for name, (header, reason) in cases.items():
        path = tmp_path / name
        with gzip.open(path, "wt", encoding="utf-8") as out:
            out.write(json.dumps(header) + "\n")
        with pytest.raises(BackupError, match=reason):
            read_header(path)
