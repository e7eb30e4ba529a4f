"""The one connection to the graph: a Neo4j async driver pointed at Neo4j or at the embedded server.

Work is handed in as transaction functions so that a transient failure (a server restart, a write
conflict on the embedded engine) is retried as a whole, never half-applied.

While the server cannot be reached an operation keeps retrying for at most `unavailable_budget` seconds
(about 10) and then fails with GraphUnavailable, which clients see as UNAVAILABLE: a request never hangs
for long on a server that is down or restarting. A write whose commit was sent but not acknowledged
(the connection dropped meanwhile) is not retried unless it is idempotent: it may have been applied, and
running it again could apply it twice.

Every transaction function run (a round trip, retries included) and every statement (with the time until
all its rows are in) is counted in the process's metrics and in the current request's record; with
tracing on, each statement is a span with its Cypher text (never its parameters).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import neo4j
from neo4j import AsyncGraphDatabase, AsyncManagedTransaction
from neo4j.exceptions import (
    ConstraintError,
    DatabaseUnavailable,
    IncompleteCommit,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from hub.observability import metrics, tracing
from hub.observability.request import current_request

log = logging.getLogger(__name__)
T = TypeVar("T")
Work = Callable[[AsyncManagedTransaction], Awaitable[T]]

PING = "RETURN 1 AS ok"
UNAVAILABLE_BUDGET = 10.0  # seconds an operation may spend retrying while the server cannot be reached
DRIVER_RETRY_TIME = 2.0  # the driver's own retrying within one attempt (it starts with a 1 s delay, then 2 s)


class GraphUnavailable(RuntimeError):
    """The graph server cannot be reached right now."""


class Graph:
    """Wraps the driver: read and write transactions with retries, and a readiness check.

    The driver retries transient errors itself (the embedded engine reports a lost write race as
    DeadlockDetected, a transient error); this adds retries across a server restart and, for idempotent
    upserts, across a unique-key race."""

    def __init__(self, uri: str, user: str, password: str, database: str, max_attempts: int = 8,
                 unavailable_budget: float = UNAVAILABLE_BUDGET):
        self.uri = uri
        self.database = database
        self.max_attempts = max_attempts
        self.unavailable_budget = unavailable_budget
        self.driver = AsyncGraphDatabase.driver(
            uri,
            auth=(user, password),
            max_connection_pool_size=50,
            connection_acquisition_timeout=15,
            max_transaction_retry_time=DRIVER_RETRY_TIME,
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
        deadline = time.monotonic() + self.unavailable_budget
        counter = metrics.READS if access == neo4j.READ_ACCESS else metrics.WRITES
        record = current_request()
        for attempt in range(1, self.max_attempts + 1):
            began = time.monotonic()
            counter.inc()
            if record is not None:
                record.transactions += 1
            backoff = min(0.05 * 2**attempt, 1.0) * random.uniform(0.5, 1.5)
            try:
                async with self.driver.session(database=self.database, default_access_mode=access) as session:
                    if access == neo4j.READ_ACCESS:
                        return await session.execute_read(work)
                    return await session.execute_write(work)
            except IncompleteCommit as error:
                if access == neo4j.WRITE_ACCESS and not retry_constraint:
                    metrics.GRAPH_UNAVAILABLE.inc()
                    raise GraphUnavailable("the graph server went away while committing; outcome unknown") from error
                if attempt == self.max_attempts or time.monotonic() + backoff >= deadline:
                    metrics.GRAPH_UNAVAILABLE.inc()
                    raise GraphUnavailable("the graph server is unavailable") from error
            except (ServiceUnavailable, SessionExpired, DatabaseUnavailable) as error:
                # another attempt must be able to finish (it may take as long as this one did) within the budget
                finish = time.monotonic() + backoff + (time.monotonic() - began)
                if attempt == self.max_attempts or finish > deadline:
                    metrics.GRAPH_UNAVAILABLE.inc()
                    raise GraphUnavailable("the graph server is unavailable") from error
                log.debug("graph server unavailable (attempt %d): %s", attempt, error)
            except TransientError:
                if attempt == self.max_attempts:
                    raise
            except ConstraintError:
                if not retry_constraint or attempt == self.max_attempts:
                    raise
            await asyncio.sleep(backoff)
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
    began = time.perf_counter()
    with tracing.span("graph statement", {"db.system": "neo4j", "db.query.text": query}):  # parameters: never
        result = await tx.run(query, params)
        rows = [record.data() async for record in result]
    seconds = time.perf_counter() - began
    metrics.GRAPH_STATEMENTS.inc()
    metrics.GRAPH_STATEMENT_SECONDS.observe(seconds)
    request = current_request()
    if request is not None:
        request.statements += 1
        request.statement_seconds += seconds
    return rows


async def fetch_one(tx: AsyncManagedTransaction, query: str, **params: Any) -> dict[str, Any] | None:
    rows = await fetch_all(tx, query, **params)
    return rows[0] if rows else None
