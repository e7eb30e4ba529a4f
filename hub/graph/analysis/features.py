"""What the similarity and partner analyses compare: initiatives with their places, themes and funders, and
the facts of places and themes. Each statement serves a whole batch of keys and reads only what is compared."""

from hub.graph.access import unmasked, visible

INITIATIVE_FEATURES = f"""
UNWIND $keys AS key
MATCH (i:Initiative {{key: key}})
WHERE {visible('i')}
RETURN i {{.key, .title, .description, .targetGroups, .startDate, .endDate}} AS initiative,
       [(i)-[:LOCATED_IN]->(l:Location) | l.key] AS places,
       [(i)-[:ADDRESSES]->(t:Theme) | t.key] AS themes,
       [(i)<-[:FUNDS]-(f:Actor) WHERE {visible('f')} | f.key] AS funders,
       [(i)-[:PART_OF]-(related:Initiative) WHERE {visible('related')} | related.key] AS family
"""

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
RETURN i {{.key, .title, .description, .targetGroups, .startDate, .endDate}} AS initiative,
       [(i)-[:LOCATED_IN]->(l:Location) | l.key] AS places,
       [(i)-[:ADDRESSES]->(t:Theme) | t.key] AS themes,
       [(i)<-[:FUNDS]-(f:Actor) WHERE {visible('f')} | f.key] AS funders,
       [(i)-[:PART_OF]-(related:Initiative) WHERE {visible('related')} | related.key] AS family
"""

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
RETURN key, a.key AS ancestor, length(p) AS depth, a.name AS name, a.level AS level, a.country AS country,
       a.latitude AS lat, a.longitude AS lon, [(a)-[:BORDERS]-(b:Location) | b.key] AS borders
"""

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

PLACE_NAMES = """
UNWIND $keys AS key
MATCH (l:Location {key: key})
RETURN key, l.name AS name, l.level AS level, l.country AS country
"""

THEME_TREE = """
MATCH (t:Theme)
RETURN t.key AS key, t.name AS name, [(t)-[:BROADER]->(b:Theme) | b.key][0] AS broader
"""

