"""Partner finding: who works, is present or is mandated around a set of places, and what each brings."""

from hub.graph.access import unmasked, visible

SEEKER = f"""
MATCH (a:Actor {{key: $key}})
WHERE {visible('a')}
RETURN a.kind AS kind,
       [(a)-[:OPERATES_IN]->(l:Location) | l.key]
       + [(a)-[:IMPLEMENTS]->(i:Initiative)-[:LOCATED_IN]->(l:Location) WHERE {visible('i')} | l.key] AS places,
       [(a)-[:IMPLEMENTS]->(i:Initiative)-[:ADDRESSES]->(t:Theme) WHERE {visible('i')} | t.key]
       + [(a)-[:HOLDS]->(m:Mandate)-[:ADDRESSES]->(t:Theme) WHERE {visible('m')} | t.key] AS themes,
       [(a)-[:IMPLEMENTS]->(i:Initiative) WHERE {visible('i')} | coalesce(i.targetGroups, [])] AS groups,
       [(a)-[:PARTNERS_WITH]-(p:Actor) WHERE {visible('p')} | p.key] AS partners,
       [(a)-[:MEMBER_OF]->(n:Actor) WHERE {visible('n')} | n.key] AS networks
"""

CO_IMPLEMENTERS = f"""
UNWIND $keys AS key
MATCH (a:Actor {{key: key}})-[:IMPLEMENTS]->(i:Initiative)<-[:IMPLEMENTS]-(o:Actor)
WHERE o.key <> key AND {visible('a')} AND {unmasked('a')} AND {visible('i')} AND {unmasked('i')}
  AND {visible('o')} AND {unmasked('o')}
RETURN key, o.key AS other, o.sortName AS sortName, count(DISTINCT i) AS shared
"""

ACTOR_KINDS = f"""
UNWIND $keys AS key
MATCH (a:Actor {{key: key}})
WHERE {visible('a')}
RETURN key, a.kind AS kind
"""

OWN_FAMILY = f"""
UNWIND $keys AS key
MATCH (a:Actor {{key: key}})-[:PART_OF*1..3]-(f:Actor)
WHERE {visible('a')} AND {visible('f')}
RETURN collect(DISTINCT f.key) AS family
"""

BORDERS_WITHIN = """
MATCH (x:Location)<-[:PART_OF*0..]-(d:Location)-[:BORDERS]-(b:Location)
WHERE x.key IN $keys
RETURN d.key AS inside, b.key AS across
"""

PRESENT_IN = f"""
MATCH (l:Location)<-[r:OPERATES_IN]-(c:Actor)
WHERE l.key IN $zone AND {visible('c')} AND {unmasked('c')} AND {visible('r')}
RETURN c.key AS actor, collect(DISTINCT l.key) AS places
"""

ACTIVE_IN = f"""
MATCH (l:Location)<-[:LOCATED_IN]-(i:Initiative)<-[:IMPLEMENTS]-(c:Actor)
WHERE l.key IN $zone AND {visible('c')} AND {unmasked('c')} AND {visible('i')} AND {unmasked('i')}
  AND i.status IN $statuses
RETURN c.key AS actor, collect(DISTINCT l.key) AS places, collect(DISTINCT i.key) AS initiatives
"""

INITIATIVE_THEMES = f"""
UNWIND $keys AS key
MATCH (i:Initiative {{key: key}})
WHERE {visible('i')}
RETURN key, [(i)-[:ADDRESSES]->(t:Theme) | t.key] AS themes, coalesce(i.targetGroups, []) AS groups
"""

MANDATED_IN = f"""
MATCH (l:Location)<-[:COVERS]-(m:Mandate)<-[:HOLDS]-(c:Actor)
WHERE l.key IN $zone AND {visible('c')} AND {unmasked('c')} AND {visible('m')} AND (m.validTo IS NULL OR m.validTo >= $today)
RETURN c.key AS actor, collect(DISTINCT l.key) AS places, collect(DISTINCT m.title) AS mandates
"""

PARTNERS_OF_PARTNERS = f"""
MATCH (p:Actor)-[:PARTNERS_WITH]-(c:Actor)
WHERE p.key IN $partners AND {visible('p')} AND {visible('c')} AND {unmasked('c')}
RETURN DISTINCT c.key AS actor
"""

NETWORK_PEERS = f"""
MATCH (n:Actor)<-[:MEMBER_OF]-(c:Actor)
WHERE n.key IN $networks AND {visible('n')} AND {visible('c')} AND {unmasked('c')}
RETURN DISTINCT c.key AS actor
"""

CANDIDATE_FEATURES = f"""
UNWIND $keys AS key
MATCH (c:Actor {{key: key}})
WHERE {visible('c')}
RETURN key, c.name AS name, c.kind AS kind,
       [(c)-[:HOLDS]->(m:Mandate)-[:ADDRESSES]->(t:Theme) WHERE {visible('m')} | t.key] AS mandateThemes,
       [(c)-[:IMPLEMENTS]->(i:Initiative)-[:ADDRESSES]->(t:Theme) WHERE {visible('i')} | t.key] AS workThemes,
       [(c)-[:IMPLEMENTS]->(i:Initiative) WHERE {visible('i')} | coalesce(i.targetGroups, [])] AS groups,
       [(c)-[:MEMBER_OF]->(n:Actor) WHERE {visible('n')} | n.key] AS networks,
       size([(c)<-[r:LIAISON_FOR]-(k:Contact) WHERE {visible('k')} AND {visible('r')} | k.key]) AS contacts
"""

COLLABORATORS = f"""
UNWIND $keys AS key
MATCH (c:Actor {{key: key}})
WHERE {visible('c')}
RETURN key, [(c)-[:PARTNERS_WITH]-(p:Actor) WHERE p.key IN $partners AND {visible('p')} | p.key]
       + [(c)-[:IMPLEMENTS]->(i:Initiative)<-[:IMPLEMENTS]-(p:Actor)
          WHERE p.key IN $partners AND {visible('i')} AND {visible('p')} | p.key] AS collaborators
"""

WORK_COUNTRIES = f"""
UNWIND $keys AS key
MATCH (c:Actor {{key: key}})
WHERE {visible('c')}
RETURN key, [(c)-[:OPERATES_IN]->(l:Location) | l.country]
       + [(c)-[:IMPLEMENTS]->(i:Initiative)-[:LOCATED_IN]->(l:Location) WHERE {visible('i')} | l.country] AS countries
"""
