"""The gazetteer: places with their chain of parents, places near a point or within an area, and the
places members add. Places are public reference data (no visibility property), so no visible() here."""

# Each place with every place it lies in, nearest first by level (sorted by the caller): what a label needs.
PLACE_CHAINS = """
UNWIND $keys AS key
MATCH (l:Location {key: key})
OPTIONAL MATCH (l)-[:PART_OF*1..8]->(a:Location)
RETURN key, l.name AS name, l.level AS level, l.country AS country,
       collect(DISTINCT CASE WHEN a IS NULL THEN null ELSE {key: a.key, name: a.name, level: a.level} END) AS parents
"""

_CANDIDATE = ("l {.key, .name, .alternateNames, .level, .country, .latitude, .longitude} AS place")

# Every place within an area (a province, or the district a settlement is added to), the area included.
PLACES_WITHIN = f"""
MATCH (a:Location {{key: $areaKey}})<-[:PART_OF*0..6]-(l:Location)
RETURN DISTINCT {_CANDIDATE}
"""

# Places whose coordinates fall in a box around a point, in any country (a namesake across a border counts).
PLACES_NEAR = f"""
MATCH (l:Location)
WHERE l.latitude >= $south AND l.latitude <= $north AND l.longitude >= $west AND l.longitude <= $east
RETURN {_CANDIDATE}
"""

# Adding a place under its parent: writing a new token on the parent serialises additions under it (Neo4j waits
# for the lock; the embedded engine fails all but one at commit and the hub reruns them), so two members adding
# the same village at once are checked one after the other. The token stays: removing it in the same transaction
# would leave the parent unchanged, and the embedded engine would see no conflict.
LOCK_PARENT = """
MATCH (p:Location {key: $key})
SET p.lockToken = $token
RETURN p {.*} AS node
"""

ADD_UNDER = """
MATCH (p:Location {key: $parentKey})
CREATE (l:Location)
SET l = $props
CREATE (l)-[r:PART_OF]->(p)
SET r.assertedBy = $by, r.assertedAt = $at, r.source = $source
RETURN l {.*} AS node
"""

# Imports: the stored places a file names, and the provinces (or any level) of some countries by name.
STORED_PLACES = """
UNWIND $keys AS key
MATCH (l:Location {key: key})
RETURN l {.*} AS node
"""

PLACES_AT_LEVEL = """
MATCH (l:Location)
WHERE l.level = $level AND l.country IN $countries
RETURN l.key AS key, l.name AS name, l.alternateNames AS alternateNames, l.country AS country
"""
