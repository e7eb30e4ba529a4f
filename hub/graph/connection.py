"""The one connection to the graph: a Neo4j async driver pointed at Neo4j or at the embedded server.

Work is handed in as transaction functions so that a transient failure (a server restart, a write
conflict on the embedded engine) is retried as a whole, never half-applied.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import neo4j
from neo4j import AsyncGraphDatabase, AsyncManagedTransaction
from neo4j.exceptions import (
    ConstraintError,
    DatabaseUnavailable,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

log = logging.getLogger(__name__)
T = TypeVar("T")
Work = Callable[[AsyncManagedTransaction], Awaitable[T]]

PING = "RETURN 1 AS ok"


class GraphUnavailable(RuntimeError):
    """The graph server cannot be reached right now."""


class Graph:
    """Wraps the driver: read and write transactions with retries, and a readiness check.

    The driver retries transient errors itself (the embedded engine reports a lost write race as
    DeadlockDetected, a transient error); this adds retries across a server restart and, for idempotent
    upserts, across a unique-key race."""

    def __init__(self, uri: str, user: str, password: str, database: str, max_attempts: int = 8):
        self.uri = uri
        self.database = database
        self.max_attempts = max_attempts
        self.driver = AsyncGraphDatabase.driver(
            uri,
            auth=(user, password),
            max_connection_pool_size=50,
            connection_acquisition_timeout=15,
            max_transaction_retry_time=5,
            notifications_min_severity="OFF",
        )

    async def close(self) -> None:
        await self.driver.close()

    async def read(self, work: Work[T]) -> T:
        return await self._run(work, neo4j.READ_ACCESS, retry_constraint=False)

    async def write(self, work: Work[T], *, retry_constraint: bool = False) -> T:
        """retry_constraint: the work is an idempotent upsert, so a unique-key race is retried, not reported."""
        return await self._run(work, neo4j.WRITE_ACCESS, retry_constraint=retry_constraint)

    async def _run(self, work: Work[T], access: str, retry_constraint: bool) -> T:
        for attempt in range(1, self.max_attempts + 1):
            try:
                async with self.driver.session(database=self.database, default_access_mode=access) as session:
                    if access == neo4j.READ_ACCESS:
                        return await session.execute_read(work)
                    return await session.execute_write(work)
            except (ServiceUnavailable, SessionExpired, DatabaseUnavailable) as error:
                if attempt == self.max_attempts:
                    raise GraphUnavailable("the graph server is unavailable") from error
            except TransientError:
                if attempt == self.max_attempts:
                    raise
            except ConstraintError:
                if not retry_constraint or attempt == self.max_attempts:
                    raise
            await asyncio.sleep(min(0.05 * 2**attempt, 1.0) * random.uniform(0.5, 1.5))
        raise AssertionError("unreachable")

    async def ping(self) -> bool:
        try:
            async with self.driver.session(database=self.database) as session:
                result = await session.run(PING)
                record = await result.single()
                return bool(record and record["ok"] == 1)
        except Exception:  # noqa: BLE001 - any failure means not ready
            return False


async def fetch_all(tx: AsyncManagedTransaction, query: str, **params: Any) -> list[dict[str, Any]]:
    result = await tx.run(query, params)
    return [record.data() async for record in result]


async def fetch_one(tx: AsyncManagedTransaction, query: str, **params: Any) -> dict[str, Any] | None:
    rows = await fetch_all(tx, query, **params)
    return rows[0] if rows else None
