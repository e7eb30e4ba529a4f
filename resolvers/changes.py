"""Changes for one caller: the change feed read as a page, and live changes from the process's follower,
with the caller's visibility applied to every entry as it is read or delivered (a record made private
later stops being shown to those who may not see it) and the caller's filters."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from hub.errors import BadInput
from hub.ids import from_global_id
from hub.model import NODE_TYPES
from hub.services import feed
from hub.services.analysis import weights
from hub.services.analysis.duplicates import find_duplicates
from hub.services.changes import ChangeEvent, ChangeFeed
from hub.services.records import Record
from resolvers.context import HubContext
from resolvers.reads import page_size


@dataclass
class FeedPage:
    items: list[tuple[ChangeEvent, Record | None]]  # record None: a tombstone
    has_next: bool
    has_previous: bool
    end_cursor: str | None


async def feed_page(ctx: HubContext, *, location_id: str | None, theme_id: str | None, actor_id: str | None,
                    since: str | None, first: int | None, after: str | None) -> FeedPage:
    place_key = from_global_id(location_id, "Location", "locationId")[1] if location_id else None
    theme_key = from_global_id(theme_id, "Theme", "themeId")[1] if theme_id else None
    actor_key = from_global_id(actor_id, "Actor", "actorId")[1] if actor_id else None
    found = await feed.page(ctx.reader.graph, ctx.viewer, place_key=place_key, theme_key=theme_key,
                            actor_key=actor_key, since=since, first=page_size(first), after=after)
    items = []
    for entry in found.entries:
        record = None
        if not entry.tombstone:
            record = await ctx.record_loader(entry.event.label).load(entry.event.record_key)
            if record is None:  # deleted or hidden between the two reads
                continue
        items.append((entry.event, record))
    return FeedPage(items, found.has_next, after is not None, found.end_cursor)


@dataclass(frozen=True)
class LiveFilter:
    """What a subscriber asked to hear of."""
    labels: set[str] | None = None
    actions: set[str] | None = None
    location_ids: list[str] | None = None
    theme_ids: list[str] | None = None
    where_i_work: bool = False
    duplicates_of_mine: bool = False


async def _resolve(ctx: HubContext, wanted: LiveFilter) -> tuple[feed.FeedFilter | None, set[str]]:
    """The feed filter (None: no place or theme filter) and the subscriber's own initiatives."""
    graph, viewer = ctx.reader.graph, ctx.viewer
    places = [from_global_id(i, "Location", "locationIds")[1] for i in wanted.location_ids or []] or None
    themes = [from_global_id(i, "Theme", "themeIds")[1] for i in wanted.theme_ids or []] or None
    mine: set[str] = set()
    if wanted.where_i_work or wanted.duplicates_of_mine:
        if not viewer.actor_keys:
            field = "whereIWork" if wanted.where_i_work else "possibleDuplicatesOfMine"
            raise BadInput(f"{field}: the credential acts for no actor")
        work = await feed.my_work(graph, viewer)
        mine = work.initiatives
        if wanted.where_i_work:
            places = sorted(set(places or []) | set(work.places)) or ["-"]  # nowhere: matches nothing
    if places is None and themes is None:
        return None, mine
    flt = await graph.read(lambda tx: feed.resolve_filter(tx, viewer, place_keys=places, theme_keys=themes))
    return flt, mine


async def _duplicates_mine(ctx: HubContext, key: str, mine: set[str]) -> bool:
    """Whether an initiative (not one of the subscriber's) may duplicate one of the subscriber's."""
    if key in mine:
        return False
    found = await find_duplicates(ctx.reader.graph, ctx.viewer, key, limit=20,
                                  min_score=weights.DUPLICATE_REPORT_THRESHOLD)
    return any(candidate.initiative_key in mine for candidate in found)


async def changes(ctx: HubContext, source: ChangeFeed, *, after: str | None,
                  wanted: LiveFilter) -> AsyncIterator[tuple[ChangeEvent, Record | None]]:
    """(event, the record as the subscriber may see it now; None for a tombstone). Events about a record the
    subscriber may not see, or that its filters do not match, are left out. A deletion is told (as a
    tombstone) to those who could see the record and whose filters it matched; events about what is not a
    record (tokens) to admins only."""
    flt, mine = await _resolve(ctx, wanted)
    everything = feed.FeedFilter()
    async for event in source.subscribe(after):
        if wanted.labels is not None and event.label not in wanted.labels:
            continue
        if wanted.actions is not None and event.action not in wanted.actions:
            continue
        if event.label not in NODE_TYPES:
            if ctx.viewer.admin and flt is None and not wanted.duplicates_of_mine:
                yield event, None
            continue
        if event.action == "DELETE":
            if not wanted.duplicates_of_mine and await feed.admits(ctx.reader.graph, ctx.viewer, flt or everything, event):
                yield event, None
            continue
        if flt is not None and not await feed.admits(ctx.reader.graph, ctx.viewer, flt, event):
            continue
        ctx.loaders.clear()  # a connection lives long: read every event's record afresh
        record = await ctx.record_loader(event.label).load(event.record_key)
        if record is None:  # hidden, or deleted since (its tombstone follows); admins hear of it all the same
            if ctx.viewer.admin and flt is None and not wanted.duplicates_of_mine:
                yield event, None
            continue
        if wanted.duplicates_of_mine and (event.label != "Initiative"
                                          or not await _duplicates_mine(ctx, event.record_key, mine)):
            continue
        yield event, record
