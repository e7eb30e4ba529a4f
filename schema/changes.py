"""Live notifications: GraphQL subscriptions (graphql-transport-ws at /graphql) fed by the audit trail."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from hub.ids import to_global_id
from resolvers import changes as resolve
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


@strawberry.type(description="A committed change of a record.")
class ChangeEvent:
    id: strawberry.ID = strawberry.field(description="Opaque; subscribe with `after:` it to resume after this event.")
    at: str = strawberry.field(description="When the change was made (ISO 8601, UTC).")
    action: str = strawberry.field(description="CREATE, UPDATE, DELETE, LINK, UNLINK, VERIFY, OBSERVE or TRUST.")
    record_id: strawberry.ID = strawberry.field(description="The global ID of the record changed (of the "
                                                            "relationship's start for LINK and UNLINK).")
    record: Node | None = strawberry.field(description="The record as the subscriber may see it when the event "
                                                       "is delivered; null when it was deleted.")


@strawberry.type(description="Live notifications over WebSocket (graphql-transport-ws).")
class Subscription:
    @strawberry.subscription(description=(
        "Changes as they are committed, oldest first, about records the subscriber may see (admins also get "
        "deletions). `after`: an event id received earlier, to first get every change that followed it. A "
        "subscriber too slow to keep up is ended with SLOW_SUBSCRIBER and resumes from its last event id."))
    async def changes(self, info: Info,
                      after: Annotated[strawberry.ID | None, strawberry.argument(
                          description="An event id received earlier: first replays every change after it, then "
                                      "goes on live. Without it, only changes from now on.")] = None,
                      record_types: Annotated[list[RecordType] | None, strawberry.argument(
                          description="Only changes of these kinds of record; all kinds by default.")] = None,
                      ) -> AsyncGenerator[ChangeEvent, None]:
        labels = {t.value for t in record_types} if record_types else None
        async for event, record in resolve.changes(info.context, info.context.changes, after=after, labels=labels):
            yield ChangeEvent(id=strawberry.ID(event.id), at=event.at, action=event.action,
                              record_id=strawberry.ID(to_global_id(event.label, event.record_key)),
                              record=to_type(record))
