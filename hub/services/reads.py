"""Reading records: by key, as filtered and ordered pages, and their neighbours in batches.

Each call is a fixed number of round trips, however many records it returns: a page is one transaction
(one statement expanding its place and theme filters, and the page with its count when asked for), neighbours one
statement per relationship per batch of parents, all of one resolver level in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hub.access import Viewer
from hub.graph import links as link_q
from hub.graph import listing
from hub.graph import nodes as node_q
from hub.graph.connection import Graph, fetch_collected, fetch_one, fetch_projected
from hub.services.hierarchy import EXPANSIONS, Expansion
from hub.services.records import Record

MAX_PAGE = 100
DEFAULT_PAGE = 20


# Neighbours of many records, by the key of each: the neighbour and the relationship's properties, in name order.
Neighbours = dict[str, list[tuple[Record, dict]]]


@dataclass
class Page:
    records: list[Record]
    total: int | None  # None when the caller did not ask for it
    offset: int
    has_next: bool
    nested: list[Neighbours] = field(default_factory=list)  # one per nested kind asked for (Reader.page)


def _in_name_order(rows: list[list]) -> list[list]:
    """[sortName, node, rel] rows ordered as hub.graph.links.neighbours orders them: by sort name, nameless last,
    then by key (sort names are plain ASCII, so Python's order of them is the graph's)."""
    return sorted(rows, key=lambda row: (row[0] is None, row[0] or "", row[1]["key"]))


async def records_of_kinds(tx, kinds: list[tuple[str, list[str], tuple[str, ...] | None]],
                           viewer: Viewer) -> list[dict[str, Record]]:
    """Records of several labels, each (label, keys, fields), within a transaction already open (a statement
    each), so that an analysis can read the records of its answer alongside the answer itself."""
    return [{row["node"]["key"]: Record(label, row["node"])
             for row in await fetch_collected(tx, node_q.get_by_keys(label, fields), keys=keys, **viewer.params())}
            for label, keys, fields in kinds]


class Reader:
    def __init__(self, graph: Graph):
        self.graph = graph

    async def get_many(self, label: str, keys: list[str], viewer: Viewer,
                       fields: tuple[str, ...] | None = None) -> dict[str, Record]:
        """fields: the properties to read (None: all)."""
        [found] = await self.get_many_of_kinds([(label, keys, fields)], viewer)
        return found

    async def get_many_of_kinds(self, kinds: list[tuple[str, list[str], tuple[str, ...] | None]],
                                viewer: Viewer) -> list[dict[str, Record]]:
        """Records of several labels, each (label, keys, fields), in one transaction (a statement each)."""
        return await self.graph.read(lambda tx: records_of_kinds(tx, kinds, viewer), one_statement=len(kinds) == 1)

    async def get(self, label: str, key: str, viewer: Viewer) -> Record | None:
        return (await self.get_many(label, [key], viewer)).get(key)

    async def page(self, label: str, filters: dict[str, Any], viewer: Viewer, *, order: str = "NAME",
                   descending: bool = False, offset: int = 0, limit: int = DEFAULT_PAGE, count: bool = True,
                   fields: tuple[str, ...] | None = None, nested: listing.Nested = ()) -> Page:
        """filters: names of listing.FILTERS[label] with their parameter values; placeKeys and themeKeys
        hold the chosen place or theme only and are expanded here to everything below them.

        One transaction: the expansions (one statement; none when this process kept them, the page statement
        checking the hierarchies' stamp itself: hub.services.hierarchy), then the page with the count when it is
        asked for (one statement), else the page and one record more, to tell whether there is a next page. An
        empty page on kept expansions costs the stamp's read (and a second page if the stamp moved on). fields: the
        properties to read (None: all). nested: kinds of neighbours (listing.Nested) read with the page, as
        `neighbours` would read them, saving their statements and their transaction."""
        names = [name for name in filters if name in listing.FILTERS[label]]

        def expanded_params(expansion: Expansion) -> dict[str, Any]:
            params = dict(filters) | viewer.params()
            if expansion.places is not None:
                chosen = params["placeKeys"]
                params["withinKey"] = chosen[0] if chosen else None
                params["placeCoarse"] = expansion.coarse
                params["placeKeys"] = expansion.places
            if expansion.themes is not None:
                chosen = params["themeKeys"]
                params["underKey"] = chosen[0] if chosen else None
                params["themeKeys"] = expansion.themes
            return params

        async def read_page(tx, params: dict[str, Any], kept_stamp: str | None):
            stamped = kept_stamp is not None
            if stamped:
                params["keptStamp"] = kept_stamp
            shape = (label, names, order, descending, fields, nested, stamped)
            if count:
                row = await fetch_projected(tx, listing.counted_page(*shape), skip=offset, limit=limit, **params)
                return row["total"], row["nodes"]
            row = await fetch_projected(tx, listing.page(*shape), skip=offset, limit=limit + 1, **params)
            return None, row["rows"] if row else []  # collected: the record, then its neighbours of each kind

        place_keys, theme_keys = filters.get("placeKeys"), filters.get("themeKeys")
        kept = EXPANSIONS.kept(place_keys, theme_keys)

        async def work(tx):  # a retry starts again from the filters as given
            if kept is not None:  # checked by the page statement itself: empty if the stamp moved on
                found = await read_page(tx, expanded_params(kept[1]), kept[0])
                if found[1] or found[0]:  # a page past the end still counts what matched
                    return found
            stamp, expansion = await EXPANSIONS.expand_with_stamp(tx, place_keys, theme_keys)
            if kept is not None and stamp == kept[0]:
                return found  # the page was empty with the stamp current: it is empty
            return await read_page(tx, expanded_params(expansion), None)

        # one statement when there is nothing to expand or the expansion is kept (unless the stamp moved on)
        one = kept is not None or (place_keys is None and theme_keys is None)
        total, rows = await self.graph.read(work, one_statement=one)
        has_next = offset + len(rows) < total if total is not None else len(rows) > limit
        rows = rows[:limit]
        neighbours = [{row[0]["key"]: [(Record(target, node), rel) for _, node, rel in _in_name_order(row[1 + i])]
                       for row in rows}
                      for i, (_, _, target, _) in enumerate(nested)]
        return Page([Record(label, row[0]) for row in rows], total, offset, has_next, neighbours)

    async def record_with_neighbours(self, label: str, key: str, viewer: Viewer,
                                     nested: listing.Nested) -> tuple[Record | None, list[Neighbours]]:
        """One record (all its properties) with its neighbours of each nested kind, as `page` reads them along."""
        rows = await self.graph.read(lambda tx: fetch_collected(tx, listing.record_with_neighbours(label, nested),
                                                                key=key, **viewer.params()), one_statement=True)
        if not rows:
            return None, [{} for _ in nested]
        row = rows[0]
        return Record(label, row["node"]), [
            {key: [(Record(target, node), rel) for _, node, rel in _in_name_order(row[f"nested{i}"])]}
            for i, (_, _, target, _) in enumerate(nested)]

    async def coarse_places(self, keys: list[str], viewer: Viewer,
                            fields: tuple[str, ...] | None = None) -> dict[str, Record]:
        """Each place's province (or its country, above that level), as a record with the properties asked for
        (None: all): what a sensitive record shows."""
        rows = await self.graph.read(lambda tx: fetch_collected(tx, listing.coarse_places(fields), keys=keys,
                                                                **viewer.params()))
        return {row["key"]: Record("Location", row["node"]) for row in rows}

    async def neighbours(self, source: str, rel_type: str, direction: str, target: str, keys: list[str],
                         viewer: Viewer, fields: tuple[str, ...] | None = None) -> Neighbours:
        """fields: the properties to read of each neighbour (None: all)."""
        [found] = await self.neighbours_of_kinds([(source, rel_type, direction, target, fields, keys)], viewer)
        return found

    async def neighbours_of_kinds(self, kinds: list[tuple[str, str, str, str, tuple[str, ...] | None, list[str]]],
                                  viewer: Viewer) -> list[Neighbours]:
        """Several kinds of neighbours, each (source, rel_type, direction, target, fields, keys), in one statement:
        a whole resolver level (a record's initiatives, partners and places) in one round trip."""
        rows_of: list[list] = [[] for _ in kinds]  # each kind's [key, node, rel] rows
        asked = [i for i, kind in enumerate(kinds) if kind[5]]  # kinds without keys need no statement
        if len(asked) == 1:
            source, rel_type, direction, target, fields, keys = kinds[asked[0]]
            rows = await self.graph.read(lambda tx: fetch_collected(
                tx, link_q.neighbours(source, rel_type, direction, target, fields), keys=keys, **viewer.params()),
                one_statement=True)
            rows_of[asked[0]] = [[row["source"], row["node"], row["rel"]] for row in rows]
        elif asked:
            statement = link_q.neighbours_of_kinds(tuple(kinds[i][:5] for i in asked))
            keys = {f"keys{n}": kinds[i][5] for n, i in enumerate(asked)}
            row = await self.graph.read(lambda tx: fetch_one(tx, statement, **keys, **viewer.params()), one_statement=True)
            for n, i in enumerate(asked):
                rows_of[i] = [[key, node, rel] for key, neighbours in row[f"kind{n}"]
                              for _, node, rel in _in_name_order(neighbours)]
        results = []
        for (_, _, _, target, _, keys), rows in zip(kinds, rows_of):
            found: Neighbours = {key: [] for key in keys}
            for key, node, rel in rows:
                found[key].append((Record(target, node), rel))
            results.append(found)
        return results
