"""Verification and observations of actors, from GraphQL arguments, batched per request."""

from __future__ import annotations

from hub.ids import from_global_id
from hub.services import trust
from resolvers.context import HubContext

DEFAULT_VALID_DAYS = 365


def valid_days(ctx: HubContext) -> int:
    return getattr(ctx.settings, "verification_valid_days", DEFAULT_VALID_DAYS) if ctx.settings else DEFAULT_VALID_DAYS


async def verification_state(ctx: HubContext, actor_key: str) -> trust.VerificationState:
    loader = ctx.batch_loader("verifications", lambda keys: trust.latest_verifications(ctx.reader.graph, ctx.viewer, keys))
    return trust.state_of(await loader.load(actor_key), valid_days(ctx))


async def observations(ctx: HubContext, actor_key: str) -> list[dict]:
    """Signed-in callers only: a risk flag about a CSO is not for the public."""
    if not ctx.viewer.signed_in:
        return []
    loader = ctx.batch_loader("observations", lambda keys: trust.observations(ctx.reader.graph, ctx.viewer, keys))
    return await loader.load(actor_key) or []


async def verify(ctx: HubContext, actor_id: str, evidence: str) -> tuple[str, dict | None]:
    key = from_global_id(actor_id, "Actor", "actorId")[1]
    return key, await trust.verify(ctx.reader.graph, ctx.viewer, key, evidence, valid_days(ctx))


async def observe(ctx: HubContext, actor_id: str, kind: str, text: str) -> dict | None:
    key = from_global_id(actor_id, "Actor", "actorId")[1]
    return await trust.observe(ctx.reader.graph, ctx.viewer, key, kind, text)


async def set_trusted(ctx: HubContext, actor_id: str, trusted: bool) -> dict | None:
    key = from_global_id(actor_id, "Actor", "actorId")[1]
    return await trust.set_trusted(ctx.reader.graph, ctx.viewer, key, trusted)
