"""The neighbourhood of a record and the actor collaboration network: the statements that fetch them.

A neighbourhood is walked one hop per statement from element ids inside one read transaction (as paths.py
does), with visibility applied to every node and relationship reached. The collaboration network is fetched
in a few statements whatever its size: who works on which initiatives, and the direct links between actors.
"""

from hub.graph.access import unmasked, visible
from hub.graph.analysis.presence import INITIATIVE_CONDITIONS

MAX_DEPTH = 3

# Records carrying dates are kept when active at some time in the period; the others always.
_PERIOD = (
    "(coalesce(m.endDate, m.validTo) IS NULL OR coalesce(m.endDate, m.validTo) >= $activeFrom) "
    "AND (coalesce(m.startDate, m.validFrom) IS NULL OR coalesce(m.startDate, m.validFrom) <= $activeTo)"
)


def start(label: str) -> str:
    return (f"MATCH (m:{label} {{key: $key}}) WHERE {visible('m')} "
            "RETURN elementId(m) AS id, labels(m) AS labels, m.key AS key, coalesce(m.name, m.title) AS name, "
            "coalesce(m.kind, m.level, m.status) AS kind")


def step(rel_types: list[str] | None, period: bool) -> str:
    """The visible neighbours of a frontier. rel_types come from the API's relationship enum only. A
    sensitive record's places are left out for viewers who may not see them exactly."""
    types = ":" + "|".join(rel_types) if rel_types else ""
    conditions = ["m.key IS NOT NULL", visible("m"), visible("r"),
                  f"(NOT (n:Location OR m:Location) OR ({unmasked('n')} AND {unmasked('m')}))",
                  "any(label IN labels(m) WHERE label IN $labels)"]
    if period:
        conditions.append(_PERIOD)
    return (
        "UNWIND $ids AS id MATCH (n) WHERE elementId(n) = id "
        f"MATCH (n)-[r{types}]-(m) WHERE {' AND '.join(conditions)} "
        "RETURN id AS source, elementId(m) AS target, elementId(r) AS link, type(r) AS type, "
        "elementId(startNode(r)) = id AS outgoing, labels(m) AS labels, m.key AS key, "
        "coalesce(m.name, m.title) AS name, coalesce(m.kind, m.level, m.status) AS kind "
        "ORDER BY source, key LIMIT $limit"
    )


def joint_work(by_place: bool, conditions: list[str]) -> str:
    """Per initiative in scope, the visible actors implementing or funding it."""
    where = " AND ".join([visible("i")] + [INITIATIVE_CONDITIONS[c] for c in conditions])
    if by_place:
        head = ("MATCH (l:Location)<-[:LOCATED_IN]-(i:Initiative) "
                f"WHERE l.key IN $placeKeys AND {where} AND {unmasked('i')} WITH DISTINCT i ")
    else:
        head = f"MATCH (i:Initiative) WHERE {where} "
    return (
        head + "MATCH (i)<-[r:IMPLEMENTS|FUNDS]-(a:Actor) "
        f"WHERE {visible('a')} AND {visible('r')}{' AND ' + unmasked('a') if by_place else ''} "
        "RETURN i.key AS initiative, collect(DISTINCT a.key) AS actors"
    )


ALL_ACTORS = f"MATCH (a:Actor) WHERE {visible('a')} RETURN a.key AS key, a.name AS name, a.kind AS kind"

ACTORS_BY_KEY = f"""
UNWIND $keys AS key
MATCH (a:Actor {{key: key}})
WHERE {visible('a')}
RETURN a.key AS key, a.name AS name, a.kind AS kind
"""

ALL_ACTOR_LINKS = f"""
MATCH (a:Actor)-[r:PARTNERS_WITH|MEMBER_OF|FUNDS]->(b:Actor)
WHERE {visible('a')} AND {visible('b')} AND {visible('r')}
RETURN a.key AS source, b.key AS target, type(r) AS type
"""

ACTOR_LINKS_AMONG = f"""
UNWIND $keys AS key
MATCH (a:Actor {{key: key}})-[r:PARTNERS_WITH|MEMBER_OF|FUNDS]->(b:Actor)
WHERE b.key IN $keys AND {visible('a')} AND {visible('b')} AND {visible('r')}
RETURN a.key AS source, b.key AS target, type(r) AS type
"""


# -- the whole visible graph, page by page ---------------------------------------------------------------------

def every(label: str) -> str:
    """A page of the visible records of one type, in key order after $after."""
    return (f"MATCH (n:{label}) WHERE n.key > $after AND {visible('n')} "
            "RETURN n.key AS key, coalesce(n.name, n.title) AS name, coalesce(n.kind, n.level, n.status) AS kind "
            "ORDER BY key LIMIT $limit")


def count_every(label: str) -> str:
    return f"MATCH (n:{label}) WHERE {visible('n')} RETURN count(n) AS count"


def links_from(label: str) -> str:
    """The visible relationships leaving a page of records, to visible records; as in a neighbourhood, a sensitive
    record's places are left out for viewers who may not see them exactly."""
    return (
        f"UNWIND $keys AS key MATCH (a:{label} {{key: key}})-[r]->(b) "
        f"WHERE type(r) IN $types AND b.key IS NOT NULL AND any(label IN labels(b) WHERE label IN $labels) "
        f"AND {visible('a')} AND {visible('r')} AND {visible('b')} "
        f"AND (NOT (a:Location OR b:Location) OR ({unmasked('a')} AND {unmasked('b')})) "
        "RETURN a.key AS source, type(r) AS type, labels(b) AS labels, b.key AS target ORDER BY source, type, target"
    )
