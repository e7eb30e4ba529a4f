"""Relationships: linking, unlinking and reading the neighbours of many records at once.

Symmetric relationships (PARTNERS_WITH, BORDERS) are stored once, in the direction first linked, and
matched in both directions.
"""

from hub.graph.access import visible
from hub.graph.nodes import projection
from hub.graph.rows import collected


def _arrow(rel_type: str, direction: str, alias: str = "r") -> str:
    return {"OUT": f"-[{alias}:{rel_type}]->", "IN": f"<-[{alias}:{rel_type}]-", "BOTH": f"-[{alias}:{rel_type}]-"}[direction]


def lock_pair(source: str, target: str, rel_type: str | None = None, symmetric: bool = False) -> str:
    """Write-locks both ends before a link is checked and made, so two concurrent links cannot both create.
    An end the viewer may not see comes back null, as if it did not exist. With rel_type, also the
    relationship of that type already between them (`rel`, or null), read once both are locked."""
    found = ""
    if rel_type is not None:
        found = f", [(a){_arrow(rel_type, 'BOTH' if symmetric else 'OUT')}(b) | r {{.*}}][0] AS rel"
    return (
        f"OPTIONAL MATCH (a:{source} {{key: $from}}) WHERE {visible('a')} SET a.linkLock = $token WITH a "
        f"OPTIONAL MATCH (b:{target} {{key: $to}}) WHERE {visible('b')} SET b.linkLock = $token "
        f"RETURN a {{.*}} AS source, b {{.*}} AS target{found}"
    )


def unlock_pair(source: str, target: str) -> str:
    return f"MATCH (a:{source} {{key: $from}}) MATCH (b:{target} {{key: $to}}) REMOVE a.linkLock, b.linkLock"


def would_cycle(label: str, rel_type: str) -> str:
    """Linking a to b closes a cycle when b already leads back to a (or is a)."""
    return (
        f"MATCH (b:{label} {{key: $to}}) MATCH (a:{label} {{key: $from}}) "
        f"RETURN EXISTS {{ MATCH (b)-[:{rel_type}*0..]->(a) }} AS cycle"
    )


def existing(source: str, rel_type: str, target: str, symmetric: bool) -> str:
    pattern = _arrow(rel_type, "BOTH" if symmetric else "OUT")
    return f"MATCH (a:{source} {{key: $from}}){pattern}(b:{target} {{key: $to}}) RETURN r {{.*}} AS rel LIMIT 1"


def write_link(source: str, rel_type: str, target: str, symmetric: bool, *, new: bool, receipt: bool) -> str:
    """After lock_pair: the link made with `$props` (new) or its role changed with `$changes`, both ends
    unlocked, its audit entries (`$entries`, at least one) and with `receipt` the idempotency receipt
    (`$receipt`) written, in one statement."""
    if new:
        change = (f"MATCH (a:{source} {{key: $from}}) MATCH (b:{target} {{key: $to}}) "
                  f"CREATE (a)-[r:{rel_type}]->(b) SET r = $props")
    else:
        pattern = _arrow(rel_type, "BOTH" if symmetric else "OUT")
        change = f"MATCH (a:{source} {{key: $from}}){pattern}(b:{target} {{key: $to}}) SET r += $changes"
    stored = " CREATE (m:MutationReceipt) SET m = $receipt" if receipt else ""
    return (f"{change} REMOVE a.linkLock, b.linkLock WITH r "
            f"UNWIND $entries AS entry CREATE (e:AuditEntry) SET e = entry WITH r, count(e) AS logged{stored} "
            "RETURN r {.*} AS rel")


def create_links(source: str, rel_type: str, target: str) -> str:
    """Several new relationships of one kind at once (a new record's places, themes, implementers)."""
    return (
        f"UNWIND $rows AS row MATCH (a:{source} {{key: row.from}}) MATCH (b:{target} {{key: row.to}}) "
        f"CREATE (a)-[r:{rel_type}]->(b) SET r = row.props RETURN count(r) AS created"
    )


def unlink(source: str, rel_type: str, target: str, symmetric: bool) -> str:
    pattern = _arrow(rel_type, "BOTH" if symmetric else "OUT")
    return f"MATCH (a:{source} {{key: $from}}){pattern}(b:{target} {{key: $to}}) DELETE r RETURN count(*) AS removed"


def neighbours(source: str, rel_type: str, direction: str, target: str, fields: tuple[str, ...] | None = None) -> str:
    """For each source key, the visible records joined to it, with the relationship's own properties.
    fields: the properties to read of each record (None: all); with them only the relationship's role. Rows
    collected into one (hub.graph.rows)."""
    rel = "r {.*}" if fields is None else "r {.role}"
    return (
        f"UNWIND $keys AS key MATCH (n:{source} {{key: key}}){_arrow(rel_type, direction)}(m:{target}) "
        f"WHERE {visible('n')} AND {visible('m')} AND {visible('r')} "
        f"WITH key, m, r ORDER BY m.sortName, m.key "
        + collected({"source": "key", "node": projection("m", fields), "rel": rel})
    )


def neighbours_of(alias: str, rel_type: str, direction: str, target: str, fields: tuple[str, ...] | None) -> str:
    """An expression: the visible records joined to the (visible) record `alias`, each as [sortName, node, rel],
    unordered (a pattern comprehension cannot order; hub.services.reads orders them as `neighbours` does).
    Lets a page bring its records' first level of neighbours along instead of a statement per kind after it."""
    rel = "r {.*}" if fields is None else "r {.role}"
    return (
        f"[({alias}){_arrow(rel_type, direction)}(m:{target}) WHERE {visible('m')} AND {visible('r')}"
        f" | [m.sortName, {projection('m', fields)}, {rel}]]"
    )


def neighbours_of_kinds(kinds: tuple[tuple[str, str, str, str, tuple[str, ...] | None], ...]) -> str:
    """Neighbours of several kinds, each (source, rel_type, direction, target, fields) for the keys `$keys0`,
    `$keys1`, ... , in one statement (a resolver level's kinds in one round trip). One row: `kind0`, `kind1`, ...,
    each a list of [key, [[sortName, node, rel], ...]], unordered (as neighbours_of), for each key of a visible
    record (an unknown or hidden one brings nothing)."""
    parts, carried = [], []
    for i, (source, rel_type, direction, target, fields) in enumerate(kinds):
        found = neighbours_of(f"n{i}", rel_type, direction, target, fields)
        parts.append(f"UNWIND $keys{i} AS key{i} OPTIONAL MATCH (n{i}:{source} {{key: key{i}}}) WHERE {visible(f'n{i}')} "
                     f"WITH {''.join(c + ', ' for c in carried)}"
                     f"collect(CASE WHEN n{i} IS NULL THEN null ELSE [key{i}, {found}] END) AS kind{i}")
        carried.append(f"kind{i}")
    return " ".join(parts) + f" RETURN {', '.join(carried)}"
