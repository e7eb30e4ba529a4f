"""Statements of the importers: finding what a file's records already are in the graph, and linking without
touching links that exist (a re-import changes nothing)."""

from hub.graph.access import visible

ACTORS_BY_IATI_REF = (
    f"MATCH (n:Actor) WHERE n.iatiOrgRef IN $refs AND {visible('n')} "
    "RETURN n.key AS key, n.iatiOrgRef AS ref"
)

ACTORS_BY_IDENTITY = (
    f"MATCH (n:Actor) WHERE (n.identityKey IN $keys OR n.acronymKey IN $keys) AND {visible('n')} "
    "RETURN n.key AS key, n.identityKey AS identityKey, n.acronymKey AS acronymKey, n.iatiOrgRef AS ref"
)

INITIATIVES_BY_IATI_ID = (
    f"MATCH (n:Initiative) WHERE n.iatiIdentifier IN $ids AND {visible('n')} RETURN n {{.*}} AS node"
)


def merge_links(source: str, rel_type: str, target: str) -> str:
    """Relationships made only where missing: an existing one keeps its provenance and properties. Returns
    how many rows found both ends (written) and how many relationships are new (created)."""
    return (
        f"UNWIND $rows AS row MATCH (a:{source} {{key: row.from}}) MATCH (b:{target} {{key: row.to}}) "
        f"OPTIONAL MATCH (a)-[old:{rel_type}]->(b) WITH a, b, row, count(old) = 0 AS fresh "
        f"MERGE (a)-[r:{rel_type}]->(b) ON CREATE SET r = row.props "
        "RETURN count(r) AS written, sum(CASE WHEN fresh THEN 1 ELSE 0 END) AS created"
    )

# the record of what an import wrote: one IMPORT audit entry per batch, about the file's sha256
IMPORT_RECORDS = (
    "MATCH (a:AuditEntry) WHERE a.recordKey = $sha256 AND a.action = 'IMPORT' RETURN a.detail AS detail, a.at AS at"
)

INITIATIVES_BY_IMPORT_REF = (
    f"MATCH (n:Initiative) WHERE n.importRef IN $refs AND {visible('n')} RETURN n {{.*}} AS node"
)

# gazetteer places are public reference data (no visibility of their own)
PLACES_BY_NAME = (
    "MATCH (l:Location) WHERE l.country IN $countries AND l.sortName IN $names "
    "RETURN l.key AS key, l.sortName AS name, l.level AS level, l.country AS country"
)
