"""Statements of `hub backup` and `hub restore`: the whole graph, read page by page and written back batch by batch.

Backup and restore must see every record whatever its visibility (they are on the reviewed allow-list of
tests/test_visibility_guard.py). Labels and relationship types reach these statements only from the tables
below, never from a backup file: a file naming anything else is refused before anything is written.
"""

from hub.model import NODE_TYPES, RELATIONSHIP_TYPES

# Every label the hub writes, with the property that identifies a node of it (unique in the label).
# The migration lock is transient and not backed up; nor is the hierarchies' stamp (hub.graph.hierarchy), made
# anew after a restore.
IDENTITY: dict[str, str] = {
    **{label: "key" for label in NODE_TYPES},
    "AuditEntry": "key",
    "ApiToken": "key",
    "MutationReceipt": "key",
    "Verification": "key",
    "Observation": "key",
    "MergeCandidate": "key",
    "ActorMerge": "key",
    "__Neo4jMigration": "version",
}
SKIPPED_LABELS = ("__Neo4jMigrationsLock", "HierarchyStamp")

# Every (from label, type, to label) the hub writes.
LINKS: tuple[tuple[str, str, str], ...] = tuple(sorted(
    {(source, rel.name, target) for rel in RELATIONSHIP_TYPES.values() for source, target in rel.ends}
    | {("Verification", "OF", "Actor"), ("Observation", "ABOUT", "Actor"),
       ("__Neo4jMigration", "MIGRATED_TO", "__Neo4jMigration")}
))

# What the graph holds, whatever the tables above know: a backup that would miss anything is refused.
NODE_CENSUS = "MATCH (n) RETURN labels(n) AS labels, count(*) AS count"
LINK_CENSUS = "MATCH (a)-[r]->(b) RETURN labels(a) AS source, type(r) AS type, labels(b) AS target, count(*) AS count"

# A graph holds only what `hub migrate` writes by itself: the migration chain and the seeded theme taxonomy.
OWN_RECORDS = """
MATCH (n)
WHERE NOT (n:__Neo4jMigration OR n:__Neo4jMigrationsLock OR n:HierarchyStamp
           OR (n:Theme AND n.createdBy = 'migration'))
RETURN count(n) AS count
"""

# Emptying the graph before a restore (of what migrations seeded) or after a failed one, in batches.
DELETE_BATCH = "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"


def node_page(label: str) -> str:
    """One page of a label's nodes, in the order of their identity (keyset paging: no SKIP)."""
    key = IDENTITY[label]
    return (
        f"MATCH (n:{label}) WHERE $after IS NULL OR n.{key} > $after "
        f"WITH n ORDER BY n.{key} LIMIT $limit RETURN n {{.*}} AS props"
    )


def link_page(source: str, rel_type: str, target: str) -> str:
    """One page of relationships of a kind, by the identity of their start node (keyset paging)."""
    key, other = IDENTITY[source], IDENTITY[target]
    return (
        f"MATCH (a:{source}) WHERE $after IS NULL OR a.{key} > $after "
        f"WITH a ORDER BY a.{key} LIMIT $limit "
        f"RETURN a.{key} AS from, [(a)-[r:{rel_type}]->(b:{target}) | {{to: b.{other}, props: properties(r)}}] AS links"
    )


def create_nodes(label: str) -> str:
    return f"UNWIND $rows AS row CREATE (n:{label}) SET n = row RETURN count(n) AS written"


def create_links(source: str, rel_type: str, target: str) -> str:
    key, other = IDENTITY[source], IDENTITY[target]
    return (
        f"UNWIND $rows AS row MATCH (a:{source} {{{key}: row.from}}) MATCH (b:{target} {{{other}: row.to}}) "
        f"CREATE (a)-[r:{rel_type}]->(b) SET r = row.props RETURN count(r) AS written"
    )
