"""Coverage gaps and mandates: needs nobody addresses, places nobody is present in, mandated themes
without activity, who is mandated where, activity outside mandates, and mandates with no activity."""

from hub.graph.access import visible
from hub.graph.history import existed, linked, there

_LIVE = (
    "{i}.status IN $statuses AND ({i}.endDate IS NULL OR {i}.endDate >= $activeFrom)"
    " AND ({i}.startDate IS NULL OR {i}.startDate <= $activeTo)"
)
_VALID = "({m}.validTo IS NULL OR {m}.validTo >= $activeFrom) AND ({m}.validFrom IS NULL OR {m}.validFrom <= $activeTo)"


def _live(alias: str, as_of: bool = False) -> str:
    """as_of: also there at $asOf (hub.graph.history)."""
    return _LIVE.format(i=alias) + f" AND {visible(alias)}" + (f" AND {there(alias)}" if as_of else "")


def _valid(alias: str, as_of: bool = False) -> str:
    return _VALID.format(m=alias) + f" AND {visible(alias)}" + (f" AND {there(alias)}" if as_of else "")


def _then(record: str, rel: str, as_of: bool) -> str:
    """as_of: a record and its relationship there at $asOf."""
    return f" AND {existed(record)} AND {linked(rel)}" if as_of else ""


def unaddressed_needs(theme_filter: bool, as_of: bool = False) -> str:
    """Needs at or below the places with no live initiative at or below the need's place on one of the
    need's themes (or a narrower one). as_of: needs and initiatives there at $asOf."""
    themes = " AND EXISTS { MATCH (n)-[:ADDRESSES]->(t:Theme) WHERE t.key IN $themeKeys }" if theme_filter else ""
    then = f" AND {there('n')}" if as_of else ""
    return (
        "MATCH (p:Location)<-[:AT]-(n:Need) "
        f"WHERE p.key IN $placeKeys AND {visible('n')}{then}{themes} "
        "AND NOT EXISTS { "
        "  MATCH (p)<-[:PART_OF*0..]-(:Location)<-[:LOCATED_IN]-(i:Initiative), "
        "        (n)-[:ADDRESSES]->(:Theme)<-[:BROADER*0..]-(:Theme)<-[:ADDRESSES]-(i) "
        f"  WHERE {_live('i', as_of)} }} "
        "RETURN n.key AS need, n.severity AS severity, n.reportedOn AS reportedOn, p.key AS place, "
        "[(n)-[:ADDRESSES]->(t:Theme) | t.key] AS themes"
    )


def places_without_actors(as_of: bool = False) -> str:
    """Places at or below the scope holding visible needs, where no actor is present or active at or below.
    as_of: needs, actors, initiatives and links there at $asOf, and none of the places in $staffedKeys (where
    links removed since put an actor then: staffed_places)."""
    then = f" AND {there('n')}" if as_of else ""
    staffed = " AND NOT EXISTS { MATCH (p)<-[:PART_OF*0..]-(s:Location) WHERE s.key IN $staffedKeys }" if as_of else ""
    return (
        "MATCH (p:Location)<-[:AT]-(n:Need) "
        f"WHERE p.key IN $placeKeys AND {visible('n')}{then} "
        "WITH p, collect(n.key) AS needs, collect(n.severity) AS severities "
        "WHERE NOT EXISTS { MATCH (p)<-[:PART_OF*0..]-(:Location)<-[r:OPERATES_IN]-(a:Actor) "
        f"  WHERE {visible('a')}{_then('a', 'r', as_of)} }} "
        "AND NOT EXISTS { MATCH (p)<-[:PART_OF*0..]-(:Location)<-[:LOCATED_IN]-(i:Initiative)<-[r:IMPLEMENTS]-(ia:Actor) "
        f"  WHERE {_live('i', as_of)} AND {visible('ia')}{_then('ia', 'r', as_of)} }}{staffed} "
        "RETURN p.key AS place, needs, severities"
    )


def present_then() -> str:
    """Of the presence links removed since $asOf that stood then ($links: actor, place), the places of those
    whose actor is visible and existed: places_without_actors' $staffedKeys."""
    return (
        "UNWIND $links AS link "
        "MATCH (a:Actor {key: link.actor}) "
        f"WHERE {visible('a')} AND {existed('a')} "
        "RETURN DISTINCT link.place AS place"
    )


def working_then() -> str:
    """Of the implementing links removed since $asOf that stood then ($links: actor, initiative), the places
    of the live initiatives (there then) of visible actors that existed: places_without_actors' $staffedKeys."""
    return (
        "UNWIND $links AS link "
        "MATCH (a:Actor {key: link.actor}) "
        f"WHERE {visible('a')} AND {existed('a')} "
        "MATCH (i:Initiative {key: link.initiative})-[:LOCATED_IN]->(l:Location) "
        f"WHERE {_live('i', True)} "
        "RETURN DISTINCT l.key AS place"
    )


def mandated_themes(as_of: bool = False) -> str:
    """Themes of valid mandates covering the place, or an area around or within it. as_of: mandates there then."""
    return (
        "MATCH (c:Location)<-[:COVERS]-(m:Mandate) "
        f"WHERE c.key IN $coverKeys AND {_valid('m', as_of)} "
        "MATCH (m)-[:ADDRESSES]->(t:Theme) "
        "RETURN t.key AS theme, collect(DISTINCT m.key) AS mandates"
    )


def addressed_themes(as_of: bool = False) -> str:
    """Every theme a live initiative at or below the place works on, directly or through a narrower theme.
    as_of: initiatives there then."""
    return (
        "MATCH (l:Location)<-[:LOCATED_IN]-(i:Initiative) "
        f"WHERE l.key IN $placeKeys AND {_live('i', as_of)} "
        "MATCH (i)-[:ADDRESSES]->(:Theme)-[:BROADER*0..]->(t:Theme) "
        "RETURN collect(DISTINCT t.key) AS keys"
    )


_ON_ITS_THEMES = ("(NOT EXISTS { MATCH (m)-[:ADDRESSES]->(:Theme) } "
                  "OR EXISTS { MATCH (m)-[:ADDRESSES]->(:Theme)<-[:BROADER*0..]-(:Theme)<-[:ADDRESSES]-(i) })")
_ACTIVITY_THEMES = ("($activityThemeKeys IS NULL OR EXISTS { "
                    "MATCH (i)-[:ADDRESSES]->(it:Theme) WHERE it.key IN $activityThemeKeys })")
# as of a moment, the relationships removed since that stood then come as $heldThen (actor, mandate) and
# $workedThen (actor, initiative): hub.services.analysis.gaps.links_then
_WORKED_THEN = "i.key IN [y IN $workedThen WHERE y.actor = a.key | y.initiative]"


def mandated_actors(as_of: bool = False) -> str:
    """Holders of valid mandates covering the place or an area containing it, on the theme, a broader
    theme or a narrower one (themeKeys holds all three), of the given kinds ($kinds null: any); with
    whether each is active there: a live initiative of theirs at or below the place, on the theme or a
    narrower one (activityThemeKeys; null: any theme). $active (null: both) keeps only those that are, or
    only those that are not. as_of: mandates, holders, initiatives and their links there at $asOf."""
    where_work = f"p.key = $placeKey AND {_live('i', as_of)} AND {_ACTIVITY_THEMES}"
    if not as_of:
        return (
            "MATCH (c:Location)<-[:COVERS]-(m:Mandate)<-[:HOLDS]-(a:Actor) "
            f"WHERE c.key IN $coverKeys AND {_valid('m')} AND {visible('a')} "
            "AND ($kinds IS NULL OR a.kind IN $kinds) "
            "AND ($themeKeys IS NULL OR EXISTS { MATCH (m)-[:ADDRESSES]->(t:Theme) WHERE t.key IN $themeKeys }) "
            "WITH a, collect(DISTINCT m.key) AS mandates "
            "WITH a, mandates, EXISTS { "
            "  MATCH (a)-[:IMPLEMENTS]->(i:Initiative)-[:LOCATED_IN]->(:Location)-[:PART_OF*0..]->(p:Location) "
            f"  WHERE {where_work} }} AS active "
            "WHERE $active IS NULL OR active = $active "
            "RETURN a.key AS actor, mandates, active"
        )
    return (
        "MATCH (c:Location)<-[:COVERS]-(m:Mandate) "
        f"WHERE c.key IN $coverKeys AND {_valid('m', True)} "
        "AND ($themeKeys IS NULL OR EXISTS { MATCH (m)-[:ADDRESSES]->(t:Theme) WHERE t.key IN $themeKeys }) "
        "WITH DISTINCT m "
        "OPTIONAL MATCH (m)<-[h:HOLDS]-(now:Actor) "
        f"WHERE {visible('now')} AND {linked('h')} "
        "WITH m, collect(now.key) + [y IN $heldThen WHERE y.mandate = m.key | y.actor] AS holders "
        "UNWIND holders AS holder "
        "MATCH (a:Actor {key: holder}) "
        f"WHERE {visible('a')} AND {existed('a')} AND ($kinds IS NULL OR a.kind IN $kinds) "
        "WITH a, collect(DISTINCT m.key) AS mandates "
        "WITH a, mandates, EXISTS { "
        "  MATCH (a)-[w:IMPLEMENTS]->(i:Initiative)-[:LOCATED_IN]->(:Location)-[:PART_OF*0..]->(p:Location) "
        f"  WHERE {linked('w')} AND {where_work} }} OR EXISTS {{ "
        "  MATCH (i:Initiative)-[:LOCATED_IN]->(:Location)-[:PART_OF*0..]->(p:Location) "
        f"  WHERE {_WORKED_THEN} AND {where_work} }} AS active "
        "WHERE $active IS NULL OR active = $active "
        "RETURN a.key AS actor, mandates, active"
    )


def activity_outside_mandates(as_of: bool = False) -> str:
    """Initiatives of mandate holders in places that none of their valid mandates covers. as_of: holders
    (of a mandate that existed), initiatives, mandates and their links there at $asOf."""
    if not as_of:
        return (
            "MATCH (a:Actor)-[:HOLDS]->(held:Mandate) "
            f"WHERE {visible('a')} AND {visible('held')} AND ($actorKey IS NULL OR a.key = $actorKey) "
            "WITH DISTINCT a "
            "MATCH (a)-[:IMPLEMENTS]->(i:Initiative)-[:LOCATED_IN]->(l:Location) "
            f"WHERE {_live('i')} AND ($placeKeys IS NULL OR l.key IN $placeKeys) "
            "AND NOT EXISTS { "
            "  MATCH (a)-[:HOLDS]->(m:Mandate)-[:COVERS]->(c:Location), (l)-[:PART_OF*0..]->(c) "
            f"  WHERE {_valid('m')} }} "
            "RETURN a.key AS actor, i.key AS initiative, collect(DISTINCT l.key) AS places"
        )
    return (
        "OPTIONAL MATCH (x:Actor)-[h:HOLDS]->(held:Mandate) "
        f"WHERE {visible('x')} AND {visible('held')} AND {existed('held')} AND {linked('h')} "
        "AND ($actorKey IS NULL OR x.key = $actorKey) "
        "WITH collect(DISTINCT x.key) AS holding "
        "OPTIONAL MATCH (was:Mandate) "
        f"WHERE was.key IN [y IN $heldThen | y.mandate] AND {visible('was')} AND {existed('was')} "
        "WITH holding, collect(was.key) AS heldThen "
        "UNWIND holding + [y IN $heldThen WHERE y.mandate IN heldThen | y.actor] AS holder "
        "MATCH (a:Actor {key: holder}) "
        f"WHERE {visible('a')} AND {existed('a')} AND ($actorKey IS NULL OR a.key = $actorKey) "
        "WITH DISTINCT a "
        "OPTIONAL MATCH (a)-[w:IMPLEMENTS]->(now:Initiative) "
        f"WHERE {visible('now')} AND {linked('w')} "
        "WITH a, collect(now.key) + [y IN $workedThen WHERE y.actor = a.key | y.initiative] AS work "
        "UNWIND work AS initiative "
        "MATCH (i:Initiative {key: initiative})-[:LOCATED_IN]->(l:Location) "
        f"WHERE {_live('i', True)} AND ($placeKeys IS NULL OR l.key IN $placeKeys) "
        "AND NOT EXISTS { "
        "  MATCH (a)-[h:HOLDS]->(m:Mandate)-[:COVERS]->(c:Location), (l)-[:PART_OF*0..]->(c) "
        f"  WHERE {linked('h')} AND {_valid('m', True)} }} "
        "AND NOT EXISTS { "
        "  MATCH (m:Mandate)-[:COVERS]->(c:Location), (l)-[:PART_OF*0..]->(c) "
        f"  WHERE m.key IN [y IN $heldThen WHERE y.actor = a.key | y.mandate] AND {_valid('m', True)} }} "
        "RETURN a.key AS actor, i.key AS initiative, collect(DISTINCT l.key) AS places"
    )


def idle_mandates(as_of: bool = False) -> str:
    """Valid mandates (covering the scope, if one is given) under which no holder runs a live initiative
    within the mandate's coverage on its themes (any theme, if the mandate names none). as_of: mandates,
    holders, initiatives and their links there at $asOf."""
    if not as_of:
        return (
            "MATCH (m:Mandate) "
            f"WHERE {_valid('m')} "
            "AND ($coverKeys IS NULL OR EXISTS { MATCH (m)-[:COVERS]->(c:Location) WHERE c.key IN $coverKeys }) "
            "AND NOT EXISTS { "
            "  MATCH (m)<-[:HOLDS]-(a:Actor)-[:IMPLEMENTS]->(i:Initiative)-[:LOCATED_IN]->(:Location)"
            "-[:PART_OF*0..]->(:Location)<-[:COVERS]-(m) "
            f"  WHERE {_live('i')} AND {visible('a')} "
            f"  AND {_ON_ITS_THEMES} }} "
            f"RETURN m.key AS mandate, [(m)<-[:HOLDS]-(h:Actor) WHERE {visible('h')} | h.key] AS holders"
        )
    return (
        "MATCH (m:Mandate) "
        f"WHERE {_valid('m', True)} "
        "AND ($coverKeys IS NULL OR EXISTS { MATCH (m)-[:COVERS]->(c:Location) WHERE c.key IN $coverKeys }) "
        "OPTIONAL MATCH (m)<-[h:HOLDS]-(now:Actor) "
        f"WHERE {visible('now')} AND {existed('now')} AND {linked('h')} "
        "WITH m, collect(now.key) AS holding "
        "OPTIONAL MATCH (was:Actor) "
        f"WHERE was.key IN [y IN $heldThen WHERE y.mandate = m.key | y.actor] AND {visible('was')} AND {existed('was')} "
        "WITH m, holding, collect(was.key) AS held "
        "WITH m, holding + held AS holders "
        "WHERE NOT EXISTS { "
        "  MATCH (a:Actor)-[w:IMPLEMENTS]->(i:Initiative)-[:LOCATED_IN]->(:Location)"
        "-[:PART_OF*0..]->(:Location)<-[:COVERS]-(m) "
        f"  WHERE a.key IN holders AND {visible('a')} AND {linked('w')} AND {_live('i', True)} AND {_ON_ITS_THEMES} }} "
        "AND NOT EXISTS { "
        "  MATCH (i:Initiative)-[:LOCATED_IN]->(:Location)-[:PART_OF*0..]->(:Location)<-[:COVERS]-(m) "
        f"  WHERE i.key IN [y IN $workedThen WHERE y.actor IN holders | y.initiative] AND {_live('i', True)} "
        f"  AND {_ON_ITS_THEMES} }} "
        "RETURN m.key AS mandate, holders"
    )


THEMES_AROUND = """
MATCH (t:Theme {key: $key})
OPTIONAL MATCH (t)-[:BROADER*0..]->(up:Theme)
WITH t, collect(DISTINCT up.key) AS ups
OPTIONAL MATCH (t)<-[:BROADER*0..]-(down:Theme)
RETURN ups, collect(DISTINCT down.key) AS downs
"""
