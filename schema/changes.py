"""Live notifications: GraphQL subscriptions (graphql-transport-ws at /graphql) fed by the audit trail."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from hub.ids import to_global_id
from resolvers import changes as resolve
from schema.connections import PageInfo
from schema.types import Node, to_type


@strawberry.enum(description="Kinds of record a change can be about.")
class RecordType(Enum):
    ACTOR = strawberry.enum_value("Actor", description="Organisations and units (changes to actors).")
    INITIATIVE = strawberry.enum_value("Initiative", description="Projects, programmes and platforms.")
    MANDATE = strawberry.enum_value("Mandate", description="Formal authorities to act.")
    NEED = strawberry.enum_value("Need", description="Locally identified needs and early-warning concerns.")
    CONTACT = strawberry.enum_value("Contact", description="Liaison points (personal data: announced only to "
                                    "subscribers who may see the contact).")
    LOCATION = strawberry.enum_value("Location", description="Places of the gazetteer.")
    THEME = strawberry.enum_value("Theme", description="Themes of the taxonomy.")


@strawberry.enum(description="What a change did.")
class ChangeAction(Enum):
    CREATE = strawberry.enum_value("CREATE", description="A record was created.")
    UPDATE = strawberry.enum_value("UPDATE", description="A record's fields were changed.")
    DELETE = strawberry.enum_value("DELETE", description="A record was deleted (told as a tombstone).")
    LINK = strawberry.enum_value("LINK", description="A relationship was made from the record.")
    UNLINK = strawberry.enum_value("UNLINK", description="A relationship from the record was removed.")


@strawberry.type(description="A committed change of a record. A deletion is a tombstone: its type, id and time "
                             "only.")
class ChangeEvent:
    id: strawberry.ID = strawberry.field(description="Opaque; subscribe with `after:` it to resume after this event.")
    at: str = strawberry.field(description="When the change was made (ISO 8601, UTC).")
    action: str = strawberry.field(description="CREATE, UPDATE, DELETE, LINK, UNLINK, VERIFY, OBSERVE or TRUST.")
    record_type: RecordType | None = strawberry.field(description="The kind of record changed; null for what is not a "
                                                                  "record (API tokens, admins only).")
    record_id: strawberry.ID = strawberry.field(description="The global ID of the record changed (of the "
                                                            "relationship's start for LINK and UNLINK).")
    relationship: str | None = strawberry.field(description="For LINK and UNLINK: the kind of relationship made or "
                                                            "removed (IMPLEMENTS, LOCATED_IN, ...).")
    record: Node | None = strawberry.field(description="The record as the caller may see it when the event is "
                                                       "read or delivered; null for a deletion (a tombstone).")


def to_event(event, record) -> ChangeEvent:
    labels = {t.value for t in RecordType}
    return ChangeEvent(id=strawberry.ID(event.id), at=event.at, action=event.action,
                       record_type=RecordType(event.label) if event.label in labels else None,
                       record_id=strawberry.ID(to_global_id(event.label, event.record_key)),
                       relationship=event.relationship, record=to_type(record))


@strawberry.type(description="A change in the feed, with the cursor to continue after it.")
class ChangeEdge:
    node: ChangeEvent = strawberry.field(description="The change.")
    cursor: str = strawberry.field(description="Opaque position of this change: pass it as after to continue.")


@strawberry.type(description="A page of the change feed, newest first. Pass `pageInfo.endCursor` as `after` for "
                             "the next page.")
class ChangeConnection:
    edges: list[ChangeEdge] = strawberry.field(description="The changes of this page with their cursors.")
    page_info: PageInfo = strawberry.field(description="Whether older changes follow, and the cursor to page on "
                                                       "(where the reading stopped, which may be past the last edge "
                                                       "when a narrow filter left the page short).")

    @strawberry.field(description="The changes of this page, without cursors.")
    def nodes(self) -> list[ChangeEvent]:
        return [edge.node for edge in self.edges]


@strawberry.type
class ChangeQuery:
    @strawberry.field(description=(
        "What was created, updated, linked, unlinked or deleted, newest first, among the records the caller may "
        "see now: a record made private later leaves the feed of those who may no longer see it; a deletion is "
        "a tombstone (type, id, time), shown to those who could see the record. Filters combine (all must "
        "match)."))
    async def changes(self, info: Info,
                      location_id: Annotated[strawberry.ID | None, strawberry.argument(
                          description="Only changes of records in this place or places within it (initiatives, "
                                      "needs, mandates' scopes, actors present there, the places themselves).")] = None,
                      theme_id: Annotated[strawberry.ID | None, strawberry.argument(
                          description="Only changes of initiatives, mandates and needs on this theme or a narrower "
                                      "one, and of those themes.")] = None,
                      actor_id: Annotated[strawberry.ID | None, strawberry.argument(
                          description="Only changes of this actor and of its initiatives, mandates, reported needs "
                                      "and contacts.")] = None,
                      since: Annotated[str | None, strawberry.argument(
                          description="Only changes from this moment on (ISO 8601 date or time, UTC unless "
                                      "given).")] = None,
                      first: Annotated[int | None, strawberry.argument(
                          description="How many changes (default 20, at most 100).")] = None,
                      after: Annotated[str | None, strawberry.argument(
                          description="A cursor from an earlier page: the changes before it.")] = None,
                      ) -> ChangeConnection:
        found = await resolve.feed_page(info.context, location_id=location_id, theme_id=theme_id,
                                        actor_id=actor_id, since=since, first=first, after=after)
        edges = [ChangeEdge(node=to_event(event, record), cursor=event.id) for event, record in found.items]
        return ChangeConnection(edges=edges, page_info=PageInfo(
            has_next_page=found.has_next, has_previous_page=found.has_previous,
            start_cursor=edges[0].cursor if edges else None, end_cursor=found.end_cursor))


@strawberry.type(description="Live notifications over WebSocket (graphql-transport-ws).")
class Subscription:
    @strawberry.subscription(description=(
        "Changes as they are committed, oldest first, about records the subscriber may see; a deletion comes as "
        "a tombstone (record null) to those who could see the record and whose filters it matched. `after`: an "
        "event id received earlier, to first get every change that followed it. Filters combine (all must "
        "match). A subscriber too slow to keep up is ended with SLOW_SUBSCRIBER and resumes from its last "
        "event id."))
    async def changes(self, info: Info,
                      after: Annotated[strawberry.ID | None, strawberry.argument(
                          description="An event id received earlier: first replays every change after it, then "
                                      "goes on live. Without it, only changes from now on.")] = None,
                      record_types: Annotated[list[RecordType] | None, strawberry.argument(
                          description="Only changes of these kinds of record; all kinds by default.")] = None,
                      actions: Annotated[list[ChangeAction] | None, strawberry.argument(
                          description="Only these kinds of change (CREATE for new records only); all by "
                                      "default.")] = None,
                      location_ids: Annotated[list[strawberry.ID] | None, strawberry.argument(
                          description="Only records in these places or places within them.")] = None,
                      theme_ids: Annotated[list[strawberry.ID] | None, strawberry.argument(
                          description="Only records on these themes or narrower ones.")] = None,
                      where_i_work: Annotated[bool, strawberry.argument(
                          description="Only records in the places where the subscriber's own actors work (where "
                                      "they operate and where their initiatives are), as of subscribing.")] = False,
                      possible_duplicates_of_mine: Annotated[bool, strawberry.argument(
                          description="Only initiatives of others that may duplicate one of the subscriber's own "
                                      "actors' initiatives (the duplicate alert's threshold).")] = False,
                      ) -> AsyncGenerator[ChangeEvent, None]:
        wanted = resolve.LiveFilter(
            labels={t.value for t in record_types} if record_types else None,
            actions={a.value for a in actions} if actions else None,
            location_ids=location_ids, theme_ids=theme_ids, where_i_work=where_i_work,
            duplicates_of_mine=possible_duplicates_of_mine)
        async for event, record in resolve.changes(info.context, info.context.changes, after=after, wanted=wanted):
            yield to_event(event, record)
