"""How two records are connected: one breadth-first step of a path search per statement.

The search walks from both ends at once, one hop per statement inside a single read transaction
(element ids are stable within a transaction and never leave it). Filtering visibility while
walking, rather than filtering finished shortest paths, matters: a shortest path through a hidden
record must give way to a longer visible one, and the embedded engine applies a WHERE on
allShortestPaths only after the search.
"""

from hub.graph.access import visible

MAX_LENGTH = 6


def start(label: str) -> str:
    return f"MATCH (n:{label} {{key: $key}}) WHERE {visible('n')} RETURN elementId(n) AS id"


def step(rel_types: list[str] | None) -> str:
    """The visible neighbours of a frontier; rel_types come from the API's relationship enum only."""
    types = ":" + "|".join(rel_types) if rel_types else ""
    return (
        "UNWIND $ids AS id MATCH (n) WHERE elementId(n) = id "
        f"MATCH (n)-[r{types}]-(m) "
        f"WHERE m.key IS NOT NULL AND {visible('m')} AND {visible('r')} "
        "RETURN id AS source, elementId(m) AS target, type(r) AS type, elementId(startNode(r)) = id AS outgoing, "
        "labels(m) AS labels, m.key AS key "
        "LIMIT $limit"
    )
