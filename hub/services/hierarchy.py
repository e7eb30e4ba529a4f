"""Place and theme filters expanded to everything below them, kept for as long as the hierarchies stay the same.

Expanding a country's places walks some hundreds of PART_OF links, each time a list, a feed filter or an
analysis names the country. The expansion is kept with the hierarchies' stamp it was read under
(hub.graph.hierarchy); a later request reads the stamp (one small statement, in its own transaction) and uses
the kept expansion while the stamp is unchanged, or expands again. A first expansion reads the stamp with it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from hub.graph import hierarchy, listing
from hub.graph.connection import Graph, fetch_one
from hub.recent import Recent

COARSE_LEVELS = ("ADMIN1", "COUNTRY")


@dataclass(frozen=True)
class Expansion:
    places: list[str] | None  # the chosen places and every place below them; None when no place was chosen
    themes: list[str] | None  # the chosen themes and every narrower one; None when no theme was chosen
    coarse: bool  # every chosen place is a province or a country (a sensitive record matches only such a filter)


class Expansions:
    """The expansions this process has read, places and themes apart (a list names a few places and many
    themes: kept as pairs, every pair would be an expansion of its own), each with its stamp."""

    def __init__(self, size: int = 64, theme_size: int = 512):
        self.places: Recent[tuple, tuple[str, Any]] = Recent(size)  # (stamp, (places, coarse))
        self.themes: Recent[tuple, tuple[str, Any]] = Recent(theme_size)  # (stamp, themes)

    def kept(self, place_keys: list[str] | None, theme_keys: list[str] | None) -> tuple[str, Expansion] | None:
        """The kept expansion of these filters with the stamp it was read under, unchecked (a statement that uses
        it checks the stamp itself: hub.graph.listing's stamped pages), or None: when a filter's expansion is
        not kept, or the two were read under different stamps."""
        if place_keys is None and theme_keys is None:
            return None
        stamps, places, themes, coarse = set(), None, None, False
        if place_keys is not None:
            found = self.places.get(tuple(place_keys))
            if found is None:
                return None
            stamps.add(found[0])
            places, coarse = found[1]
        if theme_keys is not None:
            found = self.themes.get(tuple(theme_keys))
            if found is None:
                return None
            stamps.add(found[0])
            themes = found[1]
        if len(stamps) != 1:
            return None
        return stamps.pop(), Expansion(places, themes, coarse)

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
        kept = self.kept(place_keys, theme_keys)
        if kept is not None:
            row = await fetch_one(tx, hierarchy.READ)
            if row is not None and row["stamp"] is not None and row["stamp"] == kept[0]:
                return kept
        row = await fetch_one(tx, statement, placeKeys=place_keys or [], themeKeys=theme_keys or [])
        levels, stamp = row["levels"], row["stamp"]
        found = Expansion(places=row["places"] if place_keys is not None else None,
                          themes=row["themes"] if theme_keys is not None else None,
                          coarse=bool(levels) and all(level in COARSE_LEVELS for level in levels))
        for kind, keys, value in ((self.places, place_keys, (found.places, found.coarse)),
                                  (self.themes, theme_keys, found.themes)):
            if keys is None:
                continue
            if stamp is not None:
                kind.put(tuple(keys), (stamp, value))
            else:
                kind.drop(tuple(keys))
        return stamp, found


EXPANSIONS = Expansions()  # one per process: a stamp is random, so kept expansions cannot mix graphs


async def ensure_stamp(graph: Graph) -> None:
    """Makes the hierarchies' stamp if the graph has none (a new graph, a restored one). Processes starting
    together may race to make it: the unique key lets one win, and the others find it."""
    await graph.write(lambda tx: fetch_one(tx, hierarchy.ENSURE, stamp=uuid.uuid4().hex), retry_constraint=True)
