"""Persisted operations: a JSON file {sha256 hex of the query text: query text}, written by the operator.

The hash is the SHA-256 of the query text exactly as the client sends it (UTF-8), in hexadecimal: the
same as Apollo's automatic persisted queries, so `extensions.persistedQuery.sha256Hash` can name one.
The file is read on first use and again whenever its modification time changes. An entry whose key is
not the hash of its text is left out (and logged); an unreadable file counts as empty (and is logged),
so a broken file never lets an arbitrary operation through.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from functools import cached_property
from pathlib import Path

from graphql import GraphQLError, OperationDefinitionNode, parse

log = logging.getLogger("hub.api")


def operation_hash(query: str) -> str:
    return hashlib.sha256(query.encode("utf-8", "surrogatepass")).hexdigest()


class PersistedOperations:
    def __init__(self, operations: dict[str, str] | None = None):
        self.operations = dict(operations or {})

    def __contains__(self, digest: str) -> bool:
        return digest in self.operations

    def get(self, digest: str) -> str | None:
        return self.operations.get(digest)

    @cached_property
    def names(self) -> frozenset[str]:
        """The names of the operations in the persisted texts: names the operator vouches for, which
        metrics may use as labels (parsed once per version of the file)."""
        found = set()
        for query in self.operations.values():
            try:
                document = parse(query)
            except GraphQLError:
                continue
            found.update(d.name.value for d in document.definitions
                         if isinstance(d, OperationDefinitionNode) and d.name is not None)
        return frozenset(found)

    @classmethod
    def read(cls, path: Path) -> "PersistedOperations":
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            log.error("persisted operations file %s is unreadable (%s): no operation is persisted", path, error)
            return cls()
        if not isinstance(entries, dict):
            log.error("persisted operations file %s is not a JSON object: no operation is persisted", path)
            return cls()
        operations = {}
        for key, query in entries.items():
            if isinstance(query, str) and operation_hash(query) == str(key).lower():
                operations[str(key).lower()] = query
            else:
                log.warning("persisted operations file %s: entry %.16s... is not the sha256 of its text; left out",
                            path, key)
        return cls(operations)


_cache: dict[Path, tuple[int | None, PersistedOperations]] = {}
_lock = threading.Lock()


def persisted_operations(path: Path | str | None) -> PersistedOperations:
    """The operations of the file (cached until it changes); none when no file is configured."""
    if path is None:
        return PersistedOperations()
    path = Path(path)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = None
    with _lock:
        cached = _cache.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    operations = PersistedOperations.read(path)
    with _lock:
        _cache[path] = (stamp, operations)
    return operations
