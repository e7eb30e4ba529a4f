"""A bounded map keeping the most recently used entries: the process's caches of what the graph said (known
tokens, expanded filters, places' facts). No await inside: concurrent requests see a whole change or none."""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Recent(Generic[K, V]):
    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[K, V] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: K) -> V | None:
        """The entry, now the most recently used (other requests may have pushed it to the edge meanwhile)."""
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
        return found

    def put(self, key: K, value: V) -> None:
        """Kept as the most recently used; the least recently used beyond `size` let go."""
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def items(self) -> list[tuple[K, V]]:
        """A copy of the entries, least recently used first."""
        return list(self._entries.items())

    def drop(self, key: K) -> None:
        self._entries.pop(key, None)
