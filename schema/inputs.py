"""Input objects: list filters and ordering, and the inputs of every mutation.

Create inputs hold a record's fields; update inputs hold the record's `id`, the `version` the client last
saw, and only the fields to change (a field left out is left as it is).
"""

from __future__ import annotations

import datetime as dt

from typing import Annotated

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
    start: dt.date | None = strawberry.field(
        default=None, description="First day, ISO 8601 date (YYYY-MM-DD), inclusive; null: open towards the past.")
    end: dt.date | None = strawberry.field(
        default=None,
        description="Last day, ISO 8601 date (YYYY-MM-DD), inclusive; null: open towards the future. Not before "
                    "start.")


@strawberry.input(description="Sort order of a list. Ties are broken by record, so pages never overlap.")
class OrderBy:
    field: OrderField = strawberry.field(default=OrderField.NAME, description="What to sort by; NAME by default.")
    direction: OrderDirection = strawberry.field(default=OrderDirection.ASC, description="ASC (the default) or DESC.")


@strawberry.input(description="Which actors to list. All conditions must hold.")
class ActorFilter:
    search: str | None = strawberry.field(default=None, description=SEARCH_DOC)
    kinds: list[ActorKind] | None = strawberry.field(default=None, description="Of any of these kinds.")
    countries: list[str] | None = strawberry.field(default=None, description="Countries of registration (ISO alpha-2).")
    location_id: strawberry.ID | None = strawberry.field(
        default=None, description="Present in this place or below it, or implementing an initiative there.")
    theme_id: strawberry.ID | None = strawberry.field(
        default=None, description="Implementing an initiative, or holding a mandate, on this theme or a narrower one.")


@strawberry.input(description="Which initiatives to list. All conditions must hold.")
class InitiativeFilter:
    search: str | None = strawberry.field(default=None, description=SEARCH_DOC)
    statuses: list[InitiativeStatus] | None = strawberry.field(default=None, description="With any of these statuses.")
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
    levels: list[LocationLevel] | None = strawberry.field(
        default=None, description="At any of these administrative levels.")
    countries: list[str] | None = strawberry.field(
        default=None, description="In any of these countries (ISO 3166-1 alpha-2 codes, e.g. KG, TJ).")
    within_id: strawberry.ID | None = strawberry.field(default=None, description="Lying within this place, at any depth.")


@strawberry.input(description="Which themes to list.")
class ThemeFilter:
    search: str | None = strawberry.field(default=None, description=SEARCH_DOC)
    under_id: strawberry.ID | None = strawberry.field(default=None, description="Narrower than this theme, at any depth.")


@strawberry.input(description="Which needs to list.")
class NeedFilter:
    search: str | None = strawberry.field(default=None, description=SEARCH_DOC)
    severities: list[Severity] | None = strawberry.field(default=None, description="Of any of these severities.")
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
LINKED_DOC = ("Its relationships can be given here too: they are made in the same transaction as the record (an "
              "unknown or invisible ID is a NOT_FOUND user error on its field, and nothing is created).")
VERSION_DOC = "The version you last read; the update is refused with CONFLICT if the record changed since."


@strawberry.input(description="A new actor. " + LINKED_DOC)
class CreateActorInput:
    name: str = strawberry.field(description="Full name in its usual language, 1 to 300 characters.")
    kind: ActorKind = strawberry.field(description="What sort of organisation or unit it is.")
    acronym: str | None = strawberry.field(default=None, description="Short name, e.g. UNDP; at most 40 characters.")
    aliases: list[str] | None = strawberry.field(
        default=None, description="Other names, in other languages and scripts: at most 50, each 1 to 300 characters.")
    description: str | None = strawberry.field(
        default=None, description="What it is and does; at most 10,000 characters.")
    website: str | None = strawberry.field(default=None, description="http(s) URL.")
    country: str | None = strawberry.field(default=None, description="ISO 3166-1 alpha-2 country of registration.")
    source: str | None = strawberry.field(default=None, description=SOURCE_DOC)
    visibility: Visibility | None = strawberry.field(default=None, description=VIS_DOC)
    confirm_distinct: bool = strawberry.field(
        default=False, description="Register even though an actor with the same name or acronym exists in the country.")
    sensitive: bool | None = strawberry.field(default=None, description=SENSITIVE_DOC)
    location_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Places where it is present (OPERATES_IN).")
    parent_id: strawberry.ID | None = strawberry.field(
        default=None, description="The organisation it is a unit of, e.g. a field office's agency (PART_OF).")
    member_of_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Networks and coalitions it belongs to (MEMBER_OF).")
    partner_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Actors it works with (PARTNERS_WITH).")
    funder_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Actors that fund it (FUNDS).")
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_MUTATION_ID_DOC)


@strawberry.input(description="Changes to an actor.")
class UpdateActorInput:
    id: strawberry.ID = strawberry.field(description="Global ID of the actor.")
    version: int = strawberry.field(description=VERSION_DOC)
    name: str | None = strawberry.field(
        default=UNSET, description="Full name, 1 to 300 characters. Left out: unchanged.")
    kind: ActorKind | None = strawberry.field(default=UNSET, description="Its kind. Left out: unchanged.")
    acronym: str | None = strawberry.field(
        default=UNSET, description="Short name, at most 40 characters. Left out: unchanged; null clears it.")
    aliases: list[str] | None = strawberry.field(
        default=UNSET,
        description="All its other names (replaces the list), at most 50. Left out: unchanged; null clears it.")
    description: str | None = strawberry.field(
        default=UNSET, description="At most 10,000 characters. Left out: unchanged; null clears it.")
    website: str | None = strawberry.field(
        default=UNSET, description="http(s) URL, at most 2,000 characters. Left out: unchanged; null clears it.")
    country: str | None = strawberry.field(
        default=UNSET, description="ISO 3166-1 alpha-2 country of registration. Left out: unchanged; null clears it.")
    source: str | None = strawberry.field(
        default=UNSET,
        description="Where the change comes from, at most 300 characters. Left out: unchanged; null clears it.")
    visibility: Visibility | None = strawberry.field(default=UNSET, description="Who may see it. Left out: unchanged.")
    sensitive: bool | None = strawberry.field(
        default=UNSET, description="Whether it is protected as sensitive (see Actor.sensitive). Left out: unchanged.")


@strawberry.input(description="A new mandate. " + LINKED_DOC)
class CreateMandateInput:
    title: str = strawberry.field(description="Its name, 1 to 300 characters.")
    issuer: str = strawberry.field(description="Who issued it, e.g. UN Security Council; 1 to 300 characters.")
    source_reference: str | None = strawberry.field(
        default=None, description="Its reference, e.g. S/RES/1325 (2000); at most 300 characters.")
    description: str | None = strawberry.field(
        default=None, description="What it authorises; at most 10,000 characters.")
    valid_from: dt.date | None = strawberry.field(
        default=None, description="First day in force, ISO 8601 date (YYYY-MM-DD).")
    valid_to: dt.date | None = strawberry.field(
        default=None,
        description="Last day in force, ISO 8601 date (YYYY-MM-DD); not before validFrom. Leave out while "
                    "open-ended.")
    source: str | None = strawberry.field(default=None, description=SOURCE_DOC)
    visibility: Visibility | None = strawberry.field(default=None, description=VIS_DOC)
    location_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Places it covers: its geographic scope (COVERS).")
    theme_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Themes it authorises work on (ADDRESSES).")
    holder_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Actors holding it (HOLDS).")
    owner_id: strawberry.ID | None = strawberry.field(default=None, description=OWNER_DOC)
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_MUTATION_ID_DOC)


@strawberry.input(description="Changes to a mandate.")
class UpdateMandateInput:
    id: strawberry.ID = strawberry.field(description="Global ID of the mandate.")
    version: int = strawberry.field(description=VERSION_DOC)
    title: str | None = strawberry.field(
        default=UNSET, description="Its name, 1 to 300 characters. Left out: unchanged.")
    issuer: str | None = strawberry.field(
        default=UNSET, description="Who issued it, 1 to 300 characters. Left out: unchanged.")
    source_reference: str | None = strawberry.field(
        default=UNSET, description="Its reference, at most 300 characters. Left out: unchanged; null clears it.")
    description: str | None = strawberry.field(
        default=UNSET, description="At most 10,000 characters. Left out: unchanged; null clears it.")
    valid_from: dt.date | None = strawberry.field(
        default=UNSET, description="First day in force, ISO 8601 date. Left out: unchanged; null clears it.")
    valid_to: dt.date | None = strawberry.field(
        default=UNSET,
        description="Last day in force, ISO 8601 date; not before validFrom. Left out: unchanged; null clears it.")
    source: str | None = strawberry.field(
        default=UNSET,
        description="Where the change comes from, at most 300 characters. Left out: unchanged; null clears it.")
    visibility: Visibility | None = strawberry.field(default=UNSET, description="Who may see it. Left out: unchanged.")


@strawberry.input(description="An actor carrying out a new initiative.")
class ImplementerInput:
    actor_id: strawberry.ID = strawberry.field(description="Global ID of the actor.")
    role: ImplementerRole = strawberry.field(
        default=ImplementerRole.PARTNER, description="Its part: PARTNER by default, or LEAD.")


@strawberry.input(description="A new initiative. Its places, themes, implementers, funders and programme can be given "
                  "here: they are linked in the same transaction, and the payload lists possible duplicates.")
class CreateInitiativeInput:
    title: str = strawberry.field(description="Its name, 1 to 300 characters.")
    status: InitiativeStatus = strawberry.field(
        default=InitiativeStatus.ACTIVE, description="Where it stands; ACTIVE by default.")
    description: str | None = strawberry.field(
        default=None, description="What it does, with whom and why; at most 10,000 characters.")
    start_date: dt.date | None = strawberry.field(default=None, description="First day, ISO 8601 date (YYYY-MM-DD).")
    end_date: dt.date | None = strawberry.field(
        default=None,
        description="Last day, ISO 8601 date (YYYY-MM-DD); not before startDate. Leave out while open-ended.")
    budget_amount: float | None = strawberry.field(default=None, description="Non-negative; needs budgetCurrency.")
    budget_currency: str | None = strawberry.field(default=None, description="ISO 4217 code, e.g. USD.")
    target_groups: list[TargetGroup] | None = strawberry.field(
        default=None, description="The groups of people it works with or for.")
    iati_identifier: str | None = strawberry.field(
        default=None,
        description="IATI activity identifier, when published to IATI, e.g. XM-DAC-41114-PROJECT-00112233; at "
                    "most 150 characters.")
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
    id: strawberry.ID = strawberry.field(description="Global ID of the initiative.")
    version: int = strawberry.field(description=VERSION_DOC)
    title: str | None = strawberry.field(
        default=UNSET, description="Its name, 1 to 300 characters. Left out: unchanged.")
    status: InitiativeStatus | None = strawberry.field(
        default=UNSET, description="Where it stands. Left out: unchanged.")
    description: str | None = strawberry.field(
        default=UNSET, description="At most 10,000 characters. Left out: unchanged; null clears it.")
    start_date: dt.date | None = strawberry.field(
        default=UNSET, description="First day, ISO 8601 date. Left out: unchanged; null clears it.")
    end_date: dt.date | None = strawberry.field(
        default=UNSET,
        description="Last day, ISO 8601 date; not before startDate. Left out: unchanged; null clears it.")
    budget_amount: float | None = strawberry.field(
        default=UNSET,
        description="Total budget, non-negative, at most 10^13; needs budgetCurrency. Left out: unchanged; null "
                    "clears it.")
    budget_currency: str | None = strawberry.field(
        default=UNSET, description="ISO 4217 currency code, e.g. USD. Left out: unchanged; null clears it.")
    target_groups: list[TargetGroup] | None = strawberry.field(
        default=UNSET,
        description="All the groups it works with (replaces the list). Left out: unchanged; null clears it.")
    iati_identifier: str | None = strawberry.field(
        default=UNSET,
        description="IATI activity identifier, at most 150 characters. Left out: unchanged; null clears it.")
    source: str | None = strawberry.field(
        default=UNSET,
        description="Where the change comes from, at most 300 characters. Left out: unchanged; null clears it.")
    visibility: Visibility | None = strawberry.field(default=UNSET, description="Who may see it. Left out: unchanged.")
    sensitive: bool | None = strawberry.field(
        default=UNSET,
        description="Whether it is protected as sensitive (see Initiative.sensitive). Left out: unchanged.")


@strawberry.input(description="A new place. " + LINKED_DOC)
class CreateLocationInput:
    code: str = strawberry.field(description="P-code, ISO code or gazetteer code; unique and permanent.")
    name: str = strawberry.field(description="Its usual name, 1 to 300 characters.")
    level: LocationLevel = strawberry.field(description="Its administrative level.")
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 code of the country it lies in, e.g. KG.")
    alternate_names: list[str] | None = strawberry.field(
        default=None, description="Names in other languages and scripts: at most 50, each 1 to 300 characters.")
    latitude: float | None = strawberry.field(
        default=None, description="WGS 84 latitude in decimal degrees, -90 to 90.")
    longitude: float | None = strawberry.field(
        default=None, description="WGS 84 longitude in decimal degrees, -180 to 180.")
    parent_id: strawberry.ID | None = strawberry.field(
        default=None, description="The larger place it lies in, e.g. a village's district (PART_OF).")
    border_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Places it shares a border with (BORDERS).")
    source: str | None = strawberry.field(default=None, description=SOURCE_DOC)
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_MUTATION_ID_DOC)


@strawberry.input(description="Changes to a place. Its code cannot change.")
class UpdateLocationInput:
    id: strawberry.ID = strawberry.field(description="Global ID of the place.")
    version: int = strawberry.field(description=VERSION_DOC)
    name: str | None = strawberry.field(
        default=UNSET, description="Its usual name, 1 to 300 characters. Left out: unchanged.")
    level: LocationLevel | None = strawberry.field(default=UNSET, description="Its level. Left out: unchanged.")
    country: str | None = strawberry.field(default=UNSET, description="ISO 3166-1 alpha-2 code. Left out: unchanged.")
    alternate_names: list[str] | None = strawberry.field(
        default=UNSET,
        description="All its other names (replaces the list), at most 50. Left out: unchanged; null clears it.")
    latitude: float | None = strawberry.field(
        default=UNSET, description="Decimal degrees, -90 to 90. Left out: unchanged; null clears it.")
    longitude: float | None = strawberry.field(
        default=UNSET, description="Decimal degrees, -180 to 180. Left out: unchanged; null clears it.")
    source: str | None = strawberry.field(
        default=UNSET,
        description="Where the change comes from, at most 300 characters. Left out: unchanged; null clears it.")


@strawberry.input(description="A new theme. " + LINKED_DOC)
class CreateThemeInput:
    code: str = strawberry.field(description="Unique and permanent, e.g. community-mediation.")
    name: str = strawberry.field(description="Its name, 1 to 300 characters.")
    description: str | None = strawberry.field(
        default=None, description="What the theme covers; at most 10,000 characters.")
    dac_codes: list[str] | None = strawberry.field(
        default=None, description="OECD-DAC purpose codes it maps to (3 to 5 digits, e.g. 15220), at most 20.")
    broader_id: strawberry.ID | None = strawberry.field(
        default=None, description="The broader theme it is part of, e.g. mediation for community-mediation (BROADER).")
    source: str | None = strawberry.field(default=None, description=SOURCE_DOC)
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_MUTATION_ID_DOC)


@strawberry.input(description="Changes to a theme. Its code cannot change.")
class UpdateThemeInput:
    id: strawberry.ID = strawberry.field(description="Global ID of the theme.")
    version: int = strawberry.field(description=VERSION_DOC)
    name: str | None = strawberry.field(
        default=UNSET, description="Its name, 1 to 300 characters. Left out: unchanged.")
    description: str | None = strawberry.field(
        default=UNSET, description="At most 10,000 characters. Left out: unchanged; null clears it.")
    dac_codes: list[str] | None = strawberry.field(
        default=UNSET,
        description="All its OECD-DAC purpose codes (replaces the list), at most 20. Left out: unchanged; null "
                    "clears it.")
    source: str | None = strawberry.field(
        default=UNSET,
        description="Where the change comes from, at most 300 characters. Left out: unchanged; null clears it.")


@strawberry.input(description="A new need: where it was identified, on what, reported by whom. " + LINKED_DOC)
class CreateNeedInput:
    title: str = strawberry.field(description="What is needed or feared, in a line; 1 to 300 characters.")
    severity: Severity = strawberry.field(default=Severity.MEDIUM, description="How urgent it is; MEDIUM by default.")
    description: str | None = strawberry.field(
        default=None, description="What was identified, by whom and how; at most 10,000 characters.")
    reported_on: dt.date | None = strawberry.field(
        default=None, description="When it was identified, ISO 8601 date (YYYY-MM-DD).")
    source: str | None = strawberry.field(default=None, description=SOURCE_DOC)
    visibility: Visibility | None = strawberry.field(default=None, description=VIS_DOC)
    location_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Places where it was identified (AT).")
    theme_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Themes it concerns (ADDRESSES).")
    reported_by_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Actors that reported it (REPORTED), e.g. a community security working group.")
    owner_id: strawberry.ID | None = strawberry.field(default=None, description=OWNER_DOC)
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_MUTATION_ID_DOC)


@strawberry.input(description="Changes to a need.")
class UpdateNeedInput:
    id: strawberry.ID = strawberry.field(description="Global ID of the need.")
    version: int = strawberry.field(description=VERSION_DOC)
    title: str | None = strawberry.field(default=UNSET, description="1 to 300 characters. Left out: unchanged.")
    severity: Severity | None = strawberry.field(default=UNSET, description="How urgent it is. Left out: unchanged.")
    description: str | None = strawberry.field(
        default=UNSET, description="At most 10,000 characters. Left out: unchanged; null clears it.")
    reported_on: dt.date | None = strawberry.field(
        default=UNSET, description="ISO 8601 date. Left out: unchanged; null clears it.")
    source: str | None = strawberry.field(
        default=UNSET,
        description="Where the change comes from, at most 300 characters. Left out: unchanged; null clears it.")
    visibility: Visibility | None = strawberry.field(default=UNSET, description="Who may see it. Left out: unchanged.")


@strawberry.input(description="A new liaison contact for the organisation that owns it.")
class CreateContactInput:
    name: str = strawberry.field(description="The person's name, 1 to 300 characters. Personal data.")
    role: str | None = strawberry.field(
        default=None, description="Their position, e.g. Civil society liaison officer; at most 300 characters.")
    email: str | None = strawberry.field(default=None, description="Work e-mail address, at most 254 characters.")
    phone: str | None = strawberry.field(
        default=None, description="Work phone number: digits, spaces and + ( ) . / -, 5 to 40 characters.")
    languages: list[str] | None = strawberry.field(
        default=None,
        description="ISO 639 codes (2 or 3 lower-case letters) of the languages they work in, at most 20.")
    source: str | None = strawberry.field(default=None, description=SOURCE_DOC)
    visibility: Visibility | None = strawberry.field(default=None, description=VIS_DOC)
    owner_id: strawberry.ID | None = strawberry.field(
        default=None, description=OWNER_DOC + " The contact becomes its liaison point (LIAISON_FOR) in the same "
                                              "transaction.")
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_MUTATION_ID_DOC)


@strawberry.input(description="Changes to a contact.")
class UpdateContactInput:
    id: strawberry.ID = strawberry.field(description="Global ID of the contact.")
    version: int = strawberry.field(description=VERSION_DOC)
    name: str | None = strawberry.field(
        default=UNSET, description="The person's name, 1 to 300 characters. Left out: unchanged.")
    role: str | None = strawberry.field(
        default=UNSET, description="Their position, at most 300 characters. Left out: unchanged; null clears it.")
    email: str | None = strawberry.field(
        default=UNSET, description="Work e-mail address. Left out: unchanged; null clears it.")
    phone: str | None = strawberry.field(
        default=UNSET, description="Work phone number. Left out: unchanged; null clears it.")
    languages: list[str] | None = strawberry.field(
        default=UNSET,
        description="All their languages as ISO 639 codes (replaces the list). Left out: unchanged; null clears "
                    "it.")
    source: str | None = strawberry.field(
        default=UNSET,
        description="Where the change comes from, at most 300 characters. Left out: unchanged; null clears it.")
    visibility: Visibility | None = strawberry.field(default=UNSET, description="Who may see it. Left out: unchanged.")


@strawberry.input(description="A record to delete. Its relationships go with it; nothing is left dangling.")
class DeleteInput:
    id: strawberry.ID = strawberry.field(description="Global ID of the record to delete.")
    version: int | None = strawberry.field(default=UNSET, description="If given, refuse with CONFLICT when the record changed since.")
    cascade: bool = strawberry.field(
        default=False,
        description="For an actor that still implements initiatives: delete it with its contacts and the initiatives "
        "only it implements. Without it the deletion is refused.")


@strawberry.input(description="A relationship between two records.")
class LinkInput:
    type: RelationshipType = strawberry.field(
        description="The kind of relationship; it fixes which record types each end may be.")
    from_id: strawberry.ID = strawberry.field(description="The record the relationship starts from, e.g. the actor of IMPLEMENTS.")
    to_id: strawberry.ID = strawberry.field(description="The record it points to, e.g. the initiative of IMPLEMENTS.")
    role: ImplementerRole | None = strawberry.field(default=None, description="For IMPLEMENTS only; PARTNER if left out.")
    source: str | None = strawberry.field(default=None, description=SOURCE_DOC)
    client_mutation_id: str | None = strawberry.field(default=None, description=CLIENT_MUTATION_ID_DOC)


@strawberry.input(description="A relationship to remove.")
class UnlinkInput:
    type: RelationshipType = strawberry.field(
        description="The kind of relationship; it fixes which record types each end may be.")
    from_id: strawberry.ID = strawberry.field(description="Global ID of the record the relationship starts from.")
    to_id: strawberry.ID = strawberry.field(description="Global ID of the record it points to.")


AS_OF_DOC = (
    "The view as it stood at this moment (ISO 8601 date and time; without an offset it is read as UTC; not in the "
    "future): records created by then whose own period (an initiative's start and end, a mandate's validity) "
    "covers its day, and relationships made by then and not removed before it, from the audit trail. Records show "
    "their current fields; deleted records are left out. By default now.")
AsOf = Annotated[dt.datetime | None, strawberry.argument(description=AS_OF_DOC)]
