"""Input objects: list filters and ordering, and the inputs of every mutation.

Create inputs hold a record's fields; update inputs hold the record's `id`, the `version` the client last
saw, and only the fields to change (a field left out is left as it is).
"""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry import UNSET

from schema.enums import (
    ActorKind,
    ImplementerRole,
    InitiativeStatus,
    LocationLevel,
    OrderDirection,
    OrderField,
    RelationshipType,
    Severity,
    TargetGroup,
    Visibility,
)

SEARCH_DOC = "Name, acronym or alias contains this text, ignoring case, accents and script (\"Ош\" finds \"Osh\")."
LOCATION_DOC = "In this place or any place within it."
THEME_DOC = "On this theme or any narrower theme."


@strawberry.input(description="A period; either end may be left open.")
class DateRange:
    start: dt.date | None = None
    end: dt.date | None = None


@strawberry.input(description="Sort order of a list. Ties are broken by record, so pages never overlap.")
class OrderBy:
    field: OrderField = OrderField.NAME
    direction: OrderDirection = OrderDirection.ASC


@strawberry.input(description="Which actors to list. All conditions must hold.")
class ActorFilter:
    search: str | None = strawberry.field(default=None, description=SEARCH_DOC)
    kinds: list[ActorKind] | None = None
    countries: list[str] | None = strawberry.field(default=None, description="Countries of registration (ISO alpha-2).")
    location_id: strawberry.ID | None = strawberry.field(
        default=None, description="Present in this place or below it, or implementing an initiative there.")
    theme_id: strawberry.ID | None = strawberry.field(
        default=None, description="Implementing an initiative, or holding a mandate, on this theme or a narrower one.")


@strawberry.input(description="Which initiatives to list. All conditions must hold.")
class InitiativeFilter:
    search: str | None = strawberry.field(default=None, description=SEARCH_DOC)
    statuses: list[InitiativeStatus] | None = None
    target_groups: list[TargetGroup] | None = strawberry.field(default=None, description="Working with any of these groups.")
    location_id: strawberry.ID | None = strawberry.field(default=None, description=LOCATION_DOC)
    theme_id: strawberry.ID | None = strawberry.field(default=None, description=THEME_DOC)
    actor_id: strawberry.ID | None = strawberry.field(default=None, description="Implemented or funded by this actor.")
    active_during: DateRange | None = strawberry.field(default=None, description="Running at some time in this period.")


@strawberry.input(description="Which mandates to list.")
class MandateFilter:
    search: str | None = strawberry.field(default=None, description=SEARCH_DOC)
    location_id: strawberry.ID | None = strawberry.field(default=None, description="Covering this place or a place within it.")
    theme_id: strawberry.ID | None = strawberry.field(default=None, description=THEME_DOC)
    actor_id: strawberry.ID | None = strawberry.field(default=None, description="Held by this actor.")
    active_during: DateRange | None = strawberry.field(default=None, description="Valid at some time in this period.")


@strawberry.input(description="Which places to list.")
class LocationFilter:
    search: str | None = strawberry.field(default=None, description=SEARCH_DOC)
    levels: list[LocationLevel] | None = None
    countries: list[str] | None = None
    within_id: strawberry.ID | None = strawberry.field(default=None, description="Lying within this place, at any depth.")


@strawberry.input(description="Which themes to list.")
class ThemeFilter:
    search: str | None = strawberry.field(default=None, description=SEARCH_DOC)
    under_id: strawberry.ID | None = strawberry.field(default=None, description="Narrower than this theme, at any depth.")


@strawberry.input(description="Which needs to list.")
class NeedFilter:
    search: str | None = strawberry.field(default=None, description=SEARCH_DOC)
    severities: list[Severity] | None = None
    location_id: strawberry.ID | None = strawberry.field(default=None, description=LOCATION_DOC)
    theme_id: strawberry.ID | None = strawberry.field(default=None, description=THEME_DOC)
    actor_id: strawberry.ID | None = strawberry.field(default=None, description="Reported by this actor.")


@strawberry.input(description="Which contacts to list.")
class ContactFilter:
    search: str | None = strawberry.field(default=None, description=SEARCH_DOC)
    actor_id: strawberry.ID | None = strawberry.field(default=None, description="Liaison points of this actor.")


# -- mutations --------------------------------------------------------------------------------------------

SOURCE_DOC = "Where this information comes from (a report, a dataset, a meeting)."
VIS_DOC = "Who may see the record; defaults to PUBLIC (NETWORK for contacts)."
SENSITIVE_DOC = ("Protects people at risk: others see its places only at province level, not its contacts, and it "
                 "is left out of maps and analyses.")
OWNER_DOC = ("The organisation (actor ID) the record belongs to; a member must act for it, and may leave it out "
             "when acting for only one.")
CLIENT_MUTATION_ID_DOC = (
    "An idempotency key of your choice (at most 200 characters), new for each change you mean to make. Sent again "
    "with the same input within the retention window (24 h by default), e.g. after UNAVAILABLE or a lost "
    "connection, the mutation writes nothing and returns what the first one stored. The same key with other input "
    "is refused (IDEMPOTENCY_KEY_REUSED). Keys are per caller.")
VERSION_DOC = "The version you last read; the update is refused with CONFLICT if the record changed since."


@strawberry.input(description="A new actor.")
class CreateActorInput:
    name: str
    kind: ActorKind
    acronym: str | None = None
    aliases: list[str] | None = None
    description: str | None = None
    website: str | None = strawberry.field(default=None, description="http(s) URL.")
    country: str | None = strawberry.field(default=None, description="ISO 3166-1 alpha-2 country of registration.")
    source: str | None = strawberry.field(default=None, description=SOURCE_DOC)
    visibility: Visibility | None = strawberry.field(default=None, description=VIS_DOC)
    confirm_distinct: bool = strawberry.field(
        default=False, description="Register even though an actor with the same name or acronym exists in the country.")
    sensitive: bool | None = strawberry.field(default=None, description=SENSITIVE_DOC)
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_MUTATION_ID_DOC)


@strawberry.input(description="Changes to an actor.")
class UpdateActorInput:
    id: strawberry.ID
    version: int = strawberry.field(description=VERSION_DOC)
    name: str | None = UNSET
    kind: ActorKind | None = UNSET
    acronym: str | None = UNSET
    aliases: list[str] | None = UNSET
    description: str | None = UNSET
    website: str | None = UNSET
    country: str | None = UNSET
    source: str | None = UNSET
    visibility: Visibility | None = UNSET
    sensitive: bool | None = UNSET


@strawberry.input(description="A new mandate.")
class CreateMandateInput:
    title: str
    issuer: str
    source_reference: str | None = None
    description: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    source: str | None = strawberry.field(default=None, description=SOURCE_DOC)
    visibility: Visibility | None = strawberry.field(default=None, description=VIS_DOC)
    owner_id: strawberry.ID | None = strawberry.field(default=None, description=OWNER_DOC)
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_MUTATION_ID_DOC)


@strawberry.input(description="Changes to a mandate.")
class UpdateMandateInput:
    id: strawberry.ID
    version: int = strawberry.field(description=VERSION_DOC)
    title: str | None = UNSET
    issuer: str | None = UNSET
    source_reference: str | None = UNSET
    description: str | None = UNSET
    valid_from: dt.date | None = UNSET
    valid_to: dt.date | None = UNSET
    source: str | None = UNSET
    visibility: Visibility | None = UNSET


@strawberry.input(description="An actor carrying out a new initiative.")
class ImplementerInput:
    actor_id: strawberry.ID
    role: ImplementerRole = ImplementerRole.PARTNER


@strawberry.input(description="A new initiative. Its places, themes, implementers, funders and programme can be given "
                  "here: they are linked in the same transaction, and the payload lists possible duplicates.")
class CreateInitiativeInput:
    title: str
    status: InitiativeStatus = InitiativeStatus.ACTIVE
    description: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    budget_amount: float | None = strawberry.field(default=None, description="Non-negative; needs budgetCurrency.")
    budget_currency: str | None = strawberry.field(default=None, description="ISO 4217 code, e.g. USD.")
    target_groups: list[TargetGroup] | None = None
    iati_identifier: str | None = None
    source: str | None = strawberry.field(default=None, description=SOURCE_DOC)
    visibility: Visibility | None = strawberry.field(default=None, description=VIS_DOC)
    location_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Places where it takes place.")
    theme_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Themes it addresses.")
    implementers: list[ImplementerInput] | None = strawberry.field(default=None, description="Who carries it out.")
    funder_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Actors funding it.")
    part_of_id: strawberry.ID | None = strawberry.field(default=None, description="The programme it belongs to.")
    owner_id: strawberry.ID | None = strawberry.field(default=None, description=OWNER_DOC)
    sensitive: bool | None = strawberry.field(default=None, description=SENSITIVE_DOC)
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_MUTATION_ID_DOC)


@strawberry.input(description="Changes to an initiative.")
class UpdateInitiativeInput:
    id: strawberry.ID
    version: int = strawberry.field(description=VERSION_DOC)
    title: str | None = UNSET
    status: InitiativeStatus | None = UNSET
    description: str | None = UNSET
    start_date: dt.date | None = UNSET
    end_date: dt.date | None = UNSET
    budget_amount: float | None = UNSET
    budget_currency: str | None = UNSET
    target_groups: list[TargetGroup] | None = UNSET
    iati_identifier: str | None = UNSET
    source: str | None = UNSET
    visibility: Visibility | None = UNSET
    sensitive: bool | None = UNSET


@strawberry.input(description="A new place.")
class CreateLocationInput:
    code: str = strawberry.field(description="P-code, ISO code or gazetteer code; unique and permanent.")
    name: str
    level: LocationLevel
    country: str
    alternate_names: list[str] | None = None
    latitude: float | None = None
    longitude: float | None = None
    source: str | None = strawberry.field(default=None, description=SOURCE_DOC)
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_MUTATION_ID_DOC)


@strawberry.input(description="Changes to a place. Its code cannot change.")
class UpdateLocationInput:
    id: strawberry.ID
    version: int = strawberry.field(description=VERSION_DOC)
    name: str | None = UNSET
    level: LocationLevel | None = UNSET
    country: str | None = UNSET
    alternate_names: list[str] | None = UNSET
    latitude: float | None = UNSET
    longitude: float | None = UNSET
    source: str | None = UNSET


@strawberry.input(description="A new theme.")
class CreateThemeInput:
    code: str = strawberry.field(description="Unique and permanent, e.g. community-mediation.")
    name: str
    description: str | None = None
    dac_codes: list[str] | None = None
    source: str | None = strawberry.field(default=None, description=SOURCE_DOC)
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_MUTATION_ID_DOC)


@strawberry.input(description="Changes to a theme. Its code cannot change.")
class UpdateThemeInput:
    id: strawberry.ID
    version: int = strawberry.field(description=VERSION_DOC)
    name: str | None = UNSET
    description: str | None = UNSET
    dac_codes: list[str] | None = UNSET
    source: str | None = UNSET


@strawberry.input(description="A new need.")
class CreateNeedInput:
    title: str
    severity: Severity = Severity.MEDIUM
    description: str | None = None
    reported_on: dt.date | None = None
    source: str | None = strawberry.field(default=None, description=SOURCE_DOC)
    visibility: Visibility | None = strawberry.field(default=None, description=VIS_DOC)
    owner_id: strawberry.ID | None = strawberry.field(default=None, description=OWNER_DOC)
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_MUTATION_ID_DOC)


@strawberry.input(description="Changes to a need.")
class UpdateNeedInput:
    id: strawberry.ID
    version: int = strawberry.field(description=VERSION_DOC)
    title: str | None = UNSET
    severity: Severity | None = UNSET
    description: str | None = UNSET
    reported_on: dt.date | None = UNSET
    source: str | None = UNSET
    visibility: Visibility | None = UNSET


@strawberry.input(description="A new liaison contact.")
class CreateContactInput:
    name: str
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    languages: list[str] | None = None
    source: str | None = strawberry.field(default=None, description=SOURCE_DOC)
    visibility: Visibility | None = strawberry.field(default=None, description=VIS_DOC)
    owner_id: strawberry.ID | None = strawberry.field(default=None, description=OWNER_DOC)
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_MUTATION_ID_DOC)


@strawberry.input(description="Changes to a contact.")
class UpdateContactInput:
    id: strawberry.ID
    version: int = strawberry.field(description=VERSION_DOC)
    name: str | None = UNSET
    role: str | None = UNSET
    email: str | None = UNSET
    phone: str | None = UNSET
    languages: list[str] | None = UNSET
    source: str | None = UNSET
    visibility: Visibility | None = UNSET


@strawberry.input(description="A record to delete. Its relationships go with it; nothing is left dangling.")
class DeleteInput:
    id: strawberry.ID
    version: int | None = strawberry.field(default=UNSET, description="If given, refuse with CONFLICT when the record changed since.")
    cascade: bool = strawberry.field(
        default=False,
        description="For an actor that still implements initiatives: delete it with its contacts and the initiatives "
        "only it implements. Without it the deletion is refused.")


@strawberry.input(description="A relationship between two records.")
class LinkInput:
    type: RelationshipType
    from_id: strawberry.ID = strawberry.field(description="The record the relationship starts from, e.g. the actor of IMPLEMENTS.")
    to_id: strawberry.ID = strawberry.field(description="The record it points to, e.g. the initiative of IMPLEMENTS.")
    role: ImplementerRole | None = strawberry.field(default=None, description="For IMPLEMENTS only; PARTNER if left out.")
    source: str | None = strawberry.field(default=None, description=SOURCE_DOC)
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_MUTATION_ID_DOC)


@strawberry.input(description="A relationship to remove.")
class UnlinkInput:
    type: RelationshipType
    from_id: strawberry.ID
    to_id: strawberry.ID
