"""Who works where: the work of actors in a set of places, and the presence matrix of a place."""

from hub.graph.access import unmasked, visible
from hub.graph.history import existed, linked, there
from hub.graph.nodes import projection
from hub.graph.rows import collected

# Conditions on initiative `i`, switched on by the analysis that uses them.
INITIATIVE_CONDITIONS = {
    "themeKeys": "EXISTS { MATCH (i)-[:ADDRESSES]->(t:Theme) WHERE t.key IN $themeKeys }",
    "activeFrom": "(i.endDate IS NULL OR i.endDate >= $activeFrom)",
    "activeTo": "(i.startDate IS NULL OR i.startDate <= $activeTo)",
    "targetGroups": "any(g IN coalesce(i.targetGroups, []) WHERE g IN $targetGroups)",
    "statuses": "i.status IN $statuses",
    "asOf": there("i"),  # existed at $asOf and running on its day (hub.graph.history)
}


def initiative_where(conditions: list[str]) -> str:
    """Sensitive initiatives are left out of maps for viewers who may not see them unmasked."""
    return " AND ".join([visible("i"), unmasked("i")] + [INITIATIVE_CONDITIONS[c] for c in conditions])


def actor_work(conditions: list[str], kinds: bool, as_of: bool = False,
               records: dict[str, tuple[str, ...] | None] | None = None) -> str:
    """Per actor, the initiatives it implements or funds in the places, with the place each is in. as_of: only
    actors and links there at $asOf (the initiatives' own test is the "asOf" condition). records: label ("Actor",
    "Initiative") -> the properties to read of the answer's records with their work (None: all), so that they
    need no statement of their own (`node` of a row and of a work item). Rows collected into one (hub.graph.rows)."""
    records = records or {}
    kind_filter = " AND a.kind IN $kinds" if kinds else ""
    then = f" AND {existed('a')} AND {linked('r')}" if as_of else ""
    # named in a WITH first: the embedded engine loses a map literal holding a projection (engine difference 15)
    initiative = (f"WITH a, i, r, places, {projection('i', records['Initiative'])} AS initiativeNode "
                  if "Initiative" in records else "")
    item = "initiative: i.key, relation: type(r), role: r.role, places: places"
    columns = {"actor": "a.key", "work": "work"}
    if "Actor" in records:
        columns["node"] = projection("a", records["Actor"])
    return (
        "MATCH (l:Location)<-[:LOCATED_IN]-(i:Initiative) "
        f"WHERE l.key IN $placeKeys AND {initiative_where(conditions)} "
        "MATCH (i)<-[r:IMPLEMENTS|FUNDS]-(a:Actor) "
        f"WHERE {visible('a')} AND {unmasked('a')} AND {visible('r')}{kind_filter}{then} "
        f"WITH a, i, r, collect(DISTINCT l.key) AS places {initiative}"
        f"WITH a, collect({{{item}{', node: initiativeNode' if initiative else ''}}}) AS work "
        + collected(columns)
    )


def removed_work(conditions: list[str], kinds: bool) -> str:
    """actor_work for links removed since $asOf that stood then ($rows: actor, initiative, relation, role)."""
    kind_filter = " AND a.kind IN $kinds" if kinds else ""
    return (
        "UNWIND $rows AS row "
        "MATCH (i:Initiative {key: row.initiative})-[:LOCATED_IN]->(l:Location) "
        f"WHERE l.key IN $placeKeys AND {initiative_where(conditions)} "
        "MATCH (a:Actor {key: row.actor}) "
        f"WHERE {visible('a')} AND {unmasked('a')} AND {existed('a')}{kind_filter} "
        "WITH a, i, row, collect(DISTINCT l.key) AS places "
        "RETURN a.key AS actor, collect({initiative: i.key, relation: row.relation, role: row.role, places: places}) AS work"
    )


def present_actors(kinds: bool, as_of: bool = False,
                   records: dict[str, tuple[str, ...] | None] | None = None) -> str:
    """Actors that declare presence in the places, with or without registered initiatives there. as_of: only
    actors and presence there at $asOf. records: as for actor_work (only "Actor" applies here). Rows collected
    into one (hub.graph.rows)."""
    records = records or {}
    kind_filter = " AND a.kind IN $kinds" if kinds else ""
    then = f" AND {existed('a')} AND {linked('r')}" if as_of else ""
    columns = {"actor": "a.key", "places": "places"}
    if "Actor" in records:
        columns["node"] = projection("a", records["Actor"])
    return (
        "MATCH (l:Location)<-[r:OPERATES_IN]-(a:Actor) "
        f"WHERE l.key IN $placeKeys AND {visible('a')} AND {unmasked('a')} AND {visible('r')}{kind_filter}{then} "
        "WITH a, collect(DISTINCT l.key) AS places "
        + collected(columns)
    )


def matrix_places(by_level: bool) -> str:
    """The places the matrix has rows for: the place's children, or its descendants at one level."""
    if by_level:
        return (
            "MATCH (p:Location {key: $key})<-[:PART_OF*1..]-(c:Location) WHERE c.level = $level "
            "RETURN DISTINCT c.key AS key ORDER BY key"
        )
    return "MATCH (p:Location {key: $key})<-[:PART_OF]-(c:Location) RETURN c.key AS key ORDER BY key"


def matrix_cells(conditions: list[str], as_of: bool = False) -> str:
    """Per row place and theme: active initiatives at or below the row place, and the actors behind them.

    The row place of each initiative comes from walking up from where it is located. as_of: only actors and
    links there at $asOf (the initiatives' own test is the "asOf" condition).
    """
    then = f" AND {existed('a')} AND {linked('r')}" if as_of else ""
    return (
        "MATCH (row:Location)<-[:PART_OF*0..]-(l:Location)<-[:LOCATED_IN]-(i:Initiative) "
        f"WHERE row.key IN $rowKeys AND {initiative_where(conditions)} "
        "MATCH (i)-[:ADDRESSES]->(t:Theme) "
        "OPTIONAL MATCH (i)<-[r:IMPLEMENTS|FUNDS]-(a:Actor) "
        f"WHERE {visible('a')} AND {unmasked('a')}{then} "
        "RETURN row.key AS place, t.key AS theme, collect(DISTINCT i.key) AS initiatives, collect(DISTINCT a.key) AS actors"
    )


def removed_cells(conditions: list[str]) -> str:
    """matrix_cells' actors for links removed since $asOf that stood then ($links: actor, initiative)."""
    return (
        "UNWIND $links AS link "
        "MATCH (row:Location)<-[:PART_OF*0..]-(l:Location)<-[:LOCATED_IN]-(i:Initiative {key: link.initiative}) "
        f"WHERE row.key IN $rowKeys AND {initiative_where(conditions)} "
        "MATCH (i)-[:ADDRESSES]->(t:Theme) "
        "MATCH (a:Actor {key: link.actor}) "
        f"WHERE {visible('a')} AND {unmasked('a')} AND {existed('a')} "
        "RETURN row.key AS place, t.key AS theme, collect(DISTINCT i.key) AS initiatives, collect(DISTINCT a.key) AS actors"
    )


THEME_ROOTS = """
MATCH (t:Theme)-[:BROADER*0..]->(root:Theme)
WHERE NOT (root)-[:BROADER]->(:Theme)
RETURN t.key AS theme, root.key AS root
"""

def contacts_of(as_of: bool = False) -> str:
    """as_of: only contacts and liaison links there at $asOf."""
    then = f" AND {existed('c')} AND {linked('r')}" if as_of else ""
    return f"""
UNWIND $keys AS key
MATCH (a:Actor {{key: key}})<-[r:LIAISON_FOR]-(c:Contact)
WHERE {visible('a')} AND {visible('c')} AND {visible('r')}{then}
RETURN key AS actor, c {{.*}} AS contact
ORDER BY c.sortName
"""


CONTACTS_OF = contacts_of()
