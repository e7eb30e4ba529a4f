"""The coordination analyses, from GraphQL arguments: IDs to keys, ranges checked, services called."""

from __future__ import annotations

from typing import Any

from hub.errors import BadInput
from hub.ids import from_global_id
from hub.services.analysis import connections as connections_service
from hub.services.analysis import duplicates as duplicates_service
from hub.services.analysis import gaps as gaps_service
from hub.services.analysis import partners as partners_service
from hub.services.analysis import presence as presence_service
from hub.services.analysis import weights
from hub.services.analysis.scope import Scope
from hub.services.analysis.similarity import Profile
from hub.services.history import as_of as moment
from resolvers.context import HubContext

MAX_RESULTS = 100


def _key(global_id: str | None, label: str, field: str) -> str | None:
    return None if global_id is None else from_global_id(global_id, label, field)[1]


def _keys(ids: list[str] | None, label: str, field: str) -> set[str]:
    return {from_global_id(i, label, f"{field}.{n}")[1] for n, i in enumerate(ids or [])}


def _enum_values(items) -> list[str]:
    return [getattr(i, "value", i) for i in items or []]


def scope(*, location_id: str | None = None, theme_id: str | None = None, period: Any = None,
          actor_kinds: list | None = None, target_groups: list | None = None, as_of: Any = None) -> Scope:
    start = getattr(period, "start", None)
    end = getattr(period, "end", None)
    if start and end and end < start:
        raise BadInput("period.end: must not be before period.start")
    return Scope(place_key=_key(location_id, "Location", "locationId"), theme_key=_key(theme_id, "Theme", "themeId"),
                 start=start, end=end, kinds=_enum_values(actor_kinds), target_groups=_enum_values(target_groups),
                 as_of=moment(as_of))


def _limit(first: int, field: str = "first") -> int:
    if not 1 <= first <= MAX_RESULTS:
        raise BadInput(f"{field}: must be between 1 and {MAX_RESULTS}, got {first}")
    return first


async def who_works_where(ctx: HubContext, *, contacts: bool = True, records: dict | None = None, **arguments):
    """contacts, records: what the selection needs besides the work (hub.services.analysis.presence)."""
    return await presence_service.who_works_where(ctx.reader.graph, ctx.viewer, scope(**arguments),
                                                  contacts=contacts, records=records)


async def presence_matrix(ctx: HubContext, *, level, roll_up_themes: bool, **arguments):
    return await presence_service.presence_matrix(ctx.reader.graph, ctx.viewer, scope(**arguments),
                                                  level=getattr(level, "value", None), theme_roll_up=roll_up_themes)


def draft_profile(draft: Any) -> Profile:
    start, end = draft.start_date, draft.end_date
    if start and end and end < start:
        raise BadInput("draft.endDate: must not be before startDate")
    if len(draft.title or "") > 300 or len(draft.description or "") > 10_000:
        raise BadInput("draft: title at most 300 and description at most 10000 characters")
    return Profile(key=None, title=draft.title or "", description=draft.description or "",
                   places=_keys(draft.location_ids, "Location", "draft.locationIds"),
                   themes=_keys(draft.theme_ids, "Theme", "draft.themeIds"),
                   target_groups=set(_enum_values(draft.target_groups)),
                   funders=_keys(draft.funder_ids, "Actor", "draft.funderIds"), start=start, end=end)


async def duplicate_candidates(ctx: HubContext, *, initiative_id: str | None, draft: Any, first: int, min_score: float):
    if (initiative_id is None) == (draft is None):
        raise BadInput("give either initiativeId or draft")
    if not 0 <= min_score <= 1:
        raise BadInput("minScore: must be between 0 and 1")
    subject = _key(initiative_id, "Initiative", "initiativeId") if initiative_id is not None else draft_profile(draft)
    return await duplicates_service.find_duplicates(ctx.reader.graph, ctx.viewer, subject, limit=_limit(first),
                                                    min_score=min_score)


async def duplicates_of_new(ctx: HubContext, subject: str | Profile) -> list:
    """subject: the new initiative's key once written, or its profile while it is being written."""
    return await duplicates_service.find_duplicates(ctx.reader.graph, ctx.viewer, subject, limit=5,
                                                    min_score=weights.DUPLICATE_REPORT_THRESHOLD)


async def duplicate_clusters(ctx: HubContext, *, location_id: str, min_score: float):
    if not 0 < min_score <= 1:
        raise BadInput("minScore: must be above 0 and at most 1")
    return await duplicates_service.duplicate_clusters(ctx.reader.graph, ctx.viewer, _key(location_id, "Location", "locationId"),
                                                       threshold=min_score)


async def partner_suggestions(ctx: HubContext, *, actor_id: str | None, plan: Any, include_current_partners: bool,
                              actor_kinds: list | None, first: int):
    """An actor, a plan, or an actor's plan: the plan says where and on what; the actor who asks (its
    partners, networks and kind count, it and its offices are left out), and what the plan leaves out."""
    if actor_id is None and plan is None:
        raise BadInput("give actorId, plan, or both")
    graph = ctx.reader.graph
    planned = None
    if plan is not None:
        planned = partners_service.Seeker(None, _keys(plan.location_ids, "Location", "plan.locationIds"),
                                          _keys(plan.theme_ids, "Theme", "plan.themeIds"),
                                          set(_enum_values(plan.target_groups)), planned=True)
        if not planned.places and not planned.themes:
            raise BadInput("plan: give at least one of locationIds or themeIds")
    if actor_id is None:
        seeker = planned
    else:
        seeker = await partners_service.seeker_for_actor(graph, ctx.viewer, _key(actor_id, "Actor", "actorId"))
        if seeker is None:
            return []
        if planned is not None:
            seeker.places = planned.places or seeker.places
            seeker.themes = planned.themes or seeker.themes
            seeker.target_groups = planned.target_groups or seeker.target_groups
            seeker.planned = bool(planned.places)
    return await partners_service.find_partners(graph, ctx.viewer, seeker, include_current=include_current_partners,
                                                limit=_limit(first), kinds=_enum_values(actor_kinds))


async def coverage_gaps(ctx: HubContext, **arguments):
    return await gaps_service.coverage_gaps(ctx.reader.graph, ctx.viewer, scope(**arguments))


async def mandated_actors(ctx: HubContext, *, active: bool | None = None, **arguments):
    return await gaps_service.mandated_actors(ctx.reader.graph, ctx.viewer, scope(**arguments), active)


async def co_implementers(ctx: HubContext, keys: list[str]) -> dict:
    return await partners_service.co_implementers(ctx.reader.graph, ctx.viewer, keys)


async def activity_outside_mandates(ctx: HubContext, *, actor_id: str | None, **arguments):
    return await gaps_service.activity_outside_mandates(ctx.reader.graph, ctx.viewer, scope(**arguments),
                                                        _key(actor_id, "Actor", "actorId"))


async def idle_mandates(ctx: HubContext, **arguments):
    return await gaps_service.idle_mandates(ctx.reader.graph, ctx.viewer, scope(**arguments))


async def connections(ctx: HubContext, *, from_id: str, to_id: str, max_length: int, via: list | None, first: int,
                      as_of: Any = None):
    from hub.graph.analysis.paths import MAX_LENGTH

    if not 1 <= max_length <= MAX_LENGTH:
        raise BadInput(f"maxLength: must be between 1 and {MAX_LENGTH}, got {max_length}")
    source = from_global_id(from_id, None, "fromId")
    target = from_global_id(to_id, None, "toId")
    if source == target:
        raise BadInput("toId: must differ from fromId")
    return await connections_service.connections(ctx.reader.graph, ctx.viewer, source, target, max_length=max_length,
                                                 via=_enum_values(via) or None, limit=_limit(first),
                                                 as_of=moment(as_of))
