"""The change feed as a query, and the filters live subscribers choose: which audit entries a caller is
shown, with the visibility rules applied to every entry when it is read (a record made private later
disappears from the feed of those who may no longer see it) and deletions shown as content-free tombstones.

Why this shape: the trail is read newest first from its time index in batches (sized to the page,
then doubling); each batch costs one statement for the entries (tombstones are judged in it, from the
scope they kept) and one per kind of record in it (may the caller see these records, do they match the filters), so a page costs a bounded
number of round trips whatever the caller's filters. A page scans at most MAX_SCAN entries: when a narrow
filter leaves it short, it ends early with hasNextPage and a cursor to continue from where the scan stopped.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from hub.access import Viewer
from hub.errors import BadInput
from hub.graph import feed as q
from hub.graph import nodes as node_q
from hub.graph.connection import Graph, fetch_all, fetch_collected, fetch_one
from hub.model import NODE_TYPES
from hub.services.changes import ChangeEvent, parse_event_id
from hub.services.hierarchy import EXPANSIONS

BATCH = 500  # audit entries read per statement at most: the first read is sized to the page, then doubles
MAX_SCAN = 5_000  # audit entries one page reads at most
LATEST = "9999"  # after every ISO time: no upper bound


@dataclass(frozen=True)
class FeedFilter:
    """What a caller asks to be told about. Place and theme keys are expanded to everything below; several
    filters must all match. `nothing`: a filter names a record the caller may not see, so nothing matches
    (a filter cannot be used to probe hidden records)."""
    place_keys: tuple[str, ...] | None = None
    place_coarse: bool = False
    theme_keys: tuple[str, ...] | None = None
    actor_key: str | None = None
    nothing: bool = False

    @property
    def given(self) -> set[str]:
        return {name for name, value in (("placeKeys", self.place_keys), ("themeKeys", self.theme_keys),
                                         ("actorKey", self.actor_key)) if value is not None}

    def matches_label(self, label: str) -> bool:
        """Whether records of this label can match at all (a contact has no place, a place no actor)."""
        return not self.nothing and self.given <= set(q.conditions(label))

    def params(self) -> dict:
        return {"placeKeys": list(self.place_keys) if self.place_keys is not None else None,
                "placeCoarse": self.place_coarse,
                "themeKeys": list(self.theme_keys) if self.theme_keys is not None else None,
                "actorKey": self.actor_key}


async def resolve_filter(tx, viewer: Viewer, *, place_keys: list[str] | None = None,
                         theme_keys: list[str] | None = None, actor_key: str | None = None) -> FeedFilter:
    """Expands places and themes to everything below them; checks the actor is one the viewer may see."""
    nothing = False
    expanded = await EXPANSIONS.expand(tx, place_keys, theme_keys)
    places = tuple(expanded.places) if expanded.places is not None else None
    themes = tuple(expanded.themes) if expanded.themes is not None else None
    coarse = expanded.coarse
    if actor_key is not None:
        nothing = not await fetch_collected(tx, node_q.get_by_keys("Actor"), keys=[actor_key], **viewer.params())
    return FeedFilter(places, coarse, themes, actor_key, nothing)


@dataclass(frozen=True)
class MyWork:
    """Where the viewer's own actors work, on what, and their initiatives."""
    places: list[str]
    themes: list[str]
    initiatives: set[str]


async def my_work(graph: Graph, viewer: Viewer) -> MyWork:
    rows = await graph.read(lambda tx: fetch_all(tx, q.MY_WORK, **viewer.params()))
    return MyWork(sorted({k for r in rows for k in r["places"]}), sorted({k for r in rows for k in r["themes"]}),
                  {k for r in rows for k in r["initiatives"]})


async def _admitted(tx, viewer: Viewer, flt: FeedFilter, events: list[ChangeEvent]) -> set[tuple[str, str]]:
    """(label, key) of the live records among the events that the viewer may see and that match."""
    keys: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.action != "DELETE" and event.label in NODE_TYPES and flt.matches_label(event.label):
            keys[event.label].add(event.record_key)
    found = set()
    for label, wanted in keys.items():
        rows = await fetch_all(tx, q.admit(label), keys=sorted(wanted), **flt.params(), **viewer.params())
        found |= {(label, r["key"]) for r in rows}
    return found


async def admits(graph: Graph, viewer: Viewer, flt: FeedFilter, event: ChangeEvent) -> bool:
    """Whether one live event is for this viewer: a record it may see that matches, or a tombstone of one."""
    if flt.nothing or event.label not in NODE_TYPES:
        return False
    if event.action == "DELETE":
        row = await graph.read(lambda tx: fetch_one(tx, q.TOMBSTONE, recordKey=event.record_key, key=event.key,
                                                    **flt.params(), **viewer.params()))
        return bool(row and row["shown"])
    return bool(await graph.read(lambda tx: _admitted(tx, viewer, flt, [event])))


@dataclass
class FeedEntry:
    event: ChangeEvent
    tombstone: bool  # a deletion: type, id and time only


@dataclass
class FeedPage:
    entries: list[FeedEntry] = field(default_factory=list)
    has_next: bool = False
    end_cursor: str | None = None  # where to continue: the last entry's, or where a short scan stopped


async def page(graph: Graph, viewer: Viewer, *, place_key: str | None, theme_key: str | None,
               actor_key: str | None, since: str | None, first: int, after: str | None) -> FeedPage:
    """Changes newest first. since: an ISO time; after: a cursor of an earlier page."""
    until_at, until_key = parse_event_id(after) if after else (LATEST, "")
    floor = ""
    if since is not None:
        floor = _iso(since)

    async def work(tx):
        flt = await resolve_filter(tx, viewer, place_keys=[place_key] if place_key else None,
                                   theme_keys=[theme_key] if theme_key else None, actor_key=actor_key)
        if flt.nothing:
            return FeedPage()
        labels = [label for label in NODE_TYPES if flt.matches_label(label)]
        found: list[FeedEntry] = []
        position, scanned, size = (until_at, until_key), 0, min(BATCH, 2 * (first + 1))
        while True:
            rows = await fetch_all(tx, q.PAGE, since=floor, untilAt=position[0], untilKey=position[1], labels=labels,
                                   actions=q.ACTIONS, limit=size, **flt.params(), **viewer.params())
            events = [(ChangeEvent.from_entry(r["entry"]), bool(r["tombstone"])) for r in rows]
            live = await _admitted(tx, viewer, flt, [e for e, _ in events])
            for event, tombstone in events:
                if (event.action == "DELETE" and tombstone) or (event.label, event.record_key) in live:
                    found.append(FeedEntry(event, event.action == "DELETE"))
            scanned += len(events)
            if events:
                position = (events[-1][0].at, events[-1][0].key)
            if len(found) > first:
                shown = found[:first]
                return FeedPage(shown, True, shown[-1].event.id)
            if len(events) < size:
                return FeedPage(found, False, found[-1].event.id if found else None)
            if scanned >= MAX_SCAN:
                return FeedPage(found, True, ChangeEvent(position[0], position[1], "", "", "").id)
            size = min(BATCH, size * 2)

    return await graph.read(work)


def _iso(value: str) -> str:
    """An ISO 8601 date or time, in the trail's form (UTC, milliseconds); BadInput naming `since`."""
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise BadInput("since: not an ISO 8601 date or time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds")

