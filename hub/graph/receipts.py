"""Receipts of mutations sent with an idempotency key (clientMutationId): what the first one did.

A receipt is not a record of the registry: it names the caller's key (hashed) and the record or
relationship the mutation wrote, and is read only by the caller's own retries.
"""

FIND = "MATCH (r:MutationReceipt {key: $key}) RETURN r {.*} AS receipt"

CREATE = "CREATE (r:MutationReceipt) SET r = $receipt"

DELETE = "MATCH (r:MutationReceipt {key: $key}) DELETE r"

PURGE_EXPIRED = """
MATCH (r:MutationReceipt) WHERE r.at < $before
WITH r LIMIT 1000
DELETE r
RETURN count(*) AS purged
"""
