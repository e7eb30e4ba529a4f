"""Live changes for one subscriber: the process's change feed, with the subscriber's visibility applied to
every event as it is delivered (a record made private later stops being announced to those who may not
see it)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from hub.model import NODE_TYPES
from hub.services.changes import ChangeEvent, ChangeFeed
from hub.services.records import Record
from resolvers.context import HubContext


async def changes(ctx: HubContext, feed: ChangeFeed, *, after: str | None,
                  labels: set[str] | None) -> AsyncIterator[tuple[ChangeEvent, Record | None]]:
    """(event, the record as the subscriber may see it now). Events about a record the subscriber may not
    see are left out; so are deletions and other non-record events, except for admins (record None)."""
    async for event in feed.subscribe(after):
        if labels is not None and event.label not in labels:
            continue
        ctx.loaders.clear()  # a connection lives long: read every event's record afresh
        record = await ctx.record_loader(event.label).load(event.record_key) if event.label in NODE_TYPES else None
        if record is None and not ctx.viewer.admin:
            continue
        yield event, record
