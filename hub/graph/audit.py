"""The audit trail: one entry per change, written in the change's own transaction, kept after deletion."""

# one or more entries: a change and the links made with it are written in one statement
RECORD = "UNWIND $entries AS entry CREATE (a:AuditEntry) SET a = entry"

PAGE = """
MATCH (a:AuditEntry)
WHERE ($recordKey IS NULL OR a.recordKey = $recordKey) AND ($by IS NULL OR a.by = $by)
WITH a ORDER BY a.at DESC, a.key DESC SKIP $skip LIMIT $limit
RETURN a {.*} AS entry
"""

COUNT = """
MATCH (a:AuditEntry)
WHERE ($recordKey IS NULL OR a.recordKey = $recordKey) AND ($by IS NULL OR a.by = $by)
RETURN count(a) AS total
"""

# the change feed follows the trail in commit-time order from a moment on (index audit_at)
FOLLOW = """
MATCH (a:AuditEntry)
WHERE a.at >= $since
WITH a ORDER BY a.at, a.key LIMIT $limit
RETURN a {.key, .at, .action, .label, .recordKey, .detail} AS entry
"""
