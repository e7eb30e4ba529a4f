"""Pins each known difference between the embedded engine (ArcadeDB over Bolt) and Neo4j 5.

docs/engine-differences.md explains each one: what Neo4j does, what the embedded engine does, what the hub does
about it. Tests of a difference run on the embedded engine and are skipped against Neo4j (HUB_TEST_NEO4J_URI),
where Neo4j's behaviour applies. Tests named *_on_both_engines pin behaviour the hub relies on that is the same on
both, and run everywhere. When the engine is upgraded and a test here fails, update the document with it.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import time
import uuid

import pytest
from neo4j.exceptions import ClientError, ConstraintError, CypherSyntaxError, CypherTypeError, TransientError

from hub.graph.connection import fetch_one

embedded_only = pytest.mark.skipif(
    bool(os.environ.get("HUB_TEST_NEO4J_URI")),
    reason="difference of the embedded engine; against Neo4j (HUB_TEST_NEO4J_URI) Neo4j's behaviour applies",
)

CONCEALED = "The request failed. Check the server log for the details"


@pytest.fixture
async def label(hub):
    """A throwaway label of the test's own; its nodes, constraints and indexes are dropped afterwards."""
    name = f"EngineProbe_{uuid.uuid4().hex[:8]}"
    yield name
    await run(hub, f"MATCH (n:`{name}`) DETACH DELETE n")
    for row in await run(hub, "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes RETURN name, type, labelsOrTypes"):
        # Property-type entries the engine creates on its own cannot be dropped (see the type-fixing test).
        if name in (row["labelsOrTypes"] or []) and row["type"] != "NODE_PROPERTY_TYPE":
            await run(hub, f"DROP CONSTRAINT `{row['name']}` IF EXISTS")
    for row in await run(hub, "SHOW INDEXES YIELD name, labelsOrTypes RETURN name, labelsOrTypes"):
        if name in (row["labelsOrTypes"] or []):
            await run(hub, f"DROP INDEX `{row['name']}` IF EXISTS")


async def run(hub, cypher: str, **params) -> list[dict]:
    """One auto-commit query through the raw driver: no retries, errors as the server sends them."""
    async with hub.graph.driver.session(database=hub.graph.database) as session:
        result = await session.run(cypher, params)
        return [record.data() async for record in result]


async def run_keys(hub, cypher: str, **params) -> list[list[str]]:
    async with hub.graph.driver.session(database=hub.graph.database) as session:
        result = await session.run(cypher, params)
        return [list(record.keys()) async for record in result]


# --- (a) full-text indexes -----------------------------------------------------------------------------------


@embedded_only
async def test_fulltext_index_is_refused(hub, label):
    """Search must not depend on a full-text index: the embedded engine has none."""
    with pytest.raises(CypherSyntaxError) as refused:
        await run(hub, f"CREATE FULLTEXT INDEX {label}_ft IF NOT EXISTS FOR (n:`{label}`) ON EACH [n.name]")
    assert refused.value.code == "Neo.ClientError.Statement.SyntaxError"
    indexes = await run(hub, "SHOW INDEXES YIELD name RETURN name")
    assert f"{label}_ft" not in {row["name"] for row in indexes}


@embedded_only
async def test_text_index_is_created_as_a_range_index(hub, label):
    """CREATE TEXT INDEX is accepted, but what is built is a RANGE index."""
    await run(hub, f"CREATE TEXT INDEX {label}_text IF NOT EXISTS FOR (n:`{label}`) ON (n.name)")
    rows = await run(hub, "SHOW INDEXES YIELD name, type RETURN name, type")
    assert {"name": f"{label}_text", "type": "RANGE"} in rows


# --- (b) Bolt protocol ---------------------------------------------------------------------------------------


def _handshake(port: int, *proposals: tuple[int, int, int]) -> tuple[int, int] | None:
    """Bolt handshake with up to four (major, minor, range) proposals; the version agreed, or None."""
    offers = b"".join(bytes([0, rng, minor, major]) for major, minor, rng in proposals)
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"\x60\x60\xb0\x17" + offers + b"\x00" * 4 * (4 - len(proposals)))
        answer = sock.recv(4)
    return None if answer == b"\x00\x00\x00\x00" else (answer[3], answer[2])


@embedded_only
async def test_bolt_protocol_is_at_most_5_4(hub):
    """The driver speaks Bolt 5.4 to the embedded engine (Neo4j 5.26 negotiates 5.8); nothing newer is offered."""
    info = await hub.graph.driver.get_server_info()
    assert info.protocol_version == (5, 4)
    assert "ArcadeDB" in info.agent

    port = hub.server.bolt_port
    assert _handshake(port, (5, 8, 3)) is None, "Bolt 5.5-5.8 must be refused"
    assert _handshake(port, (6, 0, 0)) is None, "Bolt 6 must be refused"
    assert _handshake(port, (5, 8, 8)) == (5, 4)
    assert _handshake(port, (4, 4, 0)) == (4, 4)
    assert _handshake(port, (3, 0, 0)) == (3, 0), "Bolt 3 is still accepted (Neo4j 5 refuses it)"


# --- (c) leniency: Cypher that Neo4j rejects -----------------------------------------------------------------


@embedded_only
async def test_aggregate_in_map_projection_is_accepted_and_loses_its_column(hub, label):
    """Neo4j rejects this (implicit grouping keys); the embedded engine answers with a record without the column.

    tests/test_cypher_lint.py shows that Neo4j's analyser rejects the same statement.
    """
    await run(hub, f"CREATE (:`{label}` {{key: 'a', name: 'x'}})")
    statement = f"MATCH (a:`{label}`) RETURN a {{.key, items: collect(a.name)}} AS m"
    assert await run_keys(hub, statement) == [[]], "one record, and no column m in it"
    beside = await run(hub, f"MATCH (a:`{label}`) RETURN a {{.key, items: collect(a.name)}} AS m, 1 AS one")
    assert beside == [{"m": {"key": "a", "items": None}, "one": 1}]


@embedded_only
async def test_mixed_and_nested_lists_are_stored(hub, label):
    """Neo4j refuses to store a list of mixed types or a list of lists (TypeError); the embedded engine stores both."""
    row = (await run(hub, f"CREATE (n:`{label}` {{mixed: [1, 'a'], nested: [[1], [2]]}}) RETURN n.mixed AS mixed, n.nested AS nested"))[0]
    assert row == {"mixed": [1, "a"], "nested": [[1], [2]]}
    with pytest.raises(CypherTypeError) as refused:  # maps are refused, as on Neo4j
        await run(hub, f"CREATE (n:`{label}` {{m: {{a: 1}}}})")
    assert refused.value.code == "Neo.ClientError.Statement.TypeError"


@embedded_only
async def test_shortest_path_selector_is_refused(hub, label):
    """GQL path selectors (SHORTEST k, Neo4j 5.21+) are not supported; shortestPath() is."""
    await run(hub, f"CREATE (:`{label}` {{key: 'a'}})-[:NEXT]->(:`{label}` {{key: 'b'}})")
    with pytest.raises(CypherSyntaxError) as refused:
        await run(hub, f"MATCH p = SHORTEST 1 (a:`{label}` {{key: 'a'}})-[:NEXT]-+(b:`{label}` {{key: 'b'}}) RETURN length(p) AS n")
    assert refused.value.code == "Neo.ClientError.Statement.SyntaxError"
    rows = await run(hub, f"MATCH p = shortestPath((a:`{label}` {{key: 'a'}})-[:NEXT*]-(b:`{label}` {{key: 'b'}})) RETURN length(p) AS n")
    assert rows == [{"n": 1}]


# --- (d) conflicting updates ----------------------------------------------------------------------------------


async def _concurrent_transactions(hub, statement: str, params: dict, count: int = 4) -> list[str]:
    """`count` explicit transactions each run `statement`, wait for all the others to have run it, then commit.

    On the embedded engine (optimistic concurrency) every statement runs at once and the conflict shows at
    commit. On Neo4j the second writer would block on the lock inside run(): that is why these are embedded-only.
    """
    barrier = asyncio.Barrier(count)

    async def one() -> str:
        async with hub.graph.driver.session(database=hub.graph.database) as session:
            tx = await session.begin_transaction()
            try:
                await (await tx.run(statement, params)).consume()
                async with asyncio.timeout(30):
                    await barrier.wait()
                await tx.commit()
                return "committed"
            except (TransientError, ConstraintError) as error:
                return error.code
            finally:
                await tx.close()

    return await asyncio.gather(*(one() for _ in range(count)))


@embedded_only
async def test_conflicting_updates_fail_with_deadlock_detected(hub, label):
    """Neo4j makes the second writer wait for the lock; the embedded engine fails it at commit with a TransientError."""
    await run(hub, f"CREATE (:`{label}` {{key: 'counter', n: 0}})")
    outcomes = await _concurrent_transactions(
        hub, f"MATCH (c:`{label}` {{key: 'counter'}}) SET c.n = c.n + 1", {})
    assert "Neo.TransientError.Transaction.DeadlockDetected" in outcomes, outcomes
    assert set(outcomes) <= {"committed", "Neo.TransientError.Transaction.DeadlockDetected"}, outcomes
    final = await run(hub, f"MATCH (c:`{label}` {{key: 'counter'}}) RETURN c.n AS n")
    assert final == [{"n": outcomes.count("committed")}], "only the committed updates count"


async def test_conflicting_updates_are_retried_by_the_hub_on_both_engines(hub, label):
    """Graph.write retries a TransientError as a whole transaction, so no increment is lost on either engine."""
    await run(hub, f"CREATE (:`{label}` {{key: 'counter', n: 0}})")
    increment = f"MATCH (c:`{label}` {{key: 'counter'}}) SET c.n = c.n + 1 RETURN c.n AS n"
    await asyncio.gather(*(hub.graph.write(lambda tx: fetch_one(tx, increment)) for _ in range(8)))
    assert await run(hub, f"MATCH (c:`{label}` {{key: 'counter'}}) RETURN c.n AS n") == [{"n": 8}]


# --- (e) concurrent MERGE on a unique key ---------------------------------------------------------------------


@embedded_only
async def test_concurrent_merge_on_unique_key_fails_with_constraint_error(hub, label):
    """Neo4j serialises MERGE on a unique key (the loser then matches); here each racer creates and all but one fail."""
    await run(hub, f"CREATE CONSTRAINT {label}_key IF NOT EXISTS FOR (n:`{label}`) REQUIRE n.key IS UNIQUE")
    for round_ in range(3):
        outcomes = await _concurrent_transactions(hub, f"MERGE (n:`{label}` {{key: $key}})", {"key": f"k{round_}"})
        assert outcomes.count("committed") == 1, outcomes
        assert outcomes.count("Neo.ClientError.Schema.ConstraintValidationFailed") == len(outcomes) - 1, outcomes
    counts = await run(hub, f"MATCH (n:`{label}`) RETURN n.key AS key, count(*) AS n ORDER BY key")
    assert counts == [{"key": f"k{i}", "n": 1} for i in range(3)]


async def test_racing_upserts_succeed_through_the_hub_on_both_engines(hub, label):
    """Graph.write(retry_constraint=True) turns the lost race into a retry that matches the winner's node."""
    await run(hub, f"CREATE CONSTRAINT {label}_key IF NOT EXISTS FOR (n:`{label}`) REQUIRE n.key IS UNIQUE")
    upsert = f"MERGE (n:`{label}` {{key: 'same'}}) ON CREATE SET n.hits = 1 ON MATCH SET n.hits = n.hits + 1 RETURN n.hits AS hits"
    await asyncio.gather(*(hub.graph.write(lambda tx: fetch_one(tx, upsert), retry_constraint=True) for _ in range(8)))
    assert await run(hub, f"MATCH (n:`{label}`) RETURN n.key AS key, n.hits AS hits") == [{"key": "same", "hits": 8}]


# --- (f) further differences ---------------------------------------------------------------------------------


@embedded_only
async def test_error_details_stay_in_the_server_log(hub, label):
    """The engine runs in production mode: clients get the error code and a fixed message, the log gets the reason."""
    await run(hub, f"CREATE CONSTRAINT {label}_key IF NOT EXISTS FOR (n:`{label}`) REQUIRE n.key IS UNIQUE")
    token = uuid.uuid4().hex
    await run(hub, f"CREATE (:`{label}` {{key: $key}})", key=token)
    with pytest.raises(ConstraintError) as refused:
        await run(hub, f"CREATE (:`{label}` {{key: $key}})", key=token)
    assert refused.value.code == "Neo.ClientError.Schema.ConstraintValidationFailed"
    assert refused.value.message == CONCEALED
    assert token not in str(refused.value)
    deadline = time.monotonic() + 5
    while f"Duplicated key [{token}]" not in hub.server.log_path.read_text(errors="replace"):
        assert time.monotonic() < deadline, "the reason must be in the server log"
        await asyncio.sleep(0.1)


@embedded_only
async def test_element_id_is_a_record_id(hub, label):
    """elementId() is ArcadeDB's record id '#bucket:position' (Neo4j: '4:<database uuid>:<n>'); lookups by it work."""
    created = await run(hub, f"CREATE (n:`{label}` {{key: 'a'}}) RETURN elementId(n) AS id")
    element_id = created[0]["id"]
    assert re.fullmatch(r"#\d+:\d+", element_id), element_id
    assert await run(hub, "MATCH (n) WHERE elementId(n) = $id RETURN n.key AS key", id=element_id) == [{"key": "a"}]


@embedded_only
async def test_datetime_carries_a_zone_name_not_an_offset(hub):
    """datetime() is UTC (the hub sets the JVM zone) but as the named zone 'UTC', where Neo4j gives the offset 'Z'."""
    row = (await run(hub, "RETURN datetime().timezone AS zone, datetime().offset AS offset, toString(datetime()) AS text, "
                          "datetime('2020-01-01T00:00:00Z').timezone AS parsed"))[0]
    assert row["zone"] == "UTC"
    assert row["offset"] == "Z"
    assert row["text"].endswith("Z[UTC]"), row["text"]
    assert row["parsed"] == "Z", "an explicit offset stays an offset"


@embedded_only
async def test_index_on_populated_property_fixes_its_type(hub, label):
    """An index (or unique constraint) created when the property already holds values fixes the property's type:
    later values of another type are converted ('7' for 7, 2 for 2.7) or refused. Neo4j indexes never do this."""
    populated, empty = f"{label}", f"{label}_E"
    try:
        await run(hub, f"CREATE (:`{populated}` {{name: 'text', n: 5}})")
        await run(hub, f"CREATE INDEX {label}_name IF NOT EXISTS FOR (x:`{populated}`) ON (x.name)")
        await run(hub, f"CREATE INDEX {label}_n IF NOT EXISTS FOR (x:`{populated}`) ON (x.n)")
        types = {
            (row["properties"][0], row["propertyType"])
            for row in await run(hub, "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties, propertyType "
                                      "RETURN type, labelsOrTypes, properties, propertyType")
            if row["labelsOrTypes"] == [populated] and row["type"] == "NODE_PROPERTY_TYPE"
        }
        assert types == {("name", "STRING"), ("n", "INT32")}

        converted = await run(hub, f"CREATE (x:`{populated}` {{name: 7, n: 2.7}}) RETURN x.name AS name, x.n AS n")
        assert converted == [{"name": "7", "n": 2}]
        with pytest.raises(ClientError) as refused:
            await run(hub, f"CREATE (:`{populated}` {{n: 'abc'}})")
        assert refused.value.code == "Neo.ClientError.Statement.ArgumentError"

        # A unique constraint over existing values converts too, though SHOW CONSTRAINTS lists no type for it.
        keyed = f"{label}_K"
        await run(hub, f"CREATE (:`{keyed}` {{key: 'a'}})")
        await run(hub, f"CREATE CONSTRAINT {label}_k_key IF NOT EXISTS FOR (x:`{keyed}`) REQUIRE x.key IS UNIQUE")
        assert await run(hub, f"CREATE (x:`{keyed}` {{key: 3}}) RETURN x.key AS key") == [{"key": "3"}]

        # Created before any data, as the hub's migrations do, an index fixes nothing.
        await run(hub, f"CREATE INDEX {label}_e_name IF NOT EXISTS FOR (x:`{empty}`) ON (x.name)")
        stored = await run(hub, f"CREATE (a:`{empty}` {{name: 7}}), (b:`{empty}` {{name: 'x'}}) RETURN a.name AS a, b.name AS b")
        assert stored == [{"a": 7, "b": "x"}]
    finally:
        await run(hub, f"MATCH (x) WHERE x:`{empty}` OR x:`{label}_K` DETACH DELETE x")
        await run(hub, f"DROP INDEX {label}_e_name IF EXISTS")
        await run(hub, f"DROP CONSTRAINT {label}_k_key IF EXISTS")


@embedded_only
async def test_repeated_schema_command_fails_with_semantic_error(hub, label):
    """Without IF NOT EXISTS, a repeated CREATE CONSTRAINT / INDEX fails with Statement.SemanticError
    (Neo4j: Schema.EquivalentSchemaRuleAlreadyExists), and so does dropping what is not there without IF EXISTS;
    the migrations always say IF NOT EXISTS."""
    constraint = f"CREATE CONSTRAINT {label}_key FOR (n:`{label}`) REQUIRE n.key IS UNIQUE"
    index = f"CREATE INDEX {label}_name FOR (n:`{label}`) ON (n.name)"
    for statement in (constraint, index):
        await run(hub, statement)
        with pytest.raises(ClientError) as refused:
            await run(hub, statement)
        assert refused.value.code == "Neo.ClientError.Statement.SemanticError"
        await run(hub, statement.replace(" FOR ", " IF NOT EXISTS FOR ", 1))  # the idempotent form is fine
    for statement in (f"DROP CONSTRAINT {label}_missing", f"DROP INDEX {label}_missing"):
        with pytest.raises(ClientError) as refused:  # Neo4j: Neo.DatabaseError.Schema.*DropFailed
            await run(hub, statement)
        assert refused.value.code == "Neo.ClientError.Statement.SemanticError"
        await run(hub, statement + " IF EXISTS")


@embedded_only
async def test_constraint_backing_index_is_named_after_label_and_property(hub, label):
    """SHOW CONSTRAINTS has Neo4j 5's columns, but the backing index is 'Label[key]', not the constraint's name."""
    await run(hub, f"CREATE CONSTRAINT {label}_key IF NOT EXISTS FOR (n:`{label}`) REQUIRE n.key IS UNIQUE")
    rows = await run(hub, "SHOW CONSTRAINTS")
    mine = [row for row in rows if row["name"] == f"{label}_key"]
    assert len(mine) == 1
    assert list(mine[0]) == ["id", "name", "type", "entityType", "labelsOrTypes", "properties", "ownedIndex", "propertyType"]
    assert mine[0]["type"] == "UNIQUENESS"
    assert mine[0]["ownedIndex"] == f"{label}[key]"
    indexes = await run(hub, "SHOW INDEXES YIELD name, owningConstraint RETURN name, owningConstraint")
    assert {"name": f"{label}[key]", "owningConstraint": f"{label}_key"} in indexes


# --- the same on both engines: behaviour the hub relies on ---------------------------------------------------


async def test_null_in_map_update_removes_the_property_on_both_engines(hub, label):
    """SET n += {p: null} removes p: updates use it to clear optional fields."""
    await run(hub, f"CREATE (:`{label}` {{key: 'a', note: 'x', other: 1}})")
    rows = await run(hub, f"MATCH (n:`{label}` {{key: 'a'}}) SET n += {{note: null}} RETURN keys(n) AS keys")
    assert sorted(rows[0]["keys"]) == ["key", "other"]


async def test_empty_list_property_round_trips_on_both_engines(hub, label):
    """An empty list is stored and read back as [], not as null."""
    await run(hub, f"CREATE (:`{label}` {{key: 'a', tags: []}})")
    rows = await run(hub, f"MATCH (n:`{label}` {{key: 'a'}}) RETURN n.tags AS tags, n.tags IS NULL AS missing, size(n.tags) AS size")
    assert rows == [{"tags": [], "missing": False, "size": 0}]


async def test_scoped_call_and_subquery_expressions_on_both_engines(hub, label):
    """CALL (x) { } and COUNT/EXISTS/COLLECT subqueries work on both (the catalogue may use them)."""
    await run(hub, f"CREATE (:`{label}` {{key: 'a'}})-[:HAS]->(:`{label}` {{key: 'b'}})")
    scoped = await run(hub, f"MATCH (n:`{label}` {{key: 'a'}}) CALL (n) {{ MATCH (n)-[:HAS]->(m) RETURN m.key AS child }} RETURN child")
    assert scoped == [{"child": "b"}]
    rows = await run(hub, f"MATCH (n:`{label}` {{key: 'a'}}) RETURN COUNT {{ (n)-[:HAS]->() }} AS c, "
                          f"EXISTS {{ (n)-[:HAS]->() }} AS e, COLLECT {{ MATCH (n)-[:HAS]->(m) RETURN m.key }} AS keys")
    assert rows == [{"c": 1, "e": True, "keys": ["b"]}]


async def test_temporal_arithmetic_used_by_the_migration_lock_on_both_engines(hub):
    """The stale-lock check compares datetime() with datetime() - duration(...); both engines agree."""
    rows = await run(hub, "RETURN datetime() - duration({seconds: 600}) < datetime() AS older, "
                          "datetime('2020-01-01T00:00:00Z') + duration({days: 1, hours: 1}) AS later, "
                          "duration.between(datetime('2020-01-01T00:00:00Z'), datetime('2020-01-02T01:00:00Z')) AS between")
    row = rows[0]
    assert row["older"] is True
    assert row["later"].iso_format().startswith("2020-01-02T01:00:00")
    assert (row["between"].days, row["between"].seconds) == (1, 3600)


# --- map projections inside map literals ---------------------------------------------------------------------

@embedded_only
async def test_map_projection_inside_a_map_literal_replaces_the_map(hub, label):
    await run(hub, f"CREATE (:`{label}` {{key: 'k', name: 'n'}})")
    [row] = await run(hub, f"MATCH (n:`{label}`) RETURN {{tag: 'x', node: n {{.key}}}} AS m")
    assert row["m"] == {"key": "k"}  # Neo4j: {'tag': 'x', 'node': {'key': 'k'}}


async def test_collected_rows_keep_their_order_and_projections_on_both_engines(hub, label):
    """hub.graph.rows.collected: what the statement would have returned row by row, in the same order, with
    each projection whole although it sits in the collected list."""
    from hub.graph.connection import fetch_all, fetch_collected
    from hub.graph.rows import collected

    await run(hub, f"UNWIND range(1, 30) AS i CREATE (:`{label}` {{key: 'k' + toString(i), rank: 30 - i, name: 'n'}})")
    start = f"MATCH (n:`{label}`) WHERE n.rank % 3 <> 0 WITH n ORDER BY n.rank "
    plain = await hub.graph.read(lambda tx: fetch_all(tx, start + "RETURN n.key AS key, n {.name, .rank} AS node"))
    rows = await hub.graph.read(lambda tx: fetch_collected(tx, start + collected({"key": "n.key",
                                                                                 "node": "n {.name, .rank}"})))
    assert rows == plain and len(rows) == 20 and rows[0] == {"key": "k29", "node": {"name": "n", "rank": 1}}
    nothing = await hub.graph.read(lambda tx: fetch_collected(tx, f"MATCH (n:`{label}`) WHERE n.rank < 0 WITH n "
                                                                 + collected({"key": "n.key"})))
    assert nothing == []


# --- shortest paths filter after the search ---------------------------------------------------------------

@embedded_only
async def test_where_on_all_shortest_paths_filters_after_the_search(hub, label):
    """A hidden middle node on the only shortest path: Neo4j finds the longer visible path, this engine nothing."""
    await run(hub, f"CREATE (a:`{label}` {{key: 'a'}})-[:R]->(:`{label}` {{key: 'hidden', hidden: true}})"
                   f"-[:R]->(c:`{label}` {{key: 'c'}}), (a)-[:R]->(:`{label}` {{key: 'd'}})-[:R]->"
                   f"(:`{label}` {{key: 'e'}})-[:R]->(c)")
    rows = await run(hub, f"MATCH (a:`{label}` {{key: 'a'}}) MATCH (c:`{label}` {{key: 'c'}}) "
                          "MATCH p = allShortestPaths((a)-[*..4]-(c)) WHERE all(x IN nodes(p) WHERE x.hidden IS NULL) "
                          "RETURN [x IN nodes(p) | x.key] AS keys")
    assert rows == []  # Neo4j: [{'keys': ['a', 'd', 'e', 'c']}]


@embedded_only
async def test_call_with_star_subquery_is_silently_skipped(hub, label):
    """`CALL { WITH * ... }` (what @neo4j/graphql renders for a nested connect) runs without error, even
    returns its rows, but its writes do not happen; importing by name (`WITH a, b`, `CALL (a, b)`) works."""
    await run(hub, f"CREATE (:`{label}` {{key: 'a'}}), (:`{label}` {{key: 'b'}})")
    both = f"MATCH (a:`{label}` {{key: 'a'}}) MATCH (b:`{label}` {{key: 'b'}}) "
    assert await run(hub, both + "CALL { WITH * CREATE (a)-[:STAR]->(b) } RETURN a.key AS k") == [{"k": "a"}]
    merged = await run(hub, f"MATCH (a:`{label}` {{key: 'a'}}) CALL {{ WITH * MATCH (b:`{label}` {{key: 'b'}}) "
                            "MERGE (a)-[:STAR_MERGE]->(b) RETURN count(*) AS c } RETURN c")
    assert merged == [{"c": 1}]
    await run(hub, both + "CALL { WITH a, b CREATE (a)-[:NAMED]->(b) } RETURN a.key AS k")
    await run(hub, both + "CALL (a, b) { CREATE (a)-[:SCOPED]->(b) } RETURN a.key AS k")
    made = await run(hub, f"MATCH (:`{label}`)-[r]->(:`{label}`) RETURN type(r) AS t ORDER BY t")
    assert made == [{"t": "NAMED"}, {"t": "SCOPED"}]


# --- (19) timeouts -----------------------------------------------------------------------------------------


@embedded_only
async def test_transaction_timeout_from_the_client_is_ignored(hub):
    """Neo4j aborts a transaction that outlives the timeout the driver sends (TransactionTimedOut); the embedded
    engine runs it to the end. Its own statement timeout applies instead (see test_embedded_server)."""
    from neo4j import Query

    async with hub.graph.driver.session(database=hub.graph.database) as session:
        result = await session.run(Query("UNWIND range(1, 1000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS c",
                                         timeout=0.001))
        record = await result.single()
    assert record["c"] == 142857


# --- (20) the Cypher version prefix --------------------------------------------------------------------------


@embedded_only
async def test_cypher_version_prefix_is_refused(hub):
    """`CYPHER 5`, with which @neo4j/graphql 7.x starts every statement, is a syntax error to the embedded
    engine; the same statement without it runs."""
    with pytest.raises(CypherSyntaxError) as refused:
        await run(hub, "CYPHER 5 RETURN 1 AS one")
    assert refused.value.code == "Neo.ClientError.Statement.SyntaxError"
    assert await run(hub, "RETURN 1 AS one") == [{"one": 1}]
