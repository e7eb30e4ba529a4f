"""Gazetteer additions from GraphQL: the input in, the gazetteer service's answer out."""

from __future__ import annotations

from typing import Any

from hub.errors import BadInput
from hub.ids import from_global_id
from hub.services.gazetteer import AddResult, Gazetteer
from hub.services.registry import WriteResult
from resolvers.context import HubContext
from resolvers.writes import idempotency


async def add_settlement(ctx: HubContext, data: Any) -> AddResult:
    try:
        parent_key = from_global_id(data.parent_id, "Location", "parentId")[1]
    except BadInput as error:
        return AddResult(WriteResult.error("parentId", error.message.removeprefix("parentId: "), "INVALID_ID"), [])
    values = {"name": data.name, "alternateNames": data.alternate_names or [], "latitude": data.latitude,
              "longitude": data.longitude, "source": data.source}
    return await Gazetteer(ctx.registry).add_settlement(
        parent_key, {k: v for k, v in values.items() if v is not None}, ctx.viewer, confirm_new=data.confirm_new,
        idempotency=idempotency(data, "addSettlement"))
