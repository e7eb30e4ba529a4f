"""The migration chain kept in the graph, in the format of neo4j-migrations.

A BASELINE node is followed by one __Neo4jMigration node per applied file, each linked to the next by
MIGRATED_TO, so Neo4j users' tooling can read what this hub applied. A __Neo4jMigrationsLock node,
unique by name, keeps two hubs from migrating at once.
"""

LOCK_CONSTRAINT = (
    "CREATE CONSTRAINT migrations_lock_name IF NOT EXISTS "
    "FOR (l:__Neo4jMigrationsLock) REQUIRE l.name IS UNIQUE"
)

ACQUIRE_LOCK = """
CREATE (l:__Neo4jMigrationsLock {id: $id, name: $name, owner: $owner, createdAt: datetime()})
RETURN l.id AS id
"""

BREAK_STALE_LOCK = """
MATCH (l:__Neo4jMigrationsLock {name: $name})
WHERE l.createdAt < datetime() - duration({seconds: $max_age_seconds})
DELETE l
RETURN count(*) AS broken
"""

RELEASE_LOCK = """
MATCH (l:__Neo4jMigrationsLock {name: $name, id: $id})
DELETE l
"""

APPLIED_CHAIN = """
MATCH (m:__Neo4jMigration)
WHERE m.version <> 'BASELINE'
OPTIONAL MATCH (:__Neo4jMigration)-[r:MIGRATED_TO]->(m)
RETURN m.version AS version, m.description AS description, m.checksum AS checksum,
       m.source AS source, r.at AS installedOn, r.by AS installedBy
"""

ENSURE_BASELINE = """
MERGE (b:__Neo4jMigration {version: 'BASELINE'})
RETURN b.version AS version
"""

APPEND_TO_CHAIN = """
MATCH (last:__Neo4jMigration)
WHERE NOT (last)-[:MIGRATED_TO]->(:__Neo4jMigration)
CREATE (m:__Neo4jMigration {version: $version, description: $description, type: 'CYPHER',
                            source: $source, checksum: $checksum, repeatable: false})
CREATE (last)-[:MIGRATED_TO {at: datetime(), in: duration({milliseconds: $duration_ms}),
                             by: $by, connectedAs: $by}]->(m)
RETURN m.version AS version
"""
