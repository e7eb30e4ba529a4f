"""The running hub's back end: the graph (embedded or external), migrated, with its services."""

from __future__ import annotations

import asyncio
import logging

from graph_migrations.runner import MigrationRunner
from hub.embedded import EmbeddedGraphServer
from hub.graph.connection import Graph
from hub.services.maintenance import refresh_derived
from hub.services.reads import Reader
from hub.services.registry import Registry
from hub.settings import Settings

log = logging.getLogger(__name__)


class Hub:
    """Start it, use `.graph`, `.registry`, `.reader`; stop it to close the driver and the server it started."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.server: EmbeddedGraphServer | None = None
        self.graph: Graph | None = None
        self.migrated = False

    async def start(self, *, migrate: bool = True) -> "Hub":
        s = self.settings
        if s.embedded:
            self.server = EmbeddedGraphServer(s.data_dir, s.neo4j_database, s.embedded_heap, s.embedded_start_timeout)
            self.server.launch()  # from this thread: the child's death signal follows the thread that started it
            await asyncio.to_thread(self.server.wait_until_ready)
            creds = self.server.credentials
            self.graph = Graph(self.server.uri, creds.user, creds.password, s.neo4j_database)
        else:
            self.graph = Graph(s.neo4j_uri, s.neo4j_user, s.neo4j_password or "", s.neo4j_database)
        try:
            if migrate:
                await self.migrate()
        except BaseException:
            await self.stop()
            raise
        return self

    async def migrate(self) -> list[str]:
        applied = await MigrationRunner(self.graph).migrate()
        await refresh_derived(self.graph)
        self.migrated = True
        return applied

    @property
    def registry(self) -> Registry:
        return Registry(self.graph)

    @property
    def reader(self) -> Reader:
        return Reader(self.graph)

    async def ready(self) -> bool:
        return self.migrated and await self.graph.ping()

    async def stop(self) -> None:
        if self.graph is not None:
            await self.graph.close()
            self.graph = None
        if self.server is not None:
            await asyncio.to_thread(self.server.stop)
            self.server = None
