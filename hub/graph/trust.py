"""Due diligence on actors: verifications and observations (notes and risk flags), both append-only."""

from hub.graph.access import visible

VERIFY = f"""
MATCH (a:Actor {{key: $key}})
WHERE {visible('a')}
CREATE (v:Verification)-[:OF]->(a)
SET v = $props
RETURN v {{.*}} AS verification
"""

LATEST_VERIFICATIONS = f"""
UNWIND $keys AS key
MATCH (a:Actor {{key: key}})<-[:OF]-(v:Verification)
WHERE {visible('a')}
WITH key, v ORDER BY v.at DESC
RETURN key, collect(v.key)[0] AS latest
"""

VERIFICATIONS_BY_KEY = """
UNWIND $keys AS key
MATCH (v:Verification {key: key})
RETURN v {.*} AS verification
"""

OBSERVE = f"""
MATCH (a:Actor {{key: $key}})
WHERE {visible('a')}
CREATE (o:Observation)-[:ABOUT]->(a)
SET o = $props
RETURN o {{.*}} AS observation
"""

OBSERVATIONS = f"""
UNWIND $keys AS key
MATCH (a:Actor {{key: key}})<-[:ABOUT]-(o:Observation)
WHERE {visible('a')}
RETURN key, o {{.*}} AS observation
ORDER BY o.at DESC
"""

VERIFIER = """
MATCH (a:Actor)
WHERE a.key IN $actorKeys AND a.trustedVerifier = true
RETURN a.key AS key,
       EXISTS { MATCH (subject:Actor {key: $subject})-[:MEMBER_OF]->(a) } AS vouchesFor
"""

SET_TRUSTED = """
MATCH (a:Actor {key: $key})
SET a.trustedVerifier = $trusted
RETURN a {.*} AS node
"""

DELETE_ABOUT = """
MATCH (:Actor {key: $key})<-[:OF|ABOUT]-(x)
WHERE x:Verification OR x:Observation
DETACH DELETE x
"""
