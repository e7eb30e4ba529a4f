"""The neighbourhood of a record and the actor collaboration network: the statements that fetch them.

A neighbourhood is walked one hop per statement from element ids inside one read transaction (as paths.py
does), with visibility applied to every node and relationship reached. The collaboration network is fetched
in a few statements whatever its size: who works on which initiatives, and the direct links between actors.
"""

from hub.graph.access import unmasked, visible
from hub.graph.analysis.presence import INITIATIVE_CONDITIONS
from hub.graph.history import existed, linked, there

MAX_DEPTH = 3

# What a record is called, in every view: its name or title, category, acronym and its names in other scripts.
_NAMES = ("coalesce({n}.name, {n}.title) AS name, coalesce({n}.kind, {n}.level, {n}.status) AS kind, "
          "{n}.acronym AS acronym, coalesce({n}.aliases, {n}.alternateNames) AS otherNames")

# Records carrying dates are kept when active at some time in the period; the others always.
_PERIOD = (
    "(coalesce(m.endDate, m.validTo) IS NULL OR coalesce(m.endDate, m.validTo) >= $activeFrom) "
    "AND (coalesce(m.startDate, m.validFrom) IS NULL OR coalesce(m.startDate, m.validFrom) <= $activeTo)"
)


def start(label: str, as_of: bool = False) -> str:
    """as_of: only if the record existed at $asOf (hub.graph.history)."""
    return (f"MATCH (m:{label} {{key: $key}}) WHERE {visible('m')}{' AND ' + there('m') if as_of else ''} "
            f"RETURN elementId(m) AS id, labels(m) AS labels, m.key AS key, {_NAMES.format(n='m')}")


def step(rel_types: list[str] | None, period: bool, as_of: bool = False) -> str:
    """The visible neighbours of a frontier. rel_types come from the API's relationship enum only. A
    sensitive record's places are left out for viewers who may not see them exactly. as_of: only records and
    relationships that existed at $asOf."""
    types = ":" + "|".join(rel_types) if rel_types else ""
    conditions = ["m.key IS NOT NULL", visible("m"), visible("r"),
                  f"(NOT (n:Location OR m:Location) OR ({unmasked('n')} AND {unmasked('m')}))",
                  "any(label IN labels(m) WHERE label IN $labels)"]
    if period:
        conditions.append(_PERIOD)
    if as_of:
        conditions += [there("m"), linked("r")]
    return (
        "UNWIND $ids AS id MATCH (n) WHERE elementId(n) = id "
        f"MATCH (n)-[r{types}]-(m) WHERE {' AND '.join(conditions)} "
        "RETURN id AS source, elementId(m) AS target, elementId(r) AS link, type(r) AS type, "
        "elementId(startNode(r)) = id AS outgoing, labels(m) AS labels, m.key AS key, "
        f"{_NAMES.format(n='m')} "
        "ORDER BY source, key LIMIT $limit"
    )


def restored_step(label: str, period: bool) -> str:
    """The far ends, of one label, of relationships removed since $asOf that stood then
    (hub.services.history), from frontier records by element id: the same conditions as a step."""
    conditions = [visible("n"), visible("m"), there("m"),
                  f"(NOT (n:Location OR m:Location) OR ({unmasked('n')} AND {unmasked('m')}))",
                  "any(label IN labels(m) WHERE label IN $labels)"]
    if period:
        conditions.append(_PERIOD)
    return (
        f"UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.id MATCH (m:{label} {{key: row.far}}) "
        f"WHERE {' AND '.join(conditions)} "
        "RETURN row.id AS source, elementId(m) AS target, row.link AS link, row.type AS type, "
        "row.outgoing AS outgoing, labels(m) AS labels, m.key AS key, "
        f"{_NAMES.format(n='m')} "
        "ORDER BY source, key"
    )


def joint_work(by_place: bool, conditions: list[str], as_of: bool = False) -> str:
    """Per initiative in scope, the visible actors implementing or funding it. as_of: only actors and links
    there at $asOf (the initiative's own test is the "asOf" condition), and initiatives without any are kept too,
    for the links removed since that stood then."""
    where = " AND ".join([visible("i")] + [INITIATIVE_CONDITIONS[c] for c in conditions])
    if by_place:
        head = ("MATCH (l:Location)<-[:LOCATED_IN]-(i:Initiative) "
                f"WHERE l.key IN $placeKeys AND {where} AND {unmasked('i')} WITH DISTINCT i ")
    else:
        head = f"MATCH (i:Initiative) WHERE {where} "
    then = f" AND {existed('a')} AND {linked('r')}" if as_of else ""
    return (
        head + f"{'OPTIONAL ' if as_of else ''}MATCH (i)<-[r:IMPLEMENTS|FUNDS]-(a:Actor) "
        f"WHERE {visible('a')} AND {visible('r')}{' AND ' + unmasked('a') if by_place else ''}{then} "
        "RETURN i.key AS initiative, collect(DISTINCT a.key) AS actors"
    )


def all_actors(as_of: bool = False) -> str:
    then = f" AND {existed('a')}" if as_of else ""
    return f"MATCH (a:Actor) WHERE {visible('a')}{then} RETURN a.key AS key, {_NAMES.format(n='a')}"


def actors_by_key(as_of: bool = False, masked: bool = False) -> str:
    """masked: leave out actors the viewer may not see unmasked (a place's network)."""
    then = (f" AND {existed('a')}" if as_of else "") + (f" AND {unmasked('a')}" if masked else "")
    return f"""
UNWIND $keys AS key
MATCH (a:Actor {{key: key}})
WHERE {visible('a')}{then}
RETURN a.key AS key, {_NAMES.format(n='a')}
"""


def all_actor_links(as_of: bool = False) -> str:
    then = f" AND {existed('a')} AND {existed('b')} AND {linked('r')}" if as_of else ""
    return f"""
MATCH (a:Actor)-[r:PARTNERS_WITH|MEMBER_OF|FUNDS]->(b:Actor)
WHERE {visible('a')} AND {visible('b')} AND {visible('r')}{then}
RETURN a.key AS source, b.key AS target, type(r) AS type
"""


def actor_links_among(as_of: bool = False) -> str:
    then = f" AND {existed('a')} AND {existed('b')} AND {linked('r')}" if as_of else ""
    return f"""
UNWIND $keys AS key
MATCH (a:Actor {{key: key}})-[r:PARTNERS_WITH|MEMBER_OF|FUNDS]->(b:Actor)
WHERE b.key IN $keys AND {visible('a')} AND {visible('b')} AND {visible('r')}{then}
RETURN a.key AS source, b.key AS target, type(r) AS type
"""


ALL_ACTORS = all_actors()
ACTORS_BY_KEY = actors_by_key()
ALL_ACTOR_LINKS = all_actor_links()
ACTOR_LINKS_AMONG = actor_links_among()


# -- the whole visible graph, page by page ---------------------------------------------------------------------

def every(label: str) -> str:
    """A page of the visible records of one type, in key order after $after."""
    return (f"MATCH (n:{label}) WHERE n.key > $after AND {visible('n')} "
            f"RETURN n.key AS key, {_NAMES.format(n='n')} ORDER BY key LIMIT $limit")


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
