"""Place and theme filters expanded to everything below them, kept for as long as the hierarchies stay the same.

Expanding a country's places walks some hundreds of PART_OF links, each time a list, a feed filter or an
analysis names the country. The expansion is kept with the hierarchies' stamp it was read under
(hub.graph.hierarchy); a later request reads the stamp (one small statement, in its own transaction) and uses
the kept expansion while the stamp is unchanged, or expands again. A first expansion reads the stamp with it.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from dataclasses import dataclass

from hub.graph import hierarchy, listing
from hub.graph.connection import Graph, fetch_one

COARSE_LEVELS = ("ADMIN1", "COUNTRY")


@dataclass(frozen=True)
class Expansion:
    places: list[str] | None  # the chosen places and every place below them; None when no place was chosen
    themes: list[str] | None  # the chosen themes and every narrower one; None when no theme was chosen
    coarse: bool  # every chosen place is a province or a country (a sensitive record matches only such a filter)


class Expansions:
    """The expansions this process has read, the most recently used kept, each with its stamp."""

    def __init__(self, size: int = 64):
        self.size = size
        self._kept: OrderedDict[tuple, tuple[str, Expansion]] = OrderedDict()

    def kept(self, place_keys: list[str] | None, theme_keys: list[str] | None) -> tuple[str, Expansion] | None:
        """The kept expansion of these filters with the stamp it was read under, unchecked (a statement that uses
        it checks the stamp itself: hub.graph.listing's stamped pages), or None."""
        if place_keys is None and theme_keys is None:
            return None
        key = _key(place_keys, theme_keys)
        kept = self._kept.get(key)
        if kept is not None:
            self._keep(key, kept)
        return kept

    async def expand(self, tx, place_keys: list[str] | None, theme_keys: list[str] | None) -> Expansion:
        """Within the caller's transaction: one statement when nothing is kept or the kept one is current, two
        when the hierarchies changed since."""
        return (await self.expand_with_stamp(tx, place_keys, theme_keys))[1]

    async def expand_with_stamp(self, tx, place_keys: list[str] | None,
                                theme_keys: list[str] | None) -> tuple[str | None, Expansion]:
        """expand, with the stamp the expansion is current under (None where the graph has none)."""
        statement = listing.expansion(place_keys is not None, theme_keys is not None)
        if statement is None:
            return None, Expansion(None, None, False)
        key = _key(place_keys, theme_keys)
        kept = self._kept.get(key)
        if kept is not None:
            row = await fetch_one(tx, hierarchy.READ)
            if row is not None and row["stamp"] is not None and row["stamp"] == kept[0]:
                self._keep(key, kept)  # other requests may have pushed it out meanwhile
                return kept
        row = await fetch_one(tx, statement, placeKeys=place_keys or [], themeKeys=theme_keys or [])
        levels = row["levels"]
        found = Expansion(places=row["places"] if place_keys is not None else None,
                          themes=row["themes"] if theme_keys is not None else None,
                          coarse=bool(levels) and all(level in COARSE_LEVELS for level in levels))
        if row["stamp"] is not None:
            self._keep(key, (row["stamp"], found))
        else:
            self._kept.pop(key, None)
        return row["stamp"], found

    def _keep(self, key: tuple, kept: tuple[str, Expansion]) -> None:
        """Kept as the most recently used; the least recently used beyond `size` let go. No await in between:
        requests running concurrently see the whole change or none of it."""
        self._kept[key] = kept
        self._kept.move_to_end(key)
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)


def _key(place_keys: list[str] | None, theme_keys: list[str] | None) -> tuple:
    return (tuple(place_keys) if place_keys is not None else None,
            tuple(theme_keys) if theme_keys is not None else None)


EXPANSIONS = Expansions()  # one per process: a stamp is random, so kept expansions cannot mix graphs


async def ensure_stamp(graph: Graph) -> None:
    """Makes the hierarchies' stamp if the graph has none (a new graph, a restored one). Processes starting
    together may race to make it: the unique key lets one win, and the others find it."""
    await graph.write(lambda tx: fetch_one(tx, hierarchy.ENSURE, stamp=uuid.uuid4().hex), retry_constraint=True)
