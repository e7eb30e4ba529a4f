"""Lookups by ID and paged lists with filters, from GraphQL arguments."""

from __future__ import annotations

import base64
from typing import Any

from pydantic.alias_generators import to_camel

from hub.errors import BadInput
from hub.ids import from_global_id
from hub.services.history import as_of
from hub.services.reads import DEFAULT_PAGE, MAX_PAGE, Page
from hub.services.records import Record
from hub.text import normalise
from resolvers.context import HubContext

MAX_SEARCH = 200


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        offset = int(value)
        if kind != "offset" or offset < 0:
            raise ValueError
    except (ValueError, UnicodeDecodeError):
        raise BadInput("after: not a cursor from this API") from None
    return offset + 1


async def node(ctx: HubContext, global_id: str, expected: str | tuple[str, ...] | None = None) -> Record | None:
    label, key = from_global_id(global_id, expected)
    return await ctx.record_loader(label).load(key)


async def record_with_neighbours(ctx: HubContext, label: str, key: str, nested: tuple):
    """A record (None if the caller may not see it) with its neighbours of each nested kind, in one statement."""
    return await ctx.reader.record_with_neighbours(label, key, ctx.viewer, nested)


def page_size(first: int | None) -> int:
    limit = DEFAULT_PAGE if first is None else first
    if not 0 <= limit <= MAX_PAGE:
        raise BadInput(f"first: must be between 0 and {MAX_PAGE}, got {limit}")
    return limit


async def page(ctx: HubContext, label: str, filters: dict[str, Any], *, first: int | None, after: str | None,
               order_field: str, descending: bool, count: bool = True, fields: tuple[str, ...] | None = None,
               nested: tuple = ()) -> Page:
    """count: whether totalCount is wanted; fields: the stored properties to read (None: all); nested: the kinds
    of neighbours to read along (hub.graph.listing.Nested)."""
    limit = page_size(first)
    return await ctx.reader.page(label, filters, ctx.viewer, order=order_field, descending=descending,
                                 offset=decode_cursor(after), limit=limit, count=count, fields=fields, nested=nested)


def listing_filters(values: dict[str, Any]) -> dict[str, Any]:
    """From a filter input (snake_case, IDs, enums) to the named filters of the listing queries."""
    found: dict[str, Any] = {}
    for name, value in values.items():
        if value is None:
            continue
        if name == "search":
            if len(value) > MAX_SEARCH:
                raise BadInput(f"filter.search: at most {MAX_SEARCH} characters")
            words = normalise(value).split()
            if words:
                found["search"] = words[:20]
        elif name in ("location_id", "within_id"):
            found["placeKeys"] = [from_global_id(value, "Location", f"filter.{to_camel(name)}")[1]]
        elif name in ("theme_id", "under_id"):
            found["themeKeys"] = [from_global_id(value, "Theme", f"filter.{to_camel(name)}")[1]]
        elif name == "actor_id":
            found["actorKey"] = from_global_id(value, "Actor", "filter.actorId")[1]
        elif name == "active_during":
            if value.start is None and value.end is None:
                continue
            if value.start and value.end and value.end < value.start:
                raise BadInput("filter.activeDuring.end: must not be before start")
            if value.start:
                found["activeFrom"] = value.start.isoformat()
            if value.end:
                found["activeTo"] = value.end.isoformat()
        elif name == "countries":
            found["countries"] = [c.upper() for c in value]
        else:
            found[to_camel(name)] = [getattr(v, "value", v) for v in value] if isinstance(value, list) else value
    return found


def as_of_filters(value) -> dict[str, Any]:
    """A list as of a past moment: the asOf filter with its parameters (hub.graph.history)."""
    moment = as_of(value)
    return {} if moment is None else moment.params()
