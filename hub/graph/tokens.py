"""API tokens: stored by id with the hash of their secret, never the secret itself."""

CREATE = "CREATE (t:ApiToken) SET t = $props RETURN t {.*} AS token"

BY_ID = "MATCH (t:ApiToken {key: $key}) RETURN t {.*} AS token"

LIST = "MATCH (t:ApiToken) RETURN t {.*} AS token ORDER BY t.createdAt DESC"

REVOKE = """
MATCH (t:ApiToken {key: $key})
SET t.revokedAt = coalesce(t.revokedAt, $now), t.revokedBy = coalesce(t.revokedBy, $by)
RETURN t {.*} AS token
"""

