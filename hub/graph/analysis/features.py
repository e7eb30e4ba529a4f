"""What the similarity and partner analyses compare: initiatives with their places, themes and funders, and
the facts of places and themes. Each statement serves a whole batch of keys and reads only what is compared.

The statements whose answers run to hundreds of rows (an initiative's candidates, their places' facts, the
theme taxonomy) return them collected into one (hub.graph.rows): read them with fetch_collected."""

from hub.graph.access import unmasked, visible
from hub.graph.rows import collected

# What is compared of an initiative `i`: its own fields and the keys of what it links to.
_FEATURES = collected({
    "initiative": "i {.key, .title, .description, .targetGroups, .startDate, .endDate}",
    "places": "[(i)-[:LOCATED_IN]->(l:Location) | l.key]",
    "themes": "[(i)-[:ADDRESSES]->(t:Theme) | t.key]",
    "funders": f"[(i)<-[:FUNDS]-(f:Actor) WHERE {visible('f')} | f.key]",
    "family": f"[(i)-[:PART_OF]-(related:Initiative) WHERE {visible('related')} | related.key]",
})

INITIATIVE_FEATURES = f"""
UNWIND $keys AS key
MATCH (i:Initiative {{key: key}})
WHERE {visible('i')}
{_FEATURES}"""

PLACE_ANCESTRY = """
UNWIND $keys AS key
MATCH (l:Location {key: key})-[:PART_OF*0..]->(a:Location)
RETURN key, l.name AS name, l.level AS level, collect(DISTINCT a.key) AS ancestors
"""

PLACE_NEIGHBOURHOOD = """
MATCH (l:Location)
WHERE l.key IN $keys
OPTIONAL MATCH (l)-[:PART_OF*0..]->(up:Location)
WITH l, collect(DISTINCT up.key) AS ups
OPTIONAL MATCH (l)<-[:PART_OF*0..]-(down:Location)
WITH ups, collect(DISTINCT down.key) AS downs
UNWIND ups + downs AS key
RETURN collect(DISTINCT key) AS keys
"""

# The candidates of a duplicate check with their features in one statement: each is matched once from the
# places or themes it shares (through their key index), not found first and then looked up again by key.
_CANDIDATE = f"""{visible('i')} AND {unmasked('i')} AND i.status IN $statuses AND NOT i.key IN $exclude
WITH DISTINCT i
LIMIT $limit
{_FEATURES}"""

CANDIDATE_FEATURES_BY_PLACE = f"""
MATCH (l:Location)<-[:LOCATED_IN]-(i:Initiative)
WHERE l.key IN $placeKeys AND {_CANDIDATE}"""

CANDIDATE_FEATURES_BY_THEME = f"""
MATCH (t:Theme)<-[:ADDRESSES]-(i:Initiative)
WHERE t.key IN $themeKeys AND {_CANDIDATE}"""

INITIATIVES_IN_PLACES = f"""
MATCH (l:Location)<-[:LOCATED_IN]-(i:Initiative)
WHERE l.key IN $placeKeys AND {visible('i')} AND {unmasked('i')} AND i.status IN $statuses
RETURN DISTINCT i.key AS key
LIMIT $limit
"""

ACTOR_NAMES = f"""
UNWIND $keys AS key
MATCH (a:Actor {{key: key}})
WHERE {visible('a')}
RETURN key, a.name AS name
"""

PLACE_FACTS = """
UNWIND $keys AS key
MATCH p = (:Location {key: key})-[:PART_OF*0..]->(a:Location)
""" + collected({"key": "key", "ancestor": "a.key", "depth": "length(p)", "name": "a.name", "level": "a.level",
                 "country": "a.country", "lat": "a.latitude", "lon": "a.longitude",
                 "borders": "[(a)-[:BORDERS]-(b:Location) | b.key]"})

# The facts of a check's own places, and for each place its namesakes beside it (another child of its
# parent whose name begins with its own, or with which its own begins: a district and its town), in one.
ZONE_FACTS = """
UNWIND $keys AS key
MATCH p = (:Location {key: key})-[:PART_OF*0..]->(a:Location)
RETURN key, a.key AS ancestor, length(p) AS depth, a.name AS name, a.level AS level, a.country AS country,
       a.latitude AS lat, a.longitude AS lon, [(a)-[:BORDERS]-(b:Location) | b.key] AS borders,
       [(a)-[:PART_OF]->(:Location)<-[:PART_OF]-(s:Location)
        WHERE a.key = key AND s.key <> key AND (s.name STARTS WITH a.name OR a.name STARTS WITH s.name) | s.key] AS namesakes
"""

PLACES_BELOW_EACH = """
UNWIND $keys AS key
MATCH (:Location {key: key})<-[:PART_OF*0..]-(d:Location)
RETURN key, collect(d.key) AS below
"""

PLACE_NAMES = """
UNWIND $keys AS key
MATCH (l:Location {key: key})
RETURN key, l.name AS name, l.level AS level, l.country AS country
"""

THEME_TREE = "MATCH (t:Theme) " + collected({"key": "t.key", "name": "t.name",
                                               "broader": "[(t)-[:BROADER]->(b:Theme) | b.key][0]"})

