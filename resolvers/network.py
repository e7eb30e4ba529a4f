"""The network views, from GraphQL arguments: IDs to keys, ranges checked, services called."""

from __future__ import annotations

from typing import Any

from hub.errors import BadInput
from hub.ids import from_global_id
from hub.services.analysis import network as network_service
from hub.services.history import as_of as moment
from resolvers.analysis import _enum_values, _key, _limit
from resolvers.context import HubContext


def _period(period: Any, field: str = "period"):
    start, end = getattr(period, "start", None), getattr(period, "end", None)
    if start and end and end < start:
        raise BadInput(f"{field}.end: must not be before {field}.start")
    return start, end


async def neighbourhood(ctx: HubContext, *, record_id: str, depth: int, via: list | None, kinds: list | None,
                        period: Any, max_nodes: int, as_of: Any = None):
    record = from_global_id(record_id, None, "id")
    start, end = _period(period)
    return await network_service.neighbourhood(ctx.reader.graph, ctx.viewer, record, depth=depth,
                                               via=_enum_values(via) or None, kinds=_enum_values(kinds) or None, start=start, end=end,
                                               max_nodes=max_nodes, as_of=moment(as_of))


def network_scope(*, location_id: str | None, theme_id: str | None, period: Any,
                  as_of: Any = None) -> network_service.NetworkScope:
    start, end = _period(period)
    return network_service.NetworkScope(place_key=_key(location_id, "Location", "locationId"),
                                        theme_key=_key(theme_id, "Theme", "themeId"), start=start, end=end,
                                        as_of=moment(as_of))


async def collaboration_network(ctx: HubContext, **arguments):
    """The network and its measures."""
    network = await network_service.collaboration_network(ctx.reader, ctx.viewer, network_scope(**arguments))
    return network, network_service.measure(network)


def limit(first: int) -> int:
    return _limit(first)
