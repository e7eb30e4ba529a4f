"""graph_migrations/runner.py against a real graph server: order, once-only, checksums, the lock, file naming.

These tests write their own migration chains, so they use a fresh embedded server of their own (one for the
module) instead of the session hub, and wipe its graph before each test (schema stays)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph_migrations.runner import LOCK_NAME, MigrationError, MigrationRunner, discover
from hub.embedded import EmbeddedGraphServer
from hub.graph.connection import Graph, fetch_all, fetch_one

ROOT = Path(__file__).resolve().parents[1]

CHAIN = """
MATCH p = (:__Neo4jMigration {version: 'BASELINE'})-[:MIGRATED_TO*]->(last:__Neo4jMigration)
WHERE NOT (last)-[:MIGRATED_TO]->(:__Neo4jMigration)
RETURN [n IN nodes(p) | n.version] AS chain
"""
RUN_ORDER = "MATCH (l:ProbeLog {name: 'log'}) RETURN l.order AS order"
PER_VERSION = "MATCH (m:__Neo4jMigration) RETURN m.version AS version, count(*) AS n"
PROBES = "MATCH (p:Probe) RETURN p.v AS v, count(*) AS n"
LOCKS = "MATCH (l:__Neo4jMigrationsLock) RETURN count(l) AS n"


def probe(version: str) -> str:
    """A migration that records that it ran, and in which position (two statements, one comment)."""
    return (
        f"// probe for version {version}\n"
        f"CREATE (:Probe {{v: '{version}'}});\n"
        f"MERGE (l:ProbeLog {{name: 'log'}}) ON CREATE SET l.order = [] SET l.order = l.order + ['{version}'];\n"
    )


def write_chain(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


# Deliberately listed out of order; 10 sorts before 2 and 1_1 after 10 as strings.
SEMVER_CHAIN = {
    "V10__c.cypher": probe("10"),
    "V2__b.cypher": probe("2"),
    "V1_1__d.cypher": probe("1_1"),
    "V1__a.cypher": probe("1"),
}
SEMVER_ORDER = ["1", "1_1", "2", "10"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    started = EmbeddedGraphServer(tmp_path_factory.mktemp("migrations") / "data", "hub")
    started.start()
    yield started
    started.stop()


def connect(server: EmbeddedGraphServer) -> Graph:
    return Graph(server.uri, server.credentials.user, server.credentials.password, server.database)


@pytest.fixture(scope="module")
async def module_graph(server):
    graph = connect(server)
    yield graph
    await graph.close()


@pytest.fixture
async def graph(module_graph):
    """The module's graph, emptied of nodes (constraints and indexes stay)."""
    await module_graph.write(lambda tx: fetch_all(tx, "MATCH (n) DETACH DELETE n"))
    return module_graph


async def query(graph: Graph, cypher: str, **params) -> list[dict]:
    return await graph.read(lambda tx: fetch_all(tx, cypher, **params))


async def test_applied_in_semantic_version_order(graph, tmp_path):
    """1, 1.1, 2, 10 - not the string order a directory listing gives - both when run and in the recorded chain."""
    directory = write_chain(tmp_path / "chain", SEMVER_CHAIN)
    assert [m.version for m in discover(directory)] == SEMVER_ORDER

    applied = await MigrationRunner(graph, directory).migrate()

    assert applied == SEMVER_ORDER
    assert await query(graph, RUN_ORDER) == [{"order": SEMVER_ORDER}]
    assert await query(graph, CHAIN) == [{"chain": ["BASELINE", *SEMVER_ORDER]}]
    states = await MigrationRunner(graph, directory).info()
    assert [(s.version, s.state) for s in states] == [(v, "APPLIED") for v in SEMVER_ORDER]
    assert all(s.installed_on for s in states)


async def test_each_migration_applied_once(graph, tmp_path):
    """A restart must not re-run history; a file added later is applied on its own, at the end of the chain."""
    directory = write_chain(tmp_path / "chain", {"V1__a.cypher": probe("1"), "V2__b.cypher": probe("2")})
    runner = MigrationRunner(graph, directory)
    assert [s.state for s in await runner.info()] == ["PENDING", "PENDING"]

    assert await runner.migrate() == ["1", "2"]
    assert await runner.migrate() == []
    assert await runner.pending() == []

    write_chain(directory, {"V3__c.cypher": probe("3")})
    assert await runner.migrate() == ["3"]
    assert await runner.migrate() == []

    assert await query(graph, RUN_ORDER) == [{"order": ["1", "2", "3"]}]
    assert sorted(map(tuple, (r.values() for r in await query(graph, PROBES)))) == [("1", 1), ("2", 1), ("3", 1)]
    assert await query(graph, CHAIN) == [{"chain": ["BASELINE", "1", "2", "3"]}]


async def test_a_migration_inserted_into_the_past_is_refused(graph, tmp_path):
    """A file versioned below what was applied would run out of order on this graph and in order on a new one."""
    directory = write_chain(tmp_path / "chain", {"V1__a.cypher": probe("1"), "V3__c.cypher": probe("3")})
    runner = MigrationRunner(graph, directory)
    await runner.migrate()
    write_chain(directory, {"V2__b.cypher": probe("2")})
    with pytest.raises(MigrationError, match=r"V2__b\.cypher.*below the last applied"):
        await runner.migrate()
    assert await query(graph, RUN_ORDER) == [{"order": ["1", "3"]}]
    assert await query(graph, LOCKS) == [{"n": 0}]


async def test_changed_applied_migration_is_refused(graph, tmp_path):
    """Migrations are history: editing an applied file stops start-up with a message naming the file."""
    directory = write_chain(tmp_path / "chain", {"V1__a.cypher": probe("1"), "V2__b.cypher": probe("2")})
    runner = MigrationRunner(graph, directory)
    await runner.migrate()

    # Line endings alone are not a change (a Windows checkout must not stop the hub).
    path = directory / "V2__b.cypher"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert [s.state for s in await runner.info()] == ["APPLIED", "APPLIED"]

    path.write_text(probe("2") + "CREATE (:Probe {v: 'sneaked in'});\n", encoding="utf-8")
    write_chain(directory, {"V3__c.cypher": probe("3")})
    with pytest.raises(MigrationError, match=r"V2__b\.cypher.*new migration"):
        await runner.pending()
    with pytest.raises(MigrationError, match=r"V2__b\.cypher"):
        await runner.migrate()

    assert [(s.version, s.state) for s in await runner.info()] == [("1", "APPLIED"), ("2", "CHANGED"), ("3", "PENDING")]
    assert await query(graph, RUN_ORDER) == [{"order": ["1", "2"]}], "nothing may be applied after the refusal"
    assert await query(graph, LOCKS) == [{"n": 0}], "a refused migration must release the lock"


async def test_concurrent_runners_apply_each_migration_once(server, graph, tmp_path):
    """Two hubs starting together: the lock lets one migrate while the other waits, then finds nothing to do."""
    directory = write_chain(tmp_path / "chain", SEMVER_CHAIN)
    first, second = connect(server), connect(server)
    try:
        results = await asyncio.gather(
            MigrationRunner(first, directory).migrate(), MigrationRunner(second, directory).migrate()
        )
    finally:
        await first.close()
        await second.close()

    assert sorted(results, key=len) == [[], SEMVER_ORDER]
    per_version = {row["version"]: row["n"] for row in await query(graph, PER_VERSION)}
    assert per_version == {"BASELINE": 1, **{version: 1 for version in SEMVER_ORDER}}
    assert {row["v"]: row["n"] for row in await query(graph, PROBES)} == {v: 1 for v in SEMVER_ORDER}
    assert await query(graph, RUN_ORDER) == [{"order": SEMVER_ORDER}]
    assert await query(graph, CHAIN) == [{"chain": ["BASELINE", *SEMVER_ORDER]}]
    assert await query(graph, LOCKS) == [{"n": 0}]


async def test_lock_held_by_another_hub_is_respected_until_stale(graph, tmp_path):
    """A live lock makes a hub wait and give up with a clear message; a lock left by a crashed hub is broken."""
    directory = write_chain(tmp_path / "chain", {"V1__a.cypher": probe("1")})
    # Make sure the lock's unique constraint exists, as it does once any hub has started.
    await MigrationRunner(graph, write_chain(tmp_path / "empty", {})).migrate()
    plant = "CREATE (:__Neo4jMigrationsLock {id: $id, name: $name, owner: 'other-hub', createdAt: datetime() - duration({seconds: $age})})"

    await graph.write(lambda tx: fetch_all(tx, plant, id="live", name=LOCK_NAME, age=5))
    with pytest.raises(MigrationError, match="another hub holds the migration lock"):
        await MigrationRunner(graph, directory, lock_wait=1.0, stale_lock_age=600).migrate()
    assert await query(graph, "MATCH (l:__Neo4jMigrationsLock) RETURN l.id AS id") == [{"id": "live"}]
    assert await query(graph, RUN_ORDER) == []

    await graph.write(lambda tx: fetch_all(tx, "MATCH (l:__Neo4jMigrationsLock) DELETE l"))
    await graph.write(lambda tx: fetch_all(tx, plant, id="crashed", name=LOCK_NAME, age=3600))
    assert await MigrationRunner(graph, directory, lock_wait=10.0, stale_lock_age=600).migrate() == ["1"]
    assert await query(graph, LOCKS) == [{"n": 0}]


async def test_badly_named_file_is_refused(graph, tmp_path):
    """A file the runner cannot order is an error, not silently skipped."""
    directory = write_chain(tmp_path / "chain", {"V1__a.cypher": probe("1"), "create.cypher": probe("x")})
    with pytest.raises(MigrationError, match=r"create\.cypher does not follow V<version>__<Description>\.cypher"):
        discover(directory)
    with pytest.raises(MigrationError, match=r"create\.cypher"):
        await MigrationRunner(graph, directory).migrate()
    assert await query(graph, RUN_ORDER) == []
    assert await query(graph, LOCKS) == [{"n": 0}]


@pytest.mark.parametrize("name", ["V1-a.cypher", "V1__a-b.cypher", "v1__a.cypher", "V__a.cypher", "V1.cypher"])
def test_other_bad_names_are_refused(tmp_path, name):
    """Near-misses of the naming scheme are refused too."""
    directory = write_chain(tmp_path / "chain", {name: probe("1")})
    with pytest.raises(MigrationError, match="does not follow"):
        discover(directory)


async def test_duplicate_versions_are_refused(graph, tmp_path):
    """V1 and V01 are the same version: which to apply would be a guess."""
    directory = write_chain(tmp_path / "chain", {"V1__a.cypher": probe("1"), "V01__b.cypher": probe("01")})
    with pytest.raises(MigrationError, match=r"two migrations share version .*V0?1__\w+\.cypher, V0?1__\w+\.cypher"):
        discover(directory)
    with pytest.raises(MigrationError, match="share version"):
        await MigrationRunner(graph, directory).migrate()
    assert await query(graph, RUN_ORDER) == []


async def test_project_migrations_apply_on_a_fresh_graph(graph):
    """The shipped migrations run on an empty graph, are all APPLIED, and are idempotent on a second run."""
    expected = [m.version for m in discover()]
    assert expected, "graph_migrations/ has no migration files"
    runner = MigrationRunner(graph)

    assert await runner.migrate() == expected
    assert await runner.migrate() == []
    states = await runner.info()
    assert [(s.version, s.state) for s in states] == [(v, "APPLIED") for v in expected]
    assert await query(graph, CHAIN) == [{"chain": ["BASELINE", *expected]}]
    names = {row["name"] for row in await query(graph, "SHOW CONSTRAINTS YIELD name RETURN name")}
    assert {"actor_key", "theme_key", "migrations_lock_name"} <= names
    themes = await graph.read(lambda tx: fetch_one(tx, "MATCH (t:Theme) RETURN count(t) AS n"))
    assert themes["n"] > 0


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("HUB_")}
    env["HUB_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "hub.cli", "migrate", *args],
        cwd=data_dir.parent,  # no stray .env file
        env=env, capture_output=True, text=True, timeout=300,
    )


def test_cli_migrate_then_info(tmp_path):
    """`hub migrate` applies the shipped migrations to the embedded graph; `hub migrate --info` then lists each APPLIED."""
    data_dir = tmp_path / "hub-data"
    expected = [m.version for m in discover()]

    done = _cli(data_dir)
    assert done.returncode == 0, done.stderr
    assert f"applied {len(expected)} migration(s): {', '.join(expected)}" in done.stdout

    info = _cli(data_dir, "--info")
    assert info.returncode == 0, info.stderr
    lines = [line.split() for line in info.stdout.splitlines() if line.strip()]
    assert [(fields[0], fields[1]) for fields in lines] == [(v, "APPLIED") for v in expected], info.stdout

    again = _cli(data_dir)
    assert again.returncode == 0, again.stderr
    assert "applied 0 migration(s): none pending" in again.stdout
