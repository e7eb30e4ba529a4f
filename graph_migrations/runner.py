"""Applies the migration files in version order, once each, recording each in the graph with its checksum.

Each statement of a file runs in a transaction of its own (Neo4j does not mix schema and data changes in
one), so statements must be idempotent: IF NOT EXISTS for schema, MERGE for reference data. A file that
was applied and has since changed stops start-up: migrations are history, not configuration.
"""

from __future__ import annotations

import asyncio
import getpass
import logging
import re
import time
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path

from neo4j.exceptions import ConstraintError

from hub.graph import migration_log as q
from hub.graph.connection import Graph, fetch_all, fetch_one

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent
FILE_PATTERN = re.compile(r"^V(?P<version>\d+(?:[._]\d+)*)__(?P<description>\w+)\.cypher$")
LOCK_NAME = "coordination-hub"


class MigrationError(RuntimeError):
    """Start-up must stop: the message tells the operator what is wrong and what to do."""


@dataclass(frozen=True)
class MigrationFile:
    version: str
    description: str
    path: Path

    @property
    def sort_key(self) -> tuple[int, ...]:
        return version_key(self.version)

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8").replace("\r\n", "\n")

    @property
    def checksum(self) -> str:
        return str(zlib.crc32(self.text.encode("utf-8")))

    def statements(self) -> list[str]:
        return split_statements(self.text)


@dataclass(frozen=True)
class MigrationState:
    version: str
    description: str
    state: str  # APPLIED, PENDING or CHANGED
    installed_on: str | None = None


def version_key(version: str) -> tuple[int, ...]:
    """1, 0001 and 1.0 are one version; 1_1 and 1.1 too."""
    parts = [int(part) for part in re.split(r"[._]", version)]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def split_statements(text: str) -> list[str]:
    """Statements end with ';' at the end of a line; whole-line // comments are dropped."""
    body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    return [part.strip() for part in re.split(r";\s*(?:\n|$)", body) if part.strip()]


def discover(directory: Path = MIGRATIONS_DIR) -> list[MigrationFile]:
    files = []
    for path in directory.glob("*.cypher"):
        match = FILE_PATTERN.match(path.name)
        if not match:
            raise MigrationError(f"migration file {path.name} does not follow V<version>__<Description>.cypher")
        files.append(MigrationFile(match["version"], match["description"].replace("_", " "), path))
    files.sort(key=lambda f: f.sort_key)
    for previous, current in zip(files, files[1:]):
        if previous.sort_key == current.sort_key:
            raise MigrationError(f"two migrations share version {current.version}: {previous.path.name}, {current.path.name}")
    return files


class MigrationRunner:
    def __init__(self, graph: Graph, directory: Path = MIGRATIONS_DIR, lock_wait: float = 120.0, stale_lock_age: int = 600):
        self.graph = graph
        self.directory = directory
        self.lock_wait = lock_wait
        self.stale_lock_age = stale_lock_age

    async def applied(self) -> dict[tuple[int, ...], dict]:
        rows = await self.graph.read(lambda tx: fetch_all(tx, q.APPLIED_CHAIN))
        return {version_key(row["version"]): row for row in rows}

    async def info(self) -> list[MigrationState]:
        applied = await self.applied()
        states = []
        for migration in discover(self.directory):
            row = applied.get(migration.sort_key)
            if row is None:
                states.append(MigrationState(migration.version, migration.description, "PENDING"))
            else:
                state = "APPLIED" if row["checksum"] == migration.checksum else "CHANGED"
                states.append(MigrationState(migration.version, migration.description, state, str(row["installedOn"])))
        return states

    async def pending(self) -> list[MigrationFile]:
        """Raises if an applied file changed, or if a new file would land before applied ones (the chain
        is history, so a migration cannot be inserted into its past); returns the files still to apply."""
        applied = await self.applied()
        files = discover(self.directory)
        for migration in files:
            row = applied.get(migration.sort_key)
            if row is not None and row["checksum"] != migration.checksum:
                raise MigrationError(
                    f"migration {migration.path.name} was applied with checksum {row['checksum']} but the file now "
                    f"has checksum {migration.checksum}. Applied migrations must not change: restore the file and "
                    f"put the change in a new migration."
                )
        todo = [m for m in files if m.sort_key not in applied]
        latest = max(applied, default=())
        late = [m for m in todo if m.sort_key < latest]
        if late:
            raise MigrationError(
                f"migration {late[0].path.name} has a version below the last applied one "
                f"({'.'.join(map(str, latest))}); give it a version after that one")
        return todo

    async def migrate(self) -> list[str]:
        """Applies what is pending under the lock; returns the versions applied by this call."""
        await self._ensure_lock_constraint()
        lock_id = await self._acquire_lock()
        try:
            applied_now = []
            for migration in await self.pending():
                started = time.monotonic()
                for statement in migration.statements():
                    await self.graph.write(lambda tx, s=statement: fetch_all(tx, s), retry_constraint=True)
                duration_ms = int((time.monotonic() - started) * 1000)
                await self.graph.write(lambda tx: fetch_one(tx, q.ENSURE_BASELINE))
                await self.graph.write(lambda tx, m=migration, d=duration_ms: fetch_one(
                    tx, q.APPEND_TO_CHAIN, version=m.version, description=m.description, source=m.path.name,
                    checksum=m.checksum, duration_ms=d, by=getpass.getuser()))
                log.info("applied migration %s (%s)", migration.version, migration.description)
                applied_now.append(migration.version)
            return applied_now
        finally:
            await self.graph.write(lambda tx: fetch_all(tx, q.RELEASE_LOCK, name=LOCK_NAME, id=lock_id))

    async def _ensure_lock_constraint(self) -> None:
        for attempt in range(5):
            try:
                await self.graph.write(lambda tx: fetch_all(tx, q.LOCK_CONSTRAINT))
                return
            except Exception:  # noqa: BLE001 - a concurrent creator of the same constraint; try again
                if attempt == 4:
                    raise
                await asyncio.sleep(0.2 * (attempt + 1))

    async def _acquire_lock(self) -> str:
        lock_id = str(uuid.uuid4())
        deadline = time.monotonic() + self.lock_wait
        while True:
            try:
                await self.graph.write(lambda tx: fetch_one(
                    tx, q.ACQUIRE_LOCK, id=lock_id, name=LOCK_NAME, owner=getpass.getuser()))
                return lock_id
            except ConstraintError:
                await self.graph.write(lambda tx: fetch_one(
                    tx, q.BREAK_STALE_LOCK, name=LOCK_NAME, max_age_seconds=self.stale_lock_age))
                if time.monotonic() > deadline:
                    raise MigrationError("another hub holds the migration lock; try again when it has started") from None
                await asyncio.sleep(0.25)
