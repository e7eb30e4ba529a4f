"""The review queue of organisation merges, and merging one actor into another so that it can be undone.

Relationship types reach Cypher only from hub.model (and the due-diligence types OF and ABOUT), so moving
an actor's relationships is one statement per type, direction and label at the other end.
"""

from hub.graph.access import visible
from hub.model import RELATIONSHIP_TYPES

# (relationship type, the actor is its start, label at the other end) of everything that can touch an actor
ACTOR_LINK_KINDS: tuple[tuple[str, bool, str], ...] = tuple(sorted(
    {(rel.name, True, target) for rel in RELATIONSHIP_TYPES.values() for source, target in rel.ends if source == "Actor"}
    | {(rel.name, False, source) for rel in RELATIONSHIP_TYPES.values() for source, target in rel.ends if target == "Actor"}
    | {("OF", False, "Verification"), ("ABOUT", False, "Observation")}))
# records an actor owns (their ownerKey), moved with it
OWNED_LABELS = ("Initiative", "Mandate", "Need", "Contact")

QUEUE_CANDIDATES = (
    "UNWIND $rows AS row MERGE (c:MergeCandidate {pairKey: row.pairKey}) "
    "ON CREATE SET c += row.props RETURN count(c) AS queued"
)

CANDIDATES = """
MATCH (c:MergeCandidate)
WHERE $status IS NULL OR c.status = $status
WITH c ORDER BY c.score DESC, c.createdAt, c.key SKIP $skip LIMIT $limit
RETURN c {.*} AS candidate
"""

COUNT_CANDIDATES = """
MATCH (c:MergeCandidate)
WHERE $status IS NULL OR c.status = $status
RETURN count(c) AS total
"""

LOCK_CANDIDATE = "MATCH (c:MergeCandidate {key: $key}) SET c.lockToken = $token RETURN c {.*} AS candidate"

SET_CANDIDATE = (
    "MATCH (c:MergeCandidate {key: $key}) SET c += $changes, c.version = c.version + 1 REMOVE c.lockToken "
    "RETURN c {.*} AS candidate"
)

# pending candidates about an actor that a merge removes: closed with it, reopened by its undo
CLOSE_CANDIDATES_OF = """
MATCH (c:MergeCandidate)
WHERE c.status = 'PENDING' AND c.key <> $except AND (c.survivorKey = $key OR c.mergedKey = $key)
SET c.status = 'OBSOLETE', c.version = c.version + 1
RETURN collect(c.key) AS keys
"""

REOPEN_CANDIDATES = (
    "UNWIND $keys AS key MATCH (c:MergeCandidate {key: key}) WHERE c.status = 'OBSOLETE' "
    "SET c.status = 'PENDING', c.version = c.version + 1"
)

ACTOR_LINKS = f"""
MATCH (a:Actor {{key: $key}})-[r]-(o)
WHERE {visible('a')} AND {visible('o')}
RETURN type(r) AS type, startNode(r) = a AS outgoing, labels(o) AS labels, o.key AS other, properties(r) AS props
"""

# the relationships a merge gave the survivor carry the merged actor's key: an undo removes them
REMOVE_MERGED_LINKS = f"""
MATCH (a:Actor {{key: $key}})-[r]-(o)
WHERE r.mergedFrom = $merged AND {visible('a')} AND {visible('o')}
DELETE r
RETURN count(*) AS removed
"""

CREATE_MERGE = "CREATE (m:ActorMerge) SET m = $props RETURN m {.*} AS merge"

LOCK_MERGE = "MATCH (m:ActorMerge {key: $key}) SET m.lockToken = $token RETURN m {.*} AS merge"

SET_MERGE = (
    "MATCH (m:ActorMerge {key: $key}) SET m += $changes, m.version = m.version + 1 REMOVE m.lockToken "
    "RETURN m {.*} AS merge"
)

MERGES_BY_KEY = "UNWIND $keys AS key MATCH (m:ActorMerge {key: key}) RETURN m {.*} AS merge"

# member tokens acting for the merged actor act for the survivor; an undo gives each its list back
MOVE_TOKENS = """
MATCH (t:ApiToken) WHERE $from IN t.actorKeys
WITH t, t.actorKeys AS before
SET t.actorKeys = reduce(keys = [], k IN [x IN before | CASE WHEN x = $from THEN $to ELSE x END] |
                         CASE WHEN k IN keys THEN keys ELSE keys + k END)
RETURN t.key AS key, before
"""

RESTORE_TOKENS = "UNWIND $rows AS row MATCH (t:ApiToken {key: row.key}) SET t.actorKeys = row.before"


def add_links(rel: str, outgoing: bool, other: str) -> str:
    """The actor's relationships of one type and direction to records of one label, with their properties."""
    pattern = f"(a)-[r:{rel}]->(o)" if outgoing else f"(o)-[r:{rel}]->(a)"
    return (
        f"UNWIND $rows AS row MATCH (a:Actor {{key: $key}}) MATCH (o:{other} {{key: row.other}}) "
        f"CREATE {pattern} SET r = row.props RETURN count(r) AS created"
    )


def move_owned(label: str) -> str:
    """Records the merged actor owns become the survivor's; their keys are kept so an undo gives them back."""
    return f"MATCH (n:{label}) WHERE n.ownerKey = $from SET n.ownerKey = $to RETURN collect(n.key) AS keys"


def restore_owned(label: str) -> str:
    return f"UNWIND $keys AS key MATCH (n:{label} {{key: key}}) SET n.ownerKey = $to"


def statements() -> list[tuple[str, str]]:
    """Every builder's statements, for the catalogue."""
    found = []
    for rel, outgoing, other in ACTOR_LINK_KINDS:
        tag = f"{rel},{'out' if outgoing else 'in'},{other}"
        found.append((f"merges.add_links[{tag}]", add_links(rel, outgoing, other)))
    for label in OWNED_LABELS:
        found += [(f"merges.move_owned[{label}]", move_owned(label)),
                  (f"merges.restore_owned[{label}]", restore_owned(label))]
    return found

# what the organisation resolver compares an import's organisations with: every actor's names
ACTOR_NAMES = (
    f"MATCH (n:Actor) WHERE {visible('n')} "
    "RETURN n.key AS key, n.name AS name, n.acronym AS acronym, n.aliases AS aliases, n.iatiOrgRef AS ref"
)
