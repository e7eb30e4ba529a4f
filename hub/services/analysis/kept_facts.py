"""The facts of places and themes the analyses compare, kept for as long as the hierarchies stay the same.

A duplicate check or a partner search reads, besides the initiatives it compares, the chain of containing
places of every place involved (names, levels, coordinates, borders), the places below its own and the theme
taxonomy: four statements of every check, and the same answers check after check. They change only when a
place, a theme or a PART_OF, BROADER or BORDERS link does, and each such write renews the hierarchies' stamp
(hub.graph.hierarchy). So a process keeps them with the stamp they were read under: a check reads the stamp
(one small statement) and what is kept under it, and reads from the graph only the places it has not seen.

One stamp at a time: a new stamp lets everything go. Facts read under a stamp are kept only while it is still
the current one, so a request that read an older stamp (its transaction began before a change) never mixes
its facts into the newer ones. Where the graph has no stamp, nothing is kept.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from hub.graph import hierarchy
from hub.graph.analysis import features as q
from hub.graph.connection import fetch_all, fetch_collected, fetch_one
from hub.recent import Recent
from hub.services.analysis.similarity import ThemeTree


class KeptFacts:
    """The facts read under the current stamp: places' chains, zones, what lies below, the theme taxonomy."""

    def __init__(self, size: int = 20_000):
        self.size = size
        self._reset(None)

    def _reset(self, stamp: str | None) -> None:
        self.stamp = stamp
        self.chains: Recent[str, list] = Recent(self.size)  # PLACE_FACTS rows of each place
        self.zones: Recent[str, list] = Recent(self.size)  # ZONE_FACTS rows of each place
        self.below: Recent[str, list] = Recent(self.size)  # [the place and every place below it]
        self.themes: ThemeTree | None = None

    async def read(self, tx) -> Facts:
        """The facts as of the caller's transaction: one statement (the stamp), then only what is not kept."""
        row = await fetch_one(tx, hierarchy.READ)
        stamp = row["stamp"] if row else None
        if stamp is not None and stamp != self.stamp:
            self._reset(stamp)
        return Facts(tx, self, stamp)

    def current(self, stamp: str | None) -> bool:
        return stamp is not None and stamp == self.stamp


class Facts:
    """KeptFacts seen from one transaction, under the stamp it read."""

    def __init__(self, tx, kept: KeptFacts, stamp: str | None):
        self.tx, self.kept, self.stamp = tx, kept, stamp

    async def place_facts(self, keys: Iterable[str]) -> list[dict]:
        """PLACE_FACTS rows of these places: each place's chain up to its country, each step's facts."""
        found = await self._by_place(keys, lambda kept: kept.chains, self._read_chains)
        return [row for rows in found.values() for row in rows]

    async def zone_facts(self, keys: Iterable[str]) -> list[dict]:
        """ZONE_FACTS rows of these places: their chains with their borders and namesakes."""
        found = await self._by_place(keys, lambda kept: kept.zones, self._read_zones)
        return [row for rows in found.values() for row in rows]

    async def places_below(self, keys: Iterable[str]) -> set[str]:
        """These places and every place below them (a key that is no place brings nothing)."""
        return {place for below in (await self.below_each(keys)).values() for place in below}

    async def below_each(self, keys: Iterable[str]) -> dict[str, list[str]]:
        """Each of these places with itself and every place below it (empty for a key that is no place)."""
        return await self._by_place(keys, lambda kept: kept.below, self._read_below)

    async def theme_tree(self) -> ThemeTree:
        if self.kept.current(self.stamp) and self.kept.themes is not None:
            return self.kept.themes
        rows = await fetch_collected(self.tx, q.THEME_TREE)
        tree = ThemeTree({r["key"]: r["broader"] for r in rows}, {r["key"]: r["name"] for r in rows})
        if self.kept.current(self.stamp):
            self.kept.themes = tree
        return tree

    async def _by_place(self, keys: Iterable[str], store: Callable[[KeptFacts], Recent[str, list]],
                        read: Callable[[list[str]], Awaitable[dict[str, list]]]) -> dict[str, list]:
        """Each key's rows, in key order: the kept ones, the others read in one statement (and kept)."""
        keys = sorted(set(keys))
        found: dict[str, list] = {}
        if self.kept.current(self.stamp):
            kept = store(self.kept)
            for key in keys:
                rows = kept.get(key)
                if rows is not None:
                    found[key] = rows
        missing = [key for key in keys if key not in found]
        if missing:
            fresh = await read(missing)
            for key in missing:
                found[key] = fresh.get(key, [])
            if self.kept.current(self.stamp):  # still current after the read: no newer stamp came meanwhile
                kept = store(self.kept)
                for key in missing:
                    kept.put(key, found[key])
        return {key: found[key] for key in keys}

    async def _read_chains(self, keys: list[str]) -> dict[str, list]:
        return _grouped(await fetch_collected(self.tx, q.PLACE_FACTS, keys=keys))

    async def _read_zones(self, keys: list[str]) -> dict[str, list]:
        return _grouped(await fetch_all(self.tx, q.ZONE_FACTS, keys=keys))

    async def _read_below(self, keys: list[str]) -> dict[str, list]:
        return {row["key"]: row["below"] for row in await fetch_all(self.tx, q.PLACES_BELOW_EACH, keys=keys)}


def _grouped(rows: list[dict]) -> dict[str, list]:
    by_key: dict[str, list] = {}
    for row in rows:
        by_key.setdefault(row["key"], []).append(row)
    return by_key


FACTS = KeptFacts()  # one per process: a stamp is random, so kept facts cannot mix graphs
