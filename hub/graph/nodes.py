"""Reading and writing single records of any node type.

Labels come from hub.model.NODE_TYPES only. Each builder returns the statement for one label; the
catalogue renders them all for linting.
"""

from hub.graph.access import visible
from hub.graph.rows import collected


def projection(alias: str, fields: tuple[str, ...] | None) -> str:
    """The properties read of each record: those named (what the selection needs), or all of them."""
    if fields is None:
        return f"{alias} {{.*}}"
    return f"{alias} {{" + ", ".join(f".{f}" for f in fields) + "}"


def get_by_keys(label: str, fields: tuple[str, ...] | None = None) -> str:
    """fields: the properties to read (None: all). Rows collected into one (hub.graph.rows)."""
    return (
        f"UNWIND $keys AS key MATCH (n:{label} {{key: key}}) WHERE {visible('n')} "
        + collected({"node": projection("n", fields)})
    )


def create(label: str) -> str:
    return f"CREATE (n:{label}) SET n = $props RETURN n {{.*}} AS node"


def get_linked(labels: tuple[str, ...]) -> str:
    """The records a new record will link to, of several labels in one statement: `$keys0`, `$keys1`, ...
    for the labels in order, each record with its label, those the viewer may see."""
    return " UNION ALL ".join(
        f"UNWIND $keys{i} AS key MATCH (n:{label} {{key: key}}) WHERE {visible('n')} "
        f"RETURN '{label}' AS label, n {{.*}} AS node" for i, label in enumerate(labels))


def create_linked(label: str, kinds: tuple[tuple[str, str, bool], ...], receipt: bool = False) -> str:
    """A new record, its relationships, its audit entries and with `receipt` its idempotency receipt
    (`$receipt`) in one statement (one round trip, not one per kind of link, one for the trail and one for the
    receipt). kinds: (relationship type, other label, outgoing from the new
    record) for `$links0`, `$links1`, ...: non-empty lists of {key, props} of records get_linked found.
    Returns the record and how many relationships of each kind were made. Each part ends in an aggregate,
    so the next starts from one row; the counts are carried as they are (an earlier count added to a new
    aggregate in one expression is rejected by both engines)."""
    parts = [f"CREATE (n:{label}) SET n = $props WITH n"]
    made: list[str] = []
    for i, (rel, other, outgoing) in enumerate(kinds):
        arrow = f"(n)-[r{i}:{rel}]->(m{i})" if outgoing else f"(m{i})-[r{i}:{rel}]->(n)"
        parts.append(f"UNWIND $links{i} AS row{i} MATCH (m{i}:{other} {{key: row{i}.key}}) "
                     f"CREATE {arrow} SET r{i} = row{i}.props WITH n, {''.join(m + ', ' for m in made)}count(r{i}) AS made{i}")
        made.append(f"made{i}")
    parts.append(f"UNWIND $entries AS entry CREATE (e:AuditEntry) SET e = entry "
                 f"WITH n, {''.join(m + ', ' for m in made)}count(e) AS logged")
    if receipt:
        parts.append("CREATE (stored:MutationReceipt) SET stored = $receipt")
    parts.append(f"RETURN n {{.*}} AS node, [{', '.join(made)}] AS made")
    return " ".join(parts)


def lock(label: str) -> str:
    """Takes the write lock on a record the viewer may see and reads it as it now is, so a version check
    cannot race."""
    return f"MATCH (n:{label} {{key: $key}}) WHERE {visible('n')} SET n.lockToken = $token RETURN n {{.*}} AS node"


def update(label: str, *, audited: bool = False) -> str:
    """The changes, the next version and the lock let go; with `audited` the change's audit entries
    (`$entries`, worked out from the lock's read) written by the same statement."""
    entries = " WITH n UNWIND $entries AS entry CREATE (e:AuditEntry) SET e = entry WITH DISTINCT n" if audited else ""
    return (
        f"MATCH (n:{label} {{key: $key}}) SET n += $changes, n.version = n.version + 1 "
        f"REMOVE n.lockToken{entries} RETURN n {{.*}} AS node"
    )


def delete(label: str) -> str:
    return f"MATCH (n:{label} {{key: $key}}) DETACH DELETE n RETURN count(*) AS deleted"


def dependents(label: str) -> str:
    """What would be cut off by deleting the record: initiatives implemented, places or themes below it."""
    return (
        f"MATCH (n:{label} {{key: $key}}) "
        "RETURN COUNT { (n)-[:IMPLEMENTS]->(:Initiative) } AS implements, "
        "COUNT { (n)<-[:PART_OF]-() } AS parts, "
        "COUNT { (n)<-[:BROADER]-() } AS narrower"
    )


ACTOR_CASCADE_TARGETS = """
MATCH (a:Actor {key: $key})
OPTIONAL MATCH (a)-[:IMPLEMENTS]->(i:Initiative)
WHERE NOT EXISTS { MATCH (i)<-[:IMPLEMENTS]-(other:Actor) WHERE other.key <> $key }
WITH a, collect(DISTINCT i.key) AS initiatives
OPTIONAL MATCH (a)<-[:LIAISON_FOR]-(c:Contact)
RETURN initiatives, collect(DISTINCT c.key) AS contacts
"""

DELETE_INITIATIVES = "UNWIND $keys AS key MATCH (n:Initiative {key: key}) DETACH DELETE n"
DELETE_CONTACTS = "UNWIND $keys AS key MATCH (n:Contact {key: key}) DETACH DELETE n"


def find_by_identity() -> str:
    """Existing actors an actor registration would duplicate, in the same country: the same normalised name or
    acronym, or a name equal to the other's acronym (an organisation registered once by its full name and once by
    its acronym). Both keys are built as `normalised text|country`, so they compare across. Every actor counts,
    so an organisation is never registered twice; one the viewer may not see is reported without its name or id."""
    return (
        "MATCH (n:Actor) WHERE (n.identityKey IN [$identityKey, $acronymKey] OR n.acronymKey IN [$acronymKey, $identityKey]) "
        f"AND ($key IS NULL OR n.key <> $key) RETURN n.key AS key, n.name AS name, {visible('n')} AS shown LIMIT 5"
    )


MISSING_SEARCH_TERMS = """
MATCH (n) WHERE n.key IS NOT NULL AND n.searchTerms IS NULL AND any(l IN labels(n) WHERE l IN $labels)
RETURN labels(n) AS labels, n {.*} AS node
LIMIT 1000
"""


def set_derived(label: str) -> str:
    return f"UNWIND $rows AS row MATCH (n:{label} {{key: row.key}}) SET n += row.props"
