"""Bulk upserts for imports and the demo: many records or relationships per statement, idempotent by key."""


def upsert_nodes(label: str) -> str:
    return f"UNWIND $rows AS row MERGE (n:{label} {{key: row.key}}) SET n += row.props RETURN count(n) AS written"


def upsert_links(source: str, rel_type: str, target: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:{source} {{key: row.from}}) MATCH (b:{target} {{key: row.to}}) "
        f"MERGE (a)-[r:{rel_type}]->(b) SET r += row.props RETURN count(r) AS written"
    )


def existing_keys(label: str) -> str:
    return f"MATCH (n:{label}) WHERE n.key IN $keys RETURN collect(n.key) AS keys"


COUNT_ACTORS = "MATCH (n:Actor) RETURN count(n) AS actors"
