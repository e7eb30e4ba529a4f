"""Partner finding: who is active, present or mandated around a set of places, and what each brings."""

from hub.graph.access import unmasked, visible

SEEKER = f"""
MATCH (a:Actor {{key: $key}})
WHERE {visible('a')}
RETURN [(a)-[:OPERATES_IN]->(l:Location) | l.key]
       + [(a)-[:IMPLEMENTS]->(i:Initiative)-[:LOCATED_IN]->(l:Location) WHERE {visible('i')} | l.key] AS places,
       [(a)-[:IMPLEMENTS]->(i:Initiative)-[:ADDRESSES]->(t:Theme) WHERE {visible('i')} | t.key]
       + [(a)-[:HOLDS]->(m:Mandate)-[:ADDRESSES]->(t:Theme) WHERE {visible('m')} | t.key] AS themes,
       [(a)-[:IMPLEMENTS]->(i:Initiative) WHERE {visible('i')} | coalesce(i.targetGroups, [])] AS groups,
       [(a)-[:PARTNERS_WITH]-(p:Actor) WHERE {visible('p')} | p.key] AS partners,
       [(a)-[:MEMBER_OF]->(n:Actor) WHERE {visible('n')} | n.key] AS networks
"""

BORDERS_OF = """
UNWIND $keys AS key
MATCH (:Location {key: key})-[:BORDERS]-(across:Location)
RETURN key, collect(DISTINCT across.key) AS across
"""

PRESENT_IN = f"""
MATCH (l:Location)<-[r:OPERATES_IN]-(c:Actor)
WHERE l.key IN $zone AND {visible('c')} AND {unmasked('c')} AND {visible('r')}
RETURN c.key AS actor, collect(DISTINCT l.key) AS places
"""

ACTIVE_IN = f"""
MATCH (l:Location)<-[:LOCATED_IN]-(i:Initiative)<-[:IMPLEMENTS]-(c:Actor)
WHERE l.key IN $zone AND {visible('c')} AND {unmasked('c')} AND {visible('i')} AND {unmasked('i')} AND i.status IN $statuses
RETURN c.key AS actor, collect(DISTINCT l.key) AS places
"""

MANDATED_IN = f"""
MATCH (l:Location)<-[:COVERS]-(m:Mandate)<-[:HOLDS]-(c:Actor)
WHERE l.key IN $zone AND {visible('c')} AND {unmasked('c')} AND {visible('m')} AND (m.validTo IS NULL OR m.validTo >= $today)
RETURN c.key AS actor, collect(DISTINCT l.key) AS places
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
       [(c)-[:IMPLEMENTS]->(i:Initiative)-[:ADDRESSES]->(t:Theme) WHERE {visible('i')} | t.key]
       + [(c)-[:HOLDS]->(m:Mandate)-[:ADDRESSES]->(t:Theme) WHERE {visible('m')} | t.key] AS themes,
       [(c)-[:IMPLEMENTS]->(i:Initiative) WHERE {visible('i')} | coalesce(i.targetGroups, [])] AS groups,
       [(c)-[:MEMBER_OF]->(n:Actor) WHERE {visible('n')} | n.key] AS networks,
       [(c)-[:PARTNERS_WITH]-(p:Actor) WHERE {visible('p')} | p.key]
       + [(c)-[:IMPLEMENTS]->(i:Initiative)<-[:IMPLEMENTS]-(p:Actor) WHERE p.key <> key AND {visible('i')} AND {visible('p')} | p.key] AS collaborators,
       size([(c)<-[r:LIAISON_FOR]-(k:Contact) WHERE {visible('k')} AND {visible('r')} | k.key]) AS contacts
"""

ANCESTOR_DEPTHS = """
UNWIND $keys AS key
MATCH p = (:Location {key: key})-[:PART_OF*0..]->(a:Location)
RETURN key, a.key AS ancestor, a.name AS name, length(p) AS depth
"""
