"""The graph as it stood at a past moment ($asOf, an ISO timestamp in UTC, stored times' own format; $asOfDay,
its day): the conditions that keep the records and relationships that existed then, and the audit entries that
bring back relationships removed since.

A record existed at $asOf when it was created by then (createdAt, written in the same transaction as its
CREATE entry; a record without one counts since always) and its own period covers $asOfDay (an initiative's
start and end, a mandate's validity). A relationship still in the graph existed when it was made by then
(assertedAt). One removed since is found by its UNLINK entry and judged by the entries of its two records.
"""


def existed(alias: str) -> str:
    """A record created at or before $asOf (or with no creation time)."""
    return f"({alias}.createdAt IS NULL OR {alias}.createdAt <= $asOf)"


def running(alias: str) -> str:
    """A record whose own period covers $asOfDay; one without dates always."""
    return (f"((coalesce({alias}.startDate, {alias}.validFrom) IS NULL OR coalesce({alias}.startDate, {alias}.validFrom) "
            f"<= $asOfDay) AND (coalesce({alias}.endDate, {alias}.validTo) IS NULL OR "
            f"coalesce({alias}.endDate, {alias}.validTo) >= $asOfDay))")


def there(alias: str) -> str:
    """A record that existed at $asOf and was running on its day."""
    return f"({existed(alias)} AND {running(alias)})"


def linked(alias: str) -> str:
    """A relationship still in the graph that was made at or before $asOf (or has no assertion time)."""
    return f"({alias}.assertedAt IS NULL OR {alias}.assertedAt <= $asOf)"


# relationships removed after the moment (index audit_at): candidates to bring back
UNLINKED_SINCE = """
MATCH (a:AuditEntry)
WHERE a.at > $asOf AND a.action = 'UNLINK'
RETURN a.label AS label, a.recordKey AS recordKey, a.detail AS detail
"""

# every LINK and UNLINK entry of some records (index audit_record), to tell whether a link stood at the moment
LINK_HISTORY = """
UNWIND $keys AS key
MATCH (a:AuditEntry {recordKey: key})
WHERE a.action IN ['LINK', 'UNLINK']
RETURN a.label AS label, a.recordKey AS recordKey, a.at AS at, a.key AS entry, a.action AS action,
       a.detail AS detail
"""
