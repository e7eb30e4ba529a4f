"""The running hub's back end: the graph (embedded or external), migrated, with its services.

With the embedded graph server the hub also supervises it: a background task notices when the server
process has died (whatever killed it) and starts it again on the same ports, so the driver reconnects by
itself. A process that lives but no longer answers (frozen, deadlocked, stuck in garbage collection) is
caught by a liveness query with a deadline, sent over a connection of its own every few seconds: after
several failures in a row the server is killed and restarted the same way. Meanwhile /readyz answers 503,
and an operation that cannot wait out the restart (every graph call has a deadline, HUB_GRAPH_TIMEOUT,
see hub.graph.connection) fails with UNAVAILABLE; nothing is queued or replayed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from pathlib import Path

from graph_migrations.runner import MigrationRunner
from hub.embedded import DataFolderInUse, EmbeddedGraphServer, GraphServerError, in_use_message, running_server
from hub.graph import warm_up
from hub.graph.connection import Graph
from hub.observability import metrics
from hub.services.changes import ChangeFeed
from hub.services.hierarchy import ensure_stamp
from hub.services.idempotency import Receipts
from hub.services.maintenance import refresh_derived
from hub.services.reads import Reader
from hub.services.registry import Registry
from hub.settings import Settings

log = logging.getLogger(__name__)

SUPERVISE_INTERVAL = 0.5  # seconds between checks that the embedded server process is alive
LIVENESS_INTERVAL = 2.0  # seconds between liveness queries to a running embedded server
LIVENESS_TIMEOUT = 3.0  # seconds a liveness query may take
LIVENESS_FAILURES = 3  # failed liveness queries in a row after which the server is taken as stuck
RESTART_BACKOFF_MAX = 30.0  # seconds, between rounds of failed restarts


class Hub:
    """Start it, use `.graph`, `.registry`, `.reader`; stop it to close the driver and the server it started."""

    def __init__(self, settings: Settings, *, attach: bool = False):
        """attach: with the embedded graph, use the server another hub process runs on the same data folder
        (as the CLI's commands do beside `hub serve`) instead of refusing to start."""
        self.settings = settings
        self.attach = attach
        self.server: EmbeddedGraphServer | None = None
        self.graph: Graph | None = None
        self.migrated = False
        self.restarts = 0  # times the supervisor brought the embedded server back
        self.stuck_kills = 0  # times the supervisor killed an embedded server that no longer answered
        self._supervisor: asyncio.Task | None = None
        self._probe: Graph | None = None
        self.changes = ChangeFeed(lambda: self.graph, settle=settings.graph_timeout + 1)
        self.warmed: warm_up.Warmed | None = None  # the start-up's warm-up, once done

    async def start(self, *, migrate: bool = True) -> "Hub":
        s = self.settings
        running = running_server(s.data_dir) if s.embedded else None
        if running is not None:
            if not self.attach:
                raise DataFolderInUse(in_use_message(s.data_dir.resolve(), running.hub_pid))
            log.info("using the graph server of the hub process %s (%s)", running.hub_pid, running.uri)
            creds = running.credentials
            self.graph = Graph(running.uri, creds.user, creds.password, running.database, timeout=s.graph_timeout)
        elif s.embedded:
            self.server = EmbeddedGraphServer(s.data_dir, s.neo4j_database, s.embedded_heap, s.embedded_start_timeout,
                                              s.embedded_wal_flush, s.graph_timeout)
            self.server.launch()  # from this thread: the child's death signal follows the thread that started it
            await asyncio.to_thread(self.server.wait_until_ready)
            creds = self.server.credentials
            self.graph = Graph(self.server.uri, creds.user, creds.password, s.neo4j_database, timeout=s.graph_timeout)
            # its own connection: a liveness query must not queue behind the requests it is meant to rescue
            self._probe = Graph(self.server.uri, creds.user, creds.password, s.neo4j_database,
                                timeout=LIVENESS_TIMEOUT, pool_size=1)
            metrics.EMBEDDED_UP.set(1)
            self._supervisor = asyncio.create_task(self._supervise(self.server), name="embedded-graph-supervisor")
        else:
            self.graph = Graph(s.neo4j_uri, s.neo4j_user, s.neo4j_password or "", s.neo4j_database,
                               timeout=s.graph_timeout)
        try:
            if migrate:
                await self.migrate()
        except BaseException:
            await self.stop()
            raise
        return self

    async def migrate(self) -> list[str]:
        applied = await MigrationRunner(self.graph).migrate()
        await ensure_stamp(self.graph)
        await refresh_derived(self.graph)
        await Receipts(self.settings.idempotency_retention_hours).purge_expired(self.graph)
        self.migrated = True
        return applied

    async def warm_up(self, data_dir: Path, count: int) -> None:
        """Plans ahead the read statements (at most `count`) the last run of the server on `data_dir` used most
        (hub.graph.warm_up)."""
        statements = await asyncio.to_thread(warm_up.load, data_dir, count)
        self.warmed = await warm_up.warm(self.graph, statements)  # a statement's failure is counted, not raised
        if statements:
            log.info("planned %d statements ahead in %.1f s (%d could not be planned)", self.warmed.planned,
                     self.warmed.seconds, self.warmed.failed)

    @property
    def registry(self) -> Registry:
        return Registry(self.graph, Receipts(self.settings.idempotency_retention_hours))

    @property
    def reader(self) -> Reader:
        return Reader(self.graph)

    async def ready(self) -> bool:
        return self.migrated and await self.graph.ping()

    async def _supervise(self, server: EmbeddedGraphServer) -> None:
        """Runs until cancelled (by stop): restarts the server whenever its process is gone, and kills it
        first when it has stopped answering. Restarting launches from this task, i.e. from the event loop's
        thread (see EmbeddedGraphServer.launch)."""
        failed_rounds = 0
        unanswered = 0
        next_liveness = time.monotonic() + LIVENESS_INTERVAL
        while True:
            await asyncio.sleep(SUPERVISE_INTERVAL)
            if server.running:
                if time.monotonic() < next_liveness:
                    continue
                unanswered = 0 if await self._probe.ping(LIVENESS_TIMEOUT) else unanswered + 1
                next_liveness = time.monotonic() + LIVENESS_INTERVAL
                if unanswered < LIVENESS_FAILURES or not server.running:
                    continue
                log.error("the embedded graph server (pid %s) has not answered %d liveness queries in a row "
                          "(%.0f s each); killing it", server.process.pid, unanswered, LIVENESS_TIMEOUT)
                await asyncio.to_thread(server.kill)
                self.stuck_kills += 1
            metrics.EMBEDDED_UP.set(0)
            process = server.process
            code = process.returncode if process is not None else None
            log.error("the embedded graph server (pid %s) is gone (exit code %s); restarting it on bolt port %s "
                      "and http port %s", process.pid if process is not None else "-", code,
                      server.bolt_port, server.http_port)
            began = time.monotonic()
            try:
                await server.restart_async()
            except GraphServerError as error:
                failed_rounds += 1
                delay = min(RESTART_BACKOFF_MAX, 2.0 ** failed_rounds)
                log.error("could not restart the embedded graph server; trying again in %.0f s: %s", delay, error)
                await asyncio.sleep(delay)
                continue
            except Exception:  # noqa: BLE001 - the supervisor must outlive any surprise
                failed_rounds += 1
                log.exception("unexpected failure restarting the embedded graph server")
                await asyncio.sleep(min(RESTART_BACKOFF_MAX, 2.0 ** failed_rounds))
                continue
            failed_rounds = 0
            unanswered = 0
            next_liveness = time.monotonic() + LIVENESS_INTERVAL
            self.restarts += 1
            metrics.EMBEDDED_RESTARTS.inc()
            metrics.EMBEDDED_UP.set(1)
            log.warning("the embedded graph server is back (pid %s, %s) after %.1f s",
                        server.process.pid, server.uri, time.monotonic() - began)

    async def stop(self) -> None:
        await self.changes.stop()
        if self._supervisor is not None:
            self._supervisor.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._supervisor
            self._supervisor = None
        if self.graph is not None:
            await self.graph.close()
            self.graph = None
        if self._probe is not None:
            await self._probe.close()
            self._probe = None
        if self.server is not None:
            await asyncio.to_thread(self.server.stop)
            self.server = None
            metrics.EMBEDDED_UP.set(0)
