"""How two records are connected: one breadth-first step of a path search per statement.

The search walks from both ends at once, one hop per statement inside a single read transaction
(element ids are stable within a transaction and never leave it). Filtering visibility while
walking, rather than filtering finished shortest paths, matters: a shortest path through a hidden
record must give way to a longer visible one, and the embedded engine applies a WHERE on
allShortestPaths only after the search.

As of a past moment ($asOf, hub.graph.history), only records and relationships there then count, and the
relationships removed since that stood then come back through restored_step.
"""

from hub.graph.access import visible
from hub.graph.history import linked, there

MAX_LENGTH = 6


def start(label: str, as_of: bool = False) -> str:
    then = f" AND {there('n')}" if as_of else ""
    return f"MATCH (n:{label} {{key: $key}}) WHERE {visible('n')}{then} RETURN elementId(n) AS id"


def step(rel_types: list[str] | None, as_of: bool = False) -> str:
    """The visible neighbours of a frontier; rel_types come from the API's relationship enum only."""
    types = ":" + "|".join(rel_types) if rel_types else ""
    then = f" AND {there('m')} AND {linked('r')}" if as_of else ""
    return (
        "UNWIND $ids AS id MATCH (n) WHERE elementId(n) = id "
        f"MATCH (n)-[r{types}]-(m) "
        f"WHERE m.key IS NOT NULL AND {visible('m')} AND {visible('r')}{then} "
        "RETURN id AS source, elementId(m) AS target, type(r) AS type, elementId(startNode(r)) = id AS outgoing, "
        "labels(m) AS labels, m.key AS key "
        "LIMIT $limit"
    )


def restored_step(label: str) -> str:
    """The far ends, of one label, of relationships removed since $asOf that stood then, from frontier records
    ($rows: id, far key, type, outgoing): kept when visible and there at $asOf, like a step's."""
    return (
        f"UNWIND $rows AS row MATCH (m:{label} {{key: row.far}}) WHERE {visible('m')} AND {there('m')} "
        "RETURN row.id AS source, elementId(m) AS target, row.type AS type, row.outgoing AS outgoing, "
        "labels(m) AS labels, m.key AS key"
    )
