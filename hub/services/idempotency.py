"""Safe retries: a create or link sent with a clientMutationId is done at most once per caller and key.

A client that got no answer (UNAVAILABLE, a dropped connection) cannot know whether its write was stored.
Sent again with the same clientMutationId within the retention window (HUB_IDEMPOTENCY_RETENTION_HOURS), it
gets the first outcome back and nothing new is written. The receipt is written in the same transaction as the
write, under a unique key, so two hub processes racing on the same key store one write: the loser's commit
fails on the key (or waits for it, on Neo4j) and it answers with the winner's outcome.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from hub.access import Viewer
from hub.errors import UserError
from hub.graph import receipts as q
from hub.graph.connection import Graph, fetch_one

FIELD = "clientMutationId"
MAX_LENGTH = 200


@dataclass(frozen=True)
class Idempotency:
    """The key a caller sent, and a fingerprint of the mutation it came with."""

    client_mutation_id: str
    operation: str
    fingerprint: str

    @classmethod
    def of(cls, client_mutation_id: str | None, operation: str, request: Any) -> "Idempotency | None":
        if client_mutation_id is None:
            return None
        text = json.dumps([operation, request], sort_keys=True, default=str)
        return cls(client_mutation_id, operation, hashlib.sha256(text.encode()).hexdigest())

    def problem(self) -> UserError | None:
        if not self.client_mutation_id.strip():
            return UserError(FIELD, "must not be blank", "INVALID")
        if len(self.client_mutation_id) > MAX_LENGTH:
            return UserError(FIELD, f"at most {MAX_LENGTH} characters", "TOO_LONG")
        return None

    def key(self, viewer: Viewer) -> str:
        """Scoped to the caller: another caller's same key is another key. Hashed: the stored key reveals neither."""
        return hashlib.sha256(f"{viewer.name}\n{self.client_mutation_id}".encode()).hexdigest()


class Receipts:
    """Reads and writes receipts inside the write's own transaction."""

    def __init__(self, retention_hours: float):
        self.retention = dt.timedelta(hours=retention_hours)

    def _cutoff(self) -> str:
        return (dt.datetime.now(dt.timezone.utc) - self.retention).isoformat(timespec="milliseconds")

    async def prior(self, tx, idem: Idempotency, viewer: Viewer) -> dict | None:
        """The receipt of an earlier mutation with this key, if still retained; an expired one is removed."""
        row = await fetch_one(tx, q.FIND, key=idem.key(viewer))
        if row is None:
            return None
        receipt = row["receipt"]
        if receipt["at"] < self._cutoff():
            await fetch_one(tx, q.DELETE, key=receipt["key"])
            return None
        return receipt

    async def find(self, graph: Graph, idem: Idempotency, viewer: Viewer) -> dict | None:
        """prior() in a read transaction of its own: expired receipts are ignored, not removed."""
        row = await graph.read(lambda tx: fetch_one(tx, q.FIND, key=idem.key(viewer)))
        if row is None or row["receipt"]["at"] < self._cutoff():
            return None
        return row["receipt"]

    @staticmethod
    def receipt(idem: Idempotency, viewer: Viewer, at: str, **outcome: Any) -> dict:
        """The receipt's properties, for a write statement that stores it with its change."""
        receipt = {"key": idem.key(viewer), "operation": idem.operation, "fingerprint": idem.fingerprint, "at": at}
        return receipt | {k: v for k, v in outcome.items() if v is not None}

    @classmethod
    async def store(cls, tx, idem: Idempotency, viewer: Viewer, at: str, **outcome: Any) -> None:
        await fetch_one(tx, q.CREATE, receipt=cls.receipt(idem, viewer, at, **outcome))

    @staticmethod
    def mismatch(receipt: dict, idem: Idempotency) -> UserError | None:
        """The same key with other input is a client bug: refused rather than answered with another outcome."""
        if receipt.get("fingerprint") != idem.fingerprint:
            return UserError(FIELD, f"this clientMutationId was already used for another mutation "
                                    f"({receipt.get('operation')}) with other input; use a new one", "IDEMPOTENCY_KEY_REUSED")
        return None

    async def purge_expired(self, graph: Graph) -> int:
        total = 0
        while True:
            row = await graph.write(lambda tx: fetch_one(tx, q.PURGE_EXPIRED, before=self._cutoff()))
            total += row["purged"]
            if row["purged"] < 1000:
                return total
