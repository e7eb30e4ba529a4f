"""GraphQL enums, taken from the graph model so both always agree."""

from enum import Enum

import strawberry

from hub import model

ActorKind = strawberry.enum(model.ActorKind, description="What sort of organisation or unit an actor is.")
InitiativeStatus = strawberry.enum(model.InitiativeStatus, description="Where an initiative stands in its life.")
TargetGroup = strawberry.enum(model.TargetGroup, description="A group of people an initiative works with or for.")
LocationLevel = strawberry.enum(model.LocationLevel, description="Administrative level of a place.")
Severity = strawberry.enum(model.Severity, description="How urgent a locally identified need is.")
ImplementerRole = strawberry.enum(model.ImplementerRole, description="An actor's part in an initiative.")
Visibility = strawberry.enum(
    model.Visibility,
    description="Who may see a record: PUBLIC everyone; NETWORK signed-in users; PARTNERS the owner's partners; "
    "PRIVATE the owner and admins.",
)

RelationshipType = strawberry.enum(
    Enum("RelationshipType", {name: name for name in model.RELATIONSHIP_TYPES}),
    description="A kind of relationship between records. " + "; ".join(
        f"{r.name}: {r.description}" for r in model.RELATIONSHIP_TYPES.values()),
)


@strawberry.enum(description="What a list is sorted by.")
class OrderField(Enum):
    NAME = "NAME"
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"
    START_DATE = "START_DATE"


@strawberry.enum(description="Sort direction.")
class OrderDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"
