"""Hand-written statements of the raw-driver baseline in benchmarks/compare.py: the least a driver must send
to give an anonymous caller the same answers as the hub (public records only, hence the plain PUBLIC test
instead of the access predicate). Never sent by the hub itself."""

RAW_PAGE = """
UNWIND $places AS place MATCH (:Location {key: place})<-[:LOCATED_IN]-(i:Initiative)
WITH DISTINCT i
WHERE coalesce(i.visibility, 'PUBLIC') = 'PUBLIC'
  AND EXISTS { MATCH (i)-[:ADDRESSES]->(t:Theme) WHERE t.key IN $themes }
  AND (i.endDate IS NULL OR i.endDate >= $from) AND (i.startDate IS NULL OR i.startDate <= $to)
WITH i ORDER BY i.sortName, i.key LIMIT $first
RETURN i.key AS key, i.title AS title, i.status AS status, i.startDate AS startDate, i.endDate AS endDate,
       [(i)<-[r:IMPLEMENTS]-(a:Actor) WHERE coalesce(a.visibility, 'PUBLIC') = 'PUBLIC' | {role: r.role, name: a.name}] AS implementers,
       [(i)-[:LOCATED_IN]->(l:Location) | {name: l.name, level: l.level}] AS locations
"""

RAW_ACTOR = """
MATCH (:Actor {key: $actor})-[:IMPLEMENTS|FUNDS]->(i:Initiative)
WITH DISTINCT i WHERE coalesce(i.visibility, 'PUBLIC') = 'PUBLIC'
WITH i ORDER BY i.sortName, i.key LIMIT 20
RETURN i.key AS key, i.title AS title, i.status AS status, i.startDate AS startDate, i.endDate AS endDate
"""

RAW_PROVINCE = """
UNWIND $places AS place MATCH (:Location {key: place})<-[:LOCATED_IN]-(i:Initiative)
WITH DISTINCT i WHERE coalesce(i.visibility, 'PUBLIC') = 'PUBLIC'
WITH i ORDER BY i.sortName, i.key LIMIT 50
RETURN i.key AS key, i.title AS title, i.status AS status, i.startDate AS startDate, i.endDate AS endDate
"""

# actors whose name, acronym or an alias has a word starting with $word, as the hub's search matches one word
RAW_SEARCH = """
MATCH (a:Actor)
WHERE coalesce(a.visibility, 'PUBLIC') = 'PUBLIC'
  AND any(term IN coalesce(a.searchTerms, []) WHERE term STARTS WITH $word OR term CONTAINS (' ' + $word))
WITH a ORDER BY a.sortName, a.key LIMIT 50
RETURN a.name AS name, a.kind AS kind, a.country AS country
"""

# who works where in a set of places over a period: live, public, not sensitive initiatives and their public,
# not sensitive implementers and funders (the roles as the hub names them); then declared presence
RAW_WHO_WORK = """
UNWIND $places AS place MATCH (:Location {key: place})<-[:LOCATED_IN]-(i:Initiative)
WITH DISTINCT i
WHERE coalesce(i.visibility, 'PUBLIC') = 'PUBLIC' AND NOT coalesce(i.sensitive, false) AND i.status <> 'CANCELLED'
  AND (i.endDate IS NULL OR i.endDate >= $from) AND (i.startDate IS NULL OR i.startDate <= $to)
MATCH (i)<-[r:IMPLEMENTS|FUNDS]-(a:Actor)
WHERE coalesce(a.visibility, 'PUBLIC') = 'PUBLIC' AND NOT coalesce(a.sensitive, false)
  AND coalesce(r.visibility, 'PUBLIC') = 'PUBLIC'
RETURN a.key AS key, a.name AS name,
       collect({role: CASE type(r) WHEN 'FUNDS' THEN 'FUNDER' ELSE coalesce(r.role, 'PARTNER') END, title: i.title}) AS work
"""

RAW_WHO_PRESENT = """
UNWIND $places AS place MATCH (:Location {key: place})<-[r:OPERATES_IN]-(a:Actor)
WHERE coalesce(a.visibility, 'PUBLIC') = 'PUBLIC' AND NOT coalesce(a.sensitive, false)
  AND coalesce(r.visibility, 'PUBLIC') = 'PUBLIC'
RETURN DISTINCT a.key AS key, a.name AS name
"""

RAW_CREATE = """
CREATE (i:Initiative {key: $key, title: $title, status: 'PLANNED', startDate: '2026-03-01', endDate: '2027-12-31',
                      source: 'benchmark', visibility: 'PUBLIC'})
WITH i
UNWIND $places AS place MATCH (l:Location {key: place}) CREATE (i)-[:LOCATED_IN]->(l)
WITH DISTINCT i
MATCH (t:Theme {key: $theme}) CREATE (i)-[:ADDRESSES]->(t)
WITH i
MATCH (a:Actor {key: $actor}) CREATE (a)-[:IMPLEMENTS {role: 'LEAD'}]->(i)
RETURN i.key AS key
"""

CREATED_LINKS = """
MATCH (i:Initiative {key: $key})
RETURN [(i)-[:LOCATED_IN]->(l:Location) | l.key] AS places, [(i)-[:ADDRESSES]->(t:Theme) | t.key] AS themes,
       [(i)<-[r:IMPLEMENTS]-(a:Actor) | {actor: a.key, role: r.role}] AS implementers
"""

CLEAN_UP = "UNWIND $keys AS key MATCH (i:Initiative {key: key}) DETACH DELETE i"
