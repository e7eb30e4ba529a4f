"""The organisation merge review queue from GraphQL: arguments in, hub.services.orgs.merges out."""

from __future__ import annotations

from hub.errors import BadInput
from hub.services.orgs import merges
from resolvers.context import HubContext


def _key(value: str, field: str) -> str:
    text = str(value or "")
    if not 1 <= len(text) <= 64 or not text.isalnum():
        raise BadInput(f"{field}: not a valid id")
    return text


async def candidates(ctx: HubContext, status: str | None, offset: int, limit: int) -> tuple[list[dict], int]:
    return await merges.candidates(ctx.reader.graph, ctx.viewer, status, offset, limit)


async def load_merge(ctx: HubContext, key: str) -> dict | None:
    loader = ctx.batch_loader("actorMerges", lambda keys: merges.merges_by_key(ctx.reader.graph, keys))
    return await loader.load(key)


async def confirm(ctx: HubContext, candidate_id: str, version: int) -> merges.Outcome:
    return await merges.confirm(ctx.reader.graph, ctx.viewer, _key(candidate_id, "candidateId"), version)


async def reject(ctx: HubContext, candidate_id: str, version: int) -> merges.Outcome:
    return await merges.reject(ctx.reader.graph, ctx.viewer, _key(candidate_id, "candidateId"), version)


async def undo(ctx: HubContext, merge_id: str, version: int) -> merges.Outcome:
    return await merges.undo(ctx.reader.graph, ctx.viewer, _key(merge_id, "mergeId"), version)
