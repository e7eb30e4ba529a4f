"""How two records are connected: the shortest chains of relationships between them."""

from hub.graph.access import visible

MAX_LENGTH = 6


def shortest_paths(from_label: str, to_label: str, max_length: int, rel_types: list[str] | None) -> str:
    """Every shortest path of at most max_length relationships through records the viewer may see.
    Labels, max_length and rel_types come from the model's tables and the API's bounded integer and enum."""
    if not 1 <= max_length <= MAX_LENGTH:
        raise ValueError("max_length out of range")
    types = ":" + "|".join(rel_types) if rel_types else ""
    return (
        f"MATCH (a:{from_label} {{key: $from}}) MATCH (b:{to_label} {{key: $to}}) "
        f"MATCH p = allShortestPaths((a)-[{types}*..{max_length}]-(b)) "
        f"WHERE all(x IN nodes(p) WHERE {visible('x')}) AND all(r IN relationships(p) WHERE {visible('r')}) "
        # parallel lists: the embedded engine drops the other keys of a map that holds a map projection
        "RETURN [x IN nodes(p) | labels(x)] AS labels, [x IN nodes(p) | x {.*}] AS nodes, "
        "[r IN relationships(p) | type(r)] AS types, [r IN relationships(p) | startNode(r).key] AS starts, "
        "[r IN relationships(p) | endNode(r).key] AS ends, [r IN relationships(p) | r {.*}] AS rels "
        "LIMIT $limit"
    )
