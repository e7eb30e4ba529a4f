"""Reading records: by key, as filtered and ordered pages, and their neighbours in batches.

Each call is a fixed number of round trips, however many records it returns: pages are one count and
one page query (plus one expansion per place or theme filter), neighbours one query per relationship
per batch of parents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hub.access import Viewer
from hub.graph import links as link_q
from hub.graph import listing
from hub.graph import nodes as node_q
from hub.graph.connection import Graph, fetch_all, fetch_one
from hub.services.records import Record

MAX_PAGE = 100
DEFAULT_PAGE = 20


@dataclass
class Page:
    records: list[Record]
    total: int
    offset: int

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.records) < self.total


class Reader:
    def __init__(self, graph: Graph):
        self.graph = graph

    async def get_many(self, label: str, keys: list[str], viewer: Viewer) -> dict[str, Record]:
        rows = await self.graph.read(lambda tx: fetch_all(tx, node_q.get_by_keys(label), keys=keys, **viewer.params()))
        return {row["node"]["key"]: Record(label, row["node"]) for row in rows}

    async def get(self, label: str, key: str, viewer: Viewer) -> Record | None:
        return (await self.get_many(label, [key], viewer)).get(key)

    async def places_below(self, keys: list[str]) -> list[str]:
        row = await self.graph.read(lambda tx: fetch_one(tx, listing.PLACES_BELOW, keys=keys))
        return row["keys"] if row else []

    async def themes_below(self, keys: list[str]) -> list[str]:
        row = await self.graph.read(lambda tx: fetch_one(tx, listing.THEMES_BELOW, keys=keys))
        return row["keys"] if row else []

    async def page(self, label: str, filters: dict[str, Any], viewer: Viewer, *, order: str = "NAME",
                   descending: bool = False, offset: int = 0, limit: int = DEFAULT_PAGE) -> Page:
        """filters: names of listing.FILTERS[label] with their parameter values; placeKeys and themeKeys
        hold the chosen place or theme only and are expanded here to everything below them."""
        params = dict(filters)
        if "placeKeys" in params:
            params["withinKey"] = params["placeKeys"][0] if params["placeKeys"] else None
            levels = await self.graph.read(lambda tx: fetch_all(tx, listing.PLACE_LEVELS, keys=params["placeKeys"]))
            params["placeCoarse"] = bool(levels) and all(r["level"] in ("ADMIN1", "COUNTRY") for r in levels)
            params["placeKeys"] = await self.places_below(params["placeKeys"])
        if "themeKeys" in params:
            params["underKey"] = params["themeKeys"][0] if params["themeKeys"] else None
            params["themeKeys"] = await self.themes_below(params["themeKeys"])
        names = [name for name in filters if name in listing.FILTERS[label]]
        params |= viewer.params()

        async def work(tx):
            total = await fetch_one(tx, listing.count(label, names), **params)
            rows = await fetch_all(tx, listing.page(label, names, order, descending), skip=offset, limit=limit, **params)
            return total["total"], rows

        total, rows = await self.graph.read(work)
        return Page([Record(label, row["node"]) for row in rows], total, offset)

    async def coarse_places(self, keys: list[str]) -> dict[str, str]:
        """Each place's province (or its country, above that level): what a sensitive record shows."""
        rows = await self.graph.read(lambda tx: fetch_all(tx, listing.COARSE_PLACES, keys=keys))
        return {row["key"]: row["coarse"] for row in rows if row["coarse"]}

    async def neighbours(self, source: str, rel_type: str, direction: str, target: str, keys: list[str],
                         viewer: Viewer) -> dict[str, list[tuple[Record, dict]]]:
        rows = await self.graph.read(lambda tx: fetch_all(
            tx, link_q.neighbours(source, rel_type, direction, target), keys=keys, **viewer.params()))
        found: dict[str, list[tuple[Record, dict]]] = {key: [] for key in keys}
        for row in rows:
            found[row["source"]].append((Record(target, row["node"]), row["rel"]))
        return found
