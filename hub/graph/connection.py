"""The one connection to the graph: a Neo4j async driver pointed at Neo4j or at the embedded server.

Work is handed in as transaction functions so that a transient failure (a server restart, a write
conflict on the embedded engine) is retried as a whole, never half-applied.

Every call has a deadline (`timeout`, HUB_GRAPH_TIMEOUT, 10 s by default), whatever the server does: down
(connections refused), restarting, or frozen (connections accepted, nothing answered). Within it an
operation retries what can be retried; at it the call is abandoned and fails with GraphUnavailable, which
clients see as UNAVAILABLE. The same bound is the driver's connection acquisition timeout and the
transaction timeout sent to the server (Neo4j aborts the transaction and frees its locks; the embedded
engine ignores it and bounds each statement with its own setting instead, see hub.embedded). A write
whose commit was sent but not acknowledged (the connection dropped, or the deadline passed) is not retried
unless it is idempotent: it may have been applied, and running it again could apply it twice.

Every transaction function run (a round trip, retries included) and every statement (with the time until
all its rows are in) is counted in the process's metrics and in the current request's record; with
tracing on, each statement is a span with its Cypher text (never its parameters).

A write transaction that changed the place or theme hierarchy renews the hierarchies' stamp before it
commits, whoever wrote the statements (hub.graph.hierarchy): no writer has to remember to.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any, TypeVar

import neo4j
from neo4j import AsyncGraphDatabase, AsyncManagedTransaction
from neo4j.exceptions import (
    ClientError,
    ConstraintError,
    DatabaseUnavailable,
    IncompleteCommit,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from hub.errors import Unauthenticated
from hub.graph import hierarchy, warm_up
from hub.observability import metrics, tracing
from hub.observability.request import RequestRecord, current_request

log = logging.getLogger(__name__)
T = TypeVar("T")
Work = Callable[[AsyncManagedTransaction], Awaitable[T]]

PING = "RETURN 1 AS ok"
GRAPH_TIMEOUT = 10.0  # seconds one call may take, retries and waiting for the server included
CONNECT_TIMEOUT = 5.0  # seconds to open a connection (TCP and Bolt handshake) to the server
PING_TIMEOUT = 2.0  # seconds a readiness check waits for its answer
DRIVER_RETRY_TIME = 2.0  # the driver's own retrying of transient errors within one attempt
# The driver waits 1 s before its first retry by default. A lost write race (the embedded engine's
# DeadlockDetected, Neo4j's deadlocks) is over as soon as the other transaction commits, so the wait starts at
# 50 ms and doubles (with the driver's jitter): under the load test the writes' p99 was that one second.
DRIVER_FIRST_RETRY_DELAY = 0.05
# The statements of the write transaction function running in this task that changed a hierarchy
_HIERARCHY_CHANGES: ContextVar[list[str] | None] = ContextVar("hierarchy_changes", default=None)
# The access mode of the graph call running in this task: its read statements are counted for the next start's
# warm-up (hub.graph.warm_up)
_ACCESS: ContextVar[str | None] = ContextVar("graph_access", default=None)
# Sent by both engines when a transaction or statement outlived its timeout (Neo4j adds a suffix to the code)
TIMED_OUT = "Neo.ClientError.Transaction.TransactionTimedOut"


class GraphUnavailable(RuntimeError):
    """The graph server cannot be reached right now."""


class Graph:
    """Wraps the driver: read and write transactions with retries, and a readiness check.

    The driver retries transient errors itself (the embedded engine reports a lost write race as
    DeadlockDetected, a transient error); this adds retries across a server restart and, for idempotent
    upserts, across a unique-key race."""

    def __init__(self, uri: str, user: str, password: str, database: str, max_attempts: int = 8,
                 timeout: float = GRAPH_TIMEOUT, pool_size: int = 50):
        self.uri = uri
        self.database = database
        self.max_attempts = max_attempts
        self.timeout = timeout
        self.driver = AsyncGraphDatabase.driver(
            uri,
            auth=(user, password),
            max_connection_pool_size=pool_size,
            connection_acquisition_timeout=timeout,
            connection_timeout=min(CONNECT_TIMEOUT, timeout),
            max_transaction_retry_time=DRIVER_RETRY_TIME,
            initial_retry_delay=DRIVER_FIRST_RETRY_DELAY,
            notifications_min_severity="OFF",
        )

    async def close(self) -> None:
        await self.driver.close()

    async def read(self, work: Work[T], *, one_statement: bool = False) -> T:
        """one_statement: the work runs a single statement (as a rule: see _OneStatement), sent without a
        transaction's BEGIN and COMMIT, one round trip instead of two."""
        return await self._run(work, neo4j.READ_ACCESS, retry_constraint=False, one_statement=one_statement)

    async def write(self, work: Work[T], *, retry_constraint: bool = False) -> T:
        """retry_constraint: the work is an idempotent upsert, so a unique-key race is retried, not reported."""
        return await self._run(work, neo4j.WRITE_ACCESS, retry_constraint=retry_constraint)

    async def _run(self, work: Work[T], access: str, retry_constraint: bool, one_statement: bool = False) -> T:
        deadline = time.monotonic() + self.timeout
        record = current_request()
        # claimed before the first await, so reads the request starts meanwhile (a create's duplicate check)
        # leave the token's look-up to this write
        claims = access == neo4j.WRITE_ACCESS and record is not None and record.pending_check is not None
        if claims:
            record.writes_checking += 1
        access_token = _ACCESS.set(access)  # before `within` makes a task: the task copies the context
        try:
            return await within(deadline, self._attempts(work, access, retry_constraint, deadline, one_statement))
        except TimeoutError as error:
            metrics.GRAPH_UNAVAILABLE.inc()
            outcome = "; a write may or may not have been applied" if access == neo4j.WRITE_ACCESS else ""
            raise GraphUnavailable(f"the graph server did not answer within {self.timeout:g} s{outcome}") from error
        except GraphUnavailable:
            metrics.GRAPH_UNAVAILABLE.inc()
            raise
        finally:
            _ACCESS.reset(access_token)
            if claims:
                record.writes_checking -= 1

    async def _attempts(self, work: Work[T], access: str, retry_constraint: bool, deadline: float,
                        one_statement: bool = False) -> T:
        counter = metrics.READS if access == neo4j.READ_ACCESS else metrics.WRITES
        record = current_request()
        for attempt in range(1, self.max_attempts + 1):
            began = time.monotonic()
            counter.inc()
            if record is not None:
                record.transactions += 1
            backoff = min(0.05 * 2**attempt, 1.0) * random.uniform(0.5, 1.5)
            timeout = max(deadline - began, 0.001)
            try:
                if one_statement:
                    try:
                        return await self._one_statement(work, timeout, record)
                    except _NotOneStatement:  # it ran a second statement: again, in a transaction
                        one_statement = False
                        continue
                unit = work if access == neo4j.READ_ACCESS else _renewing_stamp(work)
                if _checks_caller(record, access):
                    unit = _checking_caller(unit, record)
                bounded = neo4j.unit_of_work(timeout=timeout)(unit)
                async with self.driver.session(database=self.database, default_access_mode=access) as session:
                    with pipelined_begin(session):
                        if access == neo4j.READ_ACCESS:
                            return await session.execute_read(bounded)
                        return await session.execute_write(bounded)
            except IncompleteCommit as error:
                if access == neo4j.WRITE_ACCESS and not retry_constraint:
                    raise GraphUnavailable("the graph server went away while committing; outcome unknown") from error
                if attempt == self.max_attempts or time.monotonic() + backoff >= deadline:
                    raise GraphUnavailable("the graph server is unavailable") from error
            except (ServiceUnavailable, SessionExpired, DatabaseUnavailable) as error:
                # another attempt must be able to finish (it may take as long as this one did) within the budget
                finish = time.monotonic() + backoff + (time.monotonic() - began)
                if attempt == self.max_attempts or finish > deadline:
                    raise GraphUnavailable("the graph server is unavailable") from error
                log.debug("graph server unavailable (attempt %d): %s", attempt, error)
            except TransientError:
                if attempt == self.max_attempts:
                    raise
            except ConstraintError:
                if not retry_constraint or attempt == self.max_attempts:
                    raise
            except ClientError as error:
                if (error.code or "").startswith(TIMED_OUT):
                    raise GraphUnavailable("the graph server did not answer: it timed the transaction out") from error
                raise
            await asyncio.sleep(backoff)
        raise AssertionError("unreachable")

    async def _one_statement(self, work: Work[T], timeout: float, record: RequestRecord | None) -> T:
        """The work's statement sent on its own. A pending look-up of the caller's token (which a transaction
        would run first, see _checking_caller) runs beside it on another connection, and the work's answer
        waits for it: two round trips at once instead of three one after the other."""
        pending = _checks_caller(record, neo4j.READ_ACCESS)
        checking = asyncio.ensure_future(self._check_beside(record, timeout)) if pending else None
        try:
            async with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                result = await work(_OneStatement(session, timeout))
        except BaseException:
            if checking is not None:
                checking.cancel()
                checking.add_done_callback(_consume)
            raise
        if checking is not None:
            await checking
        return result

    async def _check_beside(self, record: RequestRecord, timeout: float) -> None:
        async with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
            await check_caller(_OneStatement(session, timeout), record)

    async def ping(self, timeout: float = PING_TIMEOUT) -> bool:
        """Whether the server answers a trivial query within `timeout` seconds (a frozen one does not)."""
        async def query() -> bool:
            async with self.driver.session(database=self.database) as session:
                result = await session.run(neo4j.Query(PING, timeout=timeout))
                record = await result.single()
                return bool(record and record["ok"] == 1)

        try:
            return await within(time.monotonic() + timeout, query())
        except Exception:  # noqa: BLE001 - any failure, the deadline included, means not ready
            return False


def _renewing_stamp(work: Work[T]) -> Work[T]:
    """The work, then, in its transaction, a new hierarchy stamp if any of its statements changed a hierarchy."""
    async def work_then_renew(tx: AsyncManagedTransaction) -> T:
        changes: list[str] = []
        token = _HIERARCHY_CHANGES.set(changes)
        try:
            result = await work(tx)
        finally:
            _HIERARCHY_CHANGES.reset(token)
        if changes:
            await fetch_all(tx, hierarchy.RENEW, stamp=uuid.uuid4().hex)
        return result

    return work_then_renew


class _NotOneStatement(Exception):
    pass


class _OneStatement:
    """Stands for the transaction of a read that runs one statement: the statement is sent on its own and the
    server commits it as it ends (no BEGIN, no COMMIT: one round trip instead of two). A second statement would
    not share the first one's view of the graph, so it is refused (_NotOneStatement) and the work is run again
    in a transaction."""

    def __init__(self, session: neo4j.AsyncSession, timeout: float):
        self.session = session
        self.timeout = timeout
        self.used = False

    async def run(self, query: str, parameters: dict[str, Any] | None = None) -> neo4j.AsyncResult:
        if self.used:
            raise _NotOneStatement
        self.used = True
        return await self.session.run(neo4j.Query(query, timeout=self.timeout), parameters)


async def check_caller(tx, record: RequestRecord) -> None:
    """The request's pending look-up of its caller's token (hub.auth.tokens), if another transaction of the
    request has not passed it meanwhile: passed, it is done; refused, the request answers 401."""
    check = record.pending_check
    if check is None:
        return
    try:
        await check(tx)
    except Unauthenticated:
        record.credential_refused = True
        raise
    record.pending_check = None


def _checks_caller(record: RequestRecord | None, access: str) -> bool:
    """Whether a transaction of the request runs its token's pending look-up: a write always does; a read not
    while a write of the request is under way, which will (and the answer waits for it either way)."""
    if record is None or record.pending_check is None:
        return False
    return access == neo4j.WRITE_ACCESS or not record.writes_checking


def _checking_caller(work: Work[T], record: RequestRecord) -> Work[T]:
    """The look-up, then the work, in one transaction: the look-up costs no transaction of its own, and a
    refused token rolls the work back."""
    async def check_then_work(tx: AsyncManagedTransaction) -> T:
        await check_caller(tx, record)
        return await work(tx)

    return check_then_work


def pipelined_begin(session: neo4j.AsyncSession):
    """Sends a transaction's BEGIN with its first statement instead of waiting for BEGIN's answer first.

    A transaction function otherwise costs a round trip more than its statements: BEGIN is sent and
    answered alone. The driver pipelines it this way in its own `execute_query` (also a retried transaction
    function), through a session switch it does not expose otherwise; a failed BEGIN then fails the first
    statement, which is retried as before. tests/test_round_trips.py checks the switch is still there."""
    switch = getattr(session, "_pipelined_begin", None)  # false until entered: test for None, not truth
    return contextlib.nullcontext() if switch is None else switch


async def within(deadline: float, operation: Awaitable[T]) -> T:
    """Awaits the operation until the monotonic `deadline`, then abandons it with TimeoutError.

    Unlike asyncio.wait_for, it does not wait for the abandoned operation to finish cancelling: the driver
    may still be talking to a frozen server while it cleans up, and the caller must get its answer now."""
    task = asyncio.ensure_future(operation)
    try:
        done, _ = await asyncio.wait({task}, timeout=max(deadline - time.monotonic(), 0))
    except asyncio.CancelledError:
        task.cancel()
        raise
    if not done:
        task.cancel()
        task.add_done_callback(_consume)
        raise TimeoutError
    return task.result()


def _consume(task: asyncio.Task) -> None:
    """An abandoned operation's outcome is of no interest; retrieving it keeps asyncio from logging it."""
    if not task.cancelled():
        task.exception()


_PLAIN = (str, int, float, bool, type(None))


class _NotPlain(Exception):
    pass


def _value(x: Any) -> Any:
    kind = type(x)
    if kind in _PLAIN:
        return x
    if kind is list:
        return [_value(v) for v in x]
    if kind is dict:
        return {k: _value(v) for k, v in x.items()}
    raise _NotPlain


def _row(record: neo4j.Record) -> dict[str, Any]:
    """What Record.data() returns, found by exact type for the plain values statements return (maps, lists,
    strings, numbers): data() tests every value against the abstract Sequence and Mapping types (the 274
    feature rows of the benchmark's duplicate check: 7.9 ms with data(), 1.4 ms here)."""
    try:
        return {key: _value(value) for key, value in record.items()}
    except _NotPlain:  # a node, relationship, path or temporal value: as the driver converts it
        return record.data()


async def fetch_all(tx: AsyncManagedTransaction, query: str, **params: Any) -> list[dict[str, Any]]:
    return await _fetch(tx, query, params, _row)


async def fetch_collected(tx: AsyncManagedTransaction, query: str, **params: Any) -> list[dict[str, Any]]:
    """The rows of a statement that returns them collected into one (hub.graph.rows.collected), as fetch_all
    gives the rows of any other. Such rows hold property values, maps and lists only (projections, never a
    node), so they are taken as the driver decoded them, without fetch_all's look at every value."""
    found = await fetch_projected(tx, query, **params)
    if found is None:
        return []
    columns = found["columns"]
    return [dict(zip(columns, values)) for values in found["rows"]]


async def _fetch(tx: AsyncManagedTransaction, query: str, params: dict[str, Any], row: Callable[[neo4j.Record], Any]):
    changes = _HIERARCHY_CHANGES.get()
    if changes is not None and hierarchy.changes_hierarchy(query):
        changes.append(query)
    if _ACCESS.get() == neo4j.READ_ACCESS:
        warm_up.USE.note(query, params)
    began = time.perf_counter()
    with tracing.span("graph statement", {"db.system": "neo4j", "db.query.text": query}):  # parameters: never
        result = await tx.run(query, params)
        rows = [row(record) async for record in result]
    seconds = time.perf_counter() - began
    metrics.GRAPH_STATEMENTS.inc()
    metrics.GRAPH_STATEMENT_SECONDS.observe(seconds)
    request = current_request()
    if request is not None:
        request.statements += 1
        request.statement_seconds += seconds
    return rows


async def fetch_projected(tx: AsyncManagedTransaction, query: str, **params: Any) -> neo4j.Record | None:
    """The one row of a statement that returns projections only (maps, lists, property values, never a node),
    as the driver decoded it, without fetch_one's look at every value: a page of 100 records with their
    relations holds thousands."""
    found = await _fetch(tx, query, params, lambda record: record)
    return found[0] if found else None


async def fetch_one(tx: AsyncManagedTransaction, query: str, **params: Any) -> dict[str, Any] | None:
    rows = await fetch_all(tx, query, **params)
    return rows[0] if rows else None
