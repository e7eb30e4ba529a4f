"""The record types of the API. Each is built from a stored record; its relations load in batches."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, NamedTuple

import strawberry
from pydantic.alias_generators import to_camel
from strawberry.types import Info

from hub.ids import to_global_id

if TYPE_CHECKING:  # resolved lazily by strawberry: schema.trust builds on this module
    from schema.trust import Freshness, Observation, Verification
from hub.services.records import Record
from schema.selection import fields_of
from schema.enums import ActorKind, ImplementerRole, InitiativeStatus, LocationLevel, Severity, TargetGroup, Visibility


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value.to_native() if hasattr(value, "to_native") else value


def _datetime(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    return value.to_native() if hasattr(value, "to_native") else value


def _enum(enum, value: Any):
    """None when the property was not read (the field is not selected)."""
    return None if value is None else enum(value)


# Read for every record whatever the selection: its key, and what decides whether it is shown coarsely.
ALWAYS_READ = ("key", "sensitive", "ownerKey")
# Fields not stored under their own name; every other plain field is the property of the same name, and
# a field with a resolver (a relation) needs only ALWAYS_READ of its record.
STORED_AS = {
    "id": (),
    "budget": ("budgetAmount", "budgetCurrency"),
    "provenance": ("createdBy", "createdAt", "updatedBy", "updatedAt", "source"),
    "freshness": ("updatedAt",),
}


@functools.cache
def _plain_fields(cls) -> dict[str, bool]:
    """GraphQL name of each field of a type: True for a plain field, False for one with a resolver."""
    return {f.graphql_name or to_camel(f.python_name): f.base_resolver is None
            for f in cls.__strawberry_definition__.fields}


@functools.lru_cache(maxsize=4096)
def _stored_props(cls, fields: frozenset[str]) -> tuple[str, ...] | None:
    plain = _plain_fields(cls)
    props = set(ALWAYS_READ)
    for name in fields:
        if name == "__typename":
            continue
        if name in STORED_AS:
            props.update(STORED_AS[name])
        elif name in cls.STORED_HERE:
            props.update(cls.STORED_HERE[name])
        elif name not in plain:
            return None
        elif plain[name]:
            props.add(name)
    return tuple(sorted(props))


@strawberry.interface(description="A record with a global ID, fetchable with `node(id:)`.")
class Node:
    id: strawberry.ID = strawberry.field(
        description="Opaque global ID, stable for the life of the record; pass it to node(id:) and to every ...Id "
                    "argument. Do not parse it: its format may change.")


@strawberry.type(description="Who asserted a record or relationship, from which source, and when.")
class Provenance:
    created_by: str | None = strawberry.field(
        description="Who first recorded it: the name of the API token or signed-in user, or the importer.")
    created_at: dt.datetime | None = strawberry.field(
        description="When it was first recorded: ISO 8601 date and time in UTC.")
    updated_by: str | None = strawberry.field(
        description="Who changed it last (token or user name); its creator until the first change.")
    updated_at: dt.datetime | None = strawberry.field(
        description="When it was changed last (its creation until the first change): ISO 8601 date and "
                    "time in UTC.")
    source: str | None = strawberry.field(description="Where the information comes from (a report, a dataset, a meeting).")


class RecordFields:
    """Fields every record type has; `key` and `label` stay on the server.

    A record's plain fields are worked out from its stored properties when first read (READ: each field's Python
    name and how it is read; see _Read), not all when the record is made: a page of 100 initiatives with their
    implementers and places holds some 500 records of 10 to 13 fields each, and a selection asks for a few."""

    key: strawberry.Private[str]
    props: strawberry.Private[dict]
    READ: ClassVar[dict[str, Callable[[dict], Any]]] = {}

    @classmethod
    def from_record(cls, record: Record):
        obj = cls.__new__(cls)
        obj.key = record.key
        obj.props = record.props
        return obj

    @classmethod
    def stored_props(cls, fields: set[str] | frozenset[str]) -> tuple[str, ...] | None:
        """The properties to read for these GraphQL fields of this type; None (all) for a name it does not
        know, so an unforeseen selection can only cost more, never answer wrong."""
        return _stored_props(cls, frozenset(fields))

    STORED_HERE: ClassVar[dict[str, tuple[str, ...]]] = {}  # this type's own exceptions to STORED_AS
    RELATIONS: ClassVar[dict[str, "Relation"]] = {}  # its relation fields, by GraphQL name


def _prop(name: str) -> Callable[[dict], Any]:
    return lambda p: p.get(name)


def _listed(name: str) -> Callable[[dict], list]:
    return lambda p: p.get(name) or []


def _flag(name: str) -> Callable[[dict], bool]:
    return lambda p: bool(p.get(name))


def _enum_of(enum, name: str) -> Callable[[dict], Any]:
    return lambda p: _enum(enum, p.get(name))


def _date_of(name: str) -> Callable[[dict], dt.date | None]:
    return lambda p: _date(p.get(name))


def _provenance(p: dict) -> "Provenance":
    return Provenance(created_by=p.get("createdBy"), created_at=_datetime(p.get("createdAt")),
                      updated_by=p.get("updatedBy"), updated_at=_datetime(p.get("updatedAt")), source=p.get("source"))


def _common(label: str) -> dict[str, Callable[[dict], Any]]:
    """How the fields every record type has are read."""
    return {
        "id": lambda p: strawberry.ID(to_global_id(label, p["key"])),
        "version": lambda p: int(p.get("version") or 1),
        "visibility": lambda p: Visibility(p.get("visibility") or "PUBLIC"),
        "provenance": _provenance,
    }


class Relation(NamedTuple):
    """What a relation field follows: a relationship type, which way, to records of which label; `under`: the
    field of its items that holds the record (implementers { actor }), when the items are not the records."""
    rel: str
    direction: str
    target: str
    under: str | None = None


def _props_of(cls, selections: list, under: str | None) -> tuple[str, ...] | None:
    """The properties of `cls` that these selections (or those of their field `under`) need."""
    if under is not None:
        selections = [s for field in fields_of(selections) if field.name == under for s in field.selections]
    return cls.stored_props({field.name for field in fields_of(selections)})


def _loader_key(source: str, relation: Relation, fields: tuple[str, ...] | None, key: str) -> tuple:
    """What HubContext.neighbour_loader is asked for: one record's neighbours of one kind, reading `fields`."""
    return source, relation.rel, relation.direction, relation.target, fields, key


def _related(info: Info, owner: "RecordFields", name: str):
    """The neighbours of one record along its relation field `name` ([(record, relationship properties)]),
    reading only the properties the selection needs: as read already with the page the record is on (see
    nested_reads), or batched with those of its siblings (an awaitable, then). A value at once spares the
    field a coroutine and a task: a page of 100 initiatives has 200 such fields."""
    relation = owner.RELATIONS[name]
    fields = selected_props(info, TYPES_BY_LABEL[relation.target], relation.under)
    key = _loader_key(type(owner).__name__, relation, fields, owner.key)
    found = info.context.read_with_page.get(key)
    if found is not None:
        return found
    return info.context.neighbour_loader().load(key)


def _then(found, use):
    """use(found), now when found is a value, or once it is in when it is still to come (an awaitable)."""
    if inspect.isawaitable(found):
        async def later():
            return use(await found)

        return later()
    return use(found)


def _first(found: list):
    return found[0] if found else None


def selected_props(info: Info, cls, under: str | None = None) -> tuple[str, ...] | None:
    """The properties of `cls` that the selection under this field (or under its field `under`) needs.

    Worked out once per field of the operation, not once per record of a list: the field's syntax nodes are
    the same for every record, and alive as long as the request."""
    memo = info.context.selections
    key = (tuple(map(id, info._raw_info.field_nodes)), cls, under)
    if key not in memo:
        memo[key] = _props_of(cls, [s for field in info.selected_fields for s in field.selections], under)
    return memo[key]


MAX_NESTED = 4  # kinds of neighbours a page reads along with its records; any more load after it


def nested_reads(cls, records: list) -> list[tuple[Relation, tuple[str, ...] | None]]:
    """The relation fields selected under a list's records (`records`: the selections holding them) that the
    page reads along with them, each with the properties its selection needs, worked out as `_related` works them
    out for the field itself: fields of one name (or alias) merged, as GraphQL merges them. Fragments on other
    types are left out."""
    others = frozenset(name for name in TYPES_BY_LABEL if name != cls.__name__)
    merged: dict[str, tuple[str, list]] = {}
    for record in records:
        for field in fields_of(record.selections, others):
            if field.name in cls.RELATIONS:
                merged.setdefault(field.alias or field.name, (field.name, []))[1].extend(field.selections)
    kinds: list[tuple[Relation, tuple[str, ...] | None]] = []
    for name, selections in merged.values():
        relation = cls.RELATIONS[name]
        kind = (relation, _props_of(TYPES_BY_LABEL[relation.target], selections, relation.under))
        if kind not in kinds:
            kinds.append(kind)
    return kinds[:MAX_NESTED]


def read_along(kinds: list[tuple[Relation, tuple[str, ...] | None]]) -> tuple:
    """nested_reads' kinds as the graph layer takes them (hub.graph.listing.Nested)."""
    return tuple((relation.rel, relation.direction, relation.target, fields) for relation, fields in kinds)


def keep_nested(info: Info, label: str, kinds: list[tuple[Relation, tuple[str, ...] | None]],
                found: list[dict[str, list[tuple[Record, dict]]]]) -> None:
    """Keeps the neighbours a page read along with its records for the relation fields that will ask."""
    kept = info.context.read_with_page
    for (relation, fields), by_key in zip(kinds, found):
        for key, items in by_key.items():
            kept[_loader_key(label, relation, fields, key)] = items


def _records(info: Info, owner: "RecordFields", name: str):
    """The records along a relation field (or an awaitable of them, see _related)."""
    cls = TYPES_BY_LABEL[owner.RELATIONS[name].target]
    return _then(_related(info, owner, name), lambda rows: [cls.from_record(record) for record, _ in rows])


def _places(info: Info, owner: "RecordFields", name: str):
    """The places of a record; of a sensitive one, only their provinces unless the viewer may see more."""
    places = _records(info, owner, name)
    if not info.context.masked(owner.props):
        return places

    async def coarse() -> list["Location"]:
        found = await places if inspect.isawaitable(places) else places
        return await coarsen(info, [p.key for p in found])

    return coarse()


async def coarsen(info: Info, keys: list[str]) -> list["Location"]:
    """The provinces (or countries) of these places, each once, in the order of their keys."""
    ctx, fields = info.context, selected_props(info, Location)

    async def load_many(place_keys: list[str]):
        return await ctx.reader.coarse_places(place_keys, ctx.viewer, fields)

    coarse = await asyncio.gather(*(ctx.batch_loader(f"coarse:{fields}", load_many).load(k) for k in keys))
    return [Location.from_record(record) for _, record in sorted({r.key: r for r in coarse if r}.items())]


SENSITIVE_DOC = ("Marked to protect people at risk: unless you own it, you see its places only at province level and "
                 "not its contacts, and it is left out of maps and analyses.")
VERSION_DOC = "Increases with every change; send it back when updating, so a stale edit is refused."
VISIBILITY_DOC = ("Who may see it (see Visibility); set on creation and changed by its owner's members or an "
                  "admin. Callers who may not see it never learn that it exists.")
PUBLIC_REFERENCE_DOC = "Always PUBLIC: the gazetteer and the theme taxonomy are public reference data, kept by admins."
PROVENANCE_DOC = "Who recorded it and changed it last, when, and from which source."
DESCRIPTION_DOC = "Free text, at most 10,000 characters; null when none was given."

ActorRef = Annotated["Actor", strawberry.lazy("schema.types")]


@strawberry.type(description="An organisation or unit: a UN agency, a ministry, a CSO, a community group, a donor...")
class Actor(Node, RecordFields):
    name: str = strawberry.field(description="Full name in its usual language.")
    acronym: str | None = strawberry.field(description="Short name, e.g. FTI, UNDP.")
    aliases: list[str] = strawberry.field(description="Other names, in other languages and scripts.")
    kind: ActorKind = strawberry.field(description="What sort of organisation or unit it is.")
    description: str | None = strawberry.field(description=DESCRIPTION_DOC)
    website: str | None = strawberry.field(description="Its website: an http(s) URL, at most 2,000 characters.")
    country: str | None = strawberry.field(description="ISO 3166-1 alpha-2 country of registration; null for international bodies.")
    sensitive: bool = strawberry.field(description=SENSITIVE_DOC)
    version: int = strawberry.field(description=VERSION_DOC)
    visibility: Visibility = strawberry.field(description=VISIBILITY_DOC)
    provenance: Provenance = strawberry.field(description=PROVENANCE_DOC)

    RELATIONS: ClassVar[dict[str, Relation]] = {
        "initiatives": Relation("IMPLEMENTS", "OUT", "Initiative", under="initiative"),
        "fundsInitiatives": Relation("FUNDS", "OUT", "Initiative"),
        "fundsActors": Relation("FUNDS", "OUT", "Actor"),
        "fundedBy": Relation("FUNDS", "IN", "Actor"),
        "operatesIn": Relation("OPERATES_IN", "OUT", "Location"),
        "mandates": Relation("HOLDS", "OUT", "Mandate"),
        "partners": Relation("PARTNERS_WITH", "BOTH", "Actor"),
        "memberOf": Relation("MEMBER_OF", "OUT", "Actor"),
        "members": Relation("MEMBER_OF", "IN", "Actor"),
        "parent": Relation("PART_OF", "OUT", "Actor"),
        "units": Relation("PART_OF", "IN", "Actor"),
        "contacts": Relation("LIAISON_FOR", "IN", "Contact"),
        "reportedNeeds": Relation("REPORTED", "OUT", "Need"),
    }

    READ: ClassVar[dict[str, Callable[[dict], Any]]] = {
        "name": _prop("name"), "acronym": _prop("acronym"), "aliases": _listed("aliases"),
        "kind": _enum_of(ActorKind, "kind"), "description": _prop("description"), "website": _prop("website"),
        "country": _prop("country"), "sensitive": _flag("sensitive"), **_common("Actor"),
    }

    @strawberry.field(description="Initiatives this actor carries out, with its role in each.")
    def initiatives(self, info: Info) -> list["Implementation"]:
        return _then(_related(info, self, "initiatives"), lambda rows: [
            Implementation(initiative=Initiative.from_record(r), role=ImplementerRole(rel.get("role") or "PARTNER"))
            for r, rel in rows])

    @strawberry.field(description="Initiatives this actor funds.")
    def funds_initiatives(self, info: Info) -> list["Initiative"]:
        return _records(info, self, "fundsInitiatives")

    @strawberry.field(description="Actors this actor funds.")
    def funds_actors(self, info: Info) -> list["Actor"]:
        return _records(info, self, "fundsActors")

    @strawberry.field(description="Actors that fund this actor.")
    def funded_by(self, info: Info) -> list["Actor"]:
        return _records(info, self, "fundedBy")

    @strawberry.field(description="Places where this actor is present (for a sensitive actor, only their provinces).")
    def operates_in(self, info: Info) -> list["Location"]:
        return _places(info, self, "operatesIn")

    @strawberry.field(description="Mandates this actor holds.")
    def mandates(self, info: Info) -> list["Mandate"]:
        return _records(info, self, "mandates")

    @strawberry.field(description="Actors this actor works with (in either direction).")
    def partners(self, info: Info) -> list["Actor"]:
        return _records(info, self, "partners")

    @strawberry.field(description="Networks and coalitions this actor belongs to.")
    def member_of(self, info: Info) -> list["Actor"]:
        return _records(info, self, "memberOf")

    @strawberry.field(description="Members of this network or coalition.")
    def members(self, info: Info) -> list["Actor"]:
        return _records(info, self, "members")

    @strawberry.field(description="The organisation this unit belongs to (a field office's agency).")
    def parent(self, info: Info) -> "Actor | None":
        return _then(_records(info, self, "parent"), _first)

    @strawberry.field(description="Units of this organisation, such as field offices.")
    def units(self, info: Info) -> list["Actor"]:
        return _records(info, self, "units")

    @strawberry.field(description="Liaison points for this actor that the caller may see (none of a sensitive actor's).")
    def contacts(self, info: Info) -> list["Contact"]:
        if info.context.masked(self.props):
            return []
        return _records(info, self, "contacts")

    @strawberry.field(description="Its latest verification and whether it still holds.")
    async def verification(self, info: Info) -> Annotated["Verification", strawberry.lazy("schema.trust")]:
        from schema.trust import actor_verification  # schema.trust builds on this module

        return await actor_verification(self, info)

    @strawberry.field(description="How recently it was updated and verified.")
    async def freshness(self, info: Info) -> Annotated["Freshness", strawberry.lazy("schema.trust")]:
        from schema.trust import actor_freshness

        return await actor_freshness(self, info)

    @strawberry.field(description="Notes and risk flags about it, newest first (signed-in callers only).")
    async def observations(self, info: Info) -> list[Annotated["Observation", strawberry.lazy("schema.trust")]]:
        from schema.trust import actor_observations

        return await actor_observations(self, info)

    @strawberry.field(description="Needs this actor reported.")
    def reported_needs(self, info: Info) -> list["Need"]:
        return _records(info, self, "reportedNeeds")

    @strawberry.field(description="The organisations this actor carries out initiatives with, most shared "
                      "initiatives first: who it actually works with, whether or not a partnership is registered. "
                      "Initiatives and actors the caller may not see, or sees only coarsely (sensitive), count for "
                      "nothing; a sensitive actor's list is empty but to its owner and admins.")
    async def co_implementers(self, info: Info) -> list["CoImplementer"]:
        from resolvers import analysis  # the analyses build on this module's types

        ctx = info.context
        loader = ctx.batch_loader("coImplementers", lambda keys: analysis.co_implementers(ctx, keys))
        return [CoImplementer(actor_key=c.actor_key, shared_initiatives=c.shared) for c in await loader.load(self.key) or []]


@strawberry.type(description="An actor's part in an initiative.")
class Implementation:
    initiative: "Initiative" = strawberry.field(description="The initiative the actor carries out.")
    role: ImplementerRole = strawberry.field(description="The actor's part in it: LEAD or PARTNER.")


@strawberry.type(description="An actor carrying out an initiative, and its role.")
class Implementer:
    actor: Actor = strawberry.field(description="The actor carrying out the initiative.")
    role: ImplementerRole = strawberry.field(description="Its part in the initiative: LEAD or PARTNER.")


@strawberry.type(description="An organisation carrying out initiatives together with an actor.")
class CoImplementer:
    actor_key: strawberry.Private[str]
    shared_initiatives: int = strawberry.field(
        description="How many initiatives (that the caller may see) both carry out, as lead or partner.")

    @strawberry.field(description="The organisation.")
    async def actor(self, info: Info) -> Actor | None:
        return to_type(await info.context.record_loader("Actor").load(self.actor_key))


@strawberry.type(description="An amount of money in a currency.")
class Money:
    amount: float = strawberry.field(description="The amount, in whole units of the currency (not cents); 0 to 10^13.")
    currency: str = strawberry.field(description="ISO 4217 code.")


@strawberry.type(description="A formal authority to act: a resolution, a decree, a charter, a law.")
class Mandate(Node, RecordFields):
    title: str = strawberry.field(
        description="Its name, e.g. Resolution 1325 on women, peace and security; 1 to 300 characters.")
    issuer: str = strawberry.field(description="Who issued it, e.g. UN Security Council, Government of Kyrgyzstan.")
    source_reference: str | None = strawberry.field(description="Its reference, e.g. S/RES/1325 (2000).")
    description: str | None = strawberry.field(description=DESCRIPTION_DOC)
    valid_from: dt.date | None = strawberry.field(
        description="First day it is in force, ISO 8601 date (YYYY-MM-DD); null when unknown (taken as always).")
    valid_to: dt.date | None = strawberry.field(
        description="Last day it is in force, ISO 8601 date (YYYY-MM-DD); null while open-ended. Never before validFrom.")
    version: int = strawberry.field(description=VERSION_DOC)
    visibility: Visibility = strawberry.field(description=VISIBILITY_DOC)
    provenance: Provenance = strawberry.field(description=PROVENANCE_DOC)

    RELATIONS: ClassVar[dict[str, Relation]] = {
        "holders": Relation("HOLDS", "IN", "Actor"),
        "themes": Relation("ADDRESSES", "OUT", "Theme"),
        "covers": Relation("COVERS", "OUT", "Location"),
    }

    READ: ClassVar[dict[str, Callable[[dict], Any]]] = {
        "title": _prop("title"), "issuer": _prop("issuer"), "source_reference": _prop("sourceReference"),
        "description": _prop("description"), "valid_from": _date_of("validFrom"), "valid_to": _date_of("validTo"),
        **_common("Mandate"),
    }

    @strawberry.field(description="Actors holding this mandate.")
    def holders(self, info: Info) -> list[Actor]:
        return _records(info, self, "holders")

    @strawberry.field(description="Themes the mandate covers.")
    def themes(self, info: Info) -> list["Theme"]:
        return _records(info, self, "themes")

    @strawberry.field(description="Its geographic scope.")
    def covers(self, info: Info) -> list["Location"]:
        return _records(info, self, "covers")


@strawberry.type(description="A project, programme, working group, mini-grant or dialogue platform.")
class Initiative(Node, RecordFields):
    title: str = strawberry.field(description="Its name, 1 to 300 characters.")
    description: str | None = strawberry.field(description=DESCRIPTION_DOC)
    status: InitiativeStatus = strawberry.field(
        description="Where it stands: planned, active, completed, suspended or cancelled.")
    start_date: dt.date | None = strawberry.field(
        description="First day, ISO 8601 date (YYYY-MM-DD); null when unknown.")
    end_date: dt.date | None = strawberry.field(
        description="Last day, ISO 8601 date (YYYY-MM-DD); null while open-ended. Never before startDate.")
    budget: Money | None = strawberry.field(
        description="Its total budget, in the currency it was given in (no conversion); null when not given.")
    target_groups: list[TargetGroup] = strawberry.field(
        description="The groups of people it works with or for; empty when not given.")
    iati_identifier: str | None = strawberry.field(description="IATI activity identifier, when published to IATI.")
    sensitive: bool = strawberry.field(description=SENSITIVE_DOC)
    version: int = strawberry.field(description=VERSION_DOC)
    visibility: Visibility = strawberry.field(description=VISIBILITY_DOC)
    provenance: Provenance = strawberry.field(description=PROVENANCE_DOC)

    RELATIONS: ClassVar[dict[str, Relation]] = {
        "implementers": Relation("IMPLEMENTS", "IN", "Actor", under="actor"),
        "funders": Relation("FUNDS", "IN", "Actor"),
        "locations": Relation("LOCATED_IN", "OUT", "Location"),
        "themes": Relation("ADDRESSES", "OUT", "Theme"),
        "parent": Relation("PART_OF", "OUT", "Initiative"),
        "components": Relation("PART_OF", "IN", "Initiative"),
    }

    READ: ClassVar[dict[str, Callable[[dict], Any]]] = {
        "title": _prop("title"), "description": _prop("description"), "status": _enum_of(InitiativeStatus, "status"),
        "start_date": _date_of("startDate"), "end_date": _date_of("endDate"),
        "budget": lambda p: Money(amount=p["budgetAmount"], currency=p.get("budgetCurrency"))
        if p.get("budgetAmount") is not None else None,
        "target_groups": lambda p: [TargetGroup(g) for g in p.get("targetGroups") or []],
        "iati_identifier": _prop("iatiIdentifier"), "sensitive": _flag("sensitive"), **_common("Initiative"),
    }

    @strawberry.field(description="Actors carrying it out, with their roles.")
    def implementers(self, info: Info) -> list[Implementer]:
        return _then(_related(info, self, "implementers"), lambda rows: [
            Implementer(actor=Actor.from_record(r), role=ImplementerRole(rel.get("role") or "PARTNER")) for r, rel in rows])

    @strawberry.field(description="Actors funding it.")
    def funders(self, info: Info) -> list[Actor]:
        return _records(info, self, "funders")

    @strawberry.field(description="Places where it takes place (for a sensitive initiative, only their provinces).")
    def locations(self, info: Info) -> list["Location"]:
        return _places(info, self, "locations")

    @strawberry.field(description="Themes it addresses.")
    def themes(self, info: Info) -> list["Theme"]:
        return _records(info, self, "themes")

    @strawberry.field(description="The programme it belongs to.")
    def parent(self, info: Info) -> "Initiative | None":
        return _then(_records(info, self, "parent"), _first)

    @strawberry.field(description="Its components: sub-projects, mini-grants, working groups.")
    def components(self, info: Info) -> list["Initiative"]:
        return _records(info, self, "components")


@strawberry.type(description="A place from the gazetteer: a country, an administrative area or a settlement.")
class Location(Node, RecordFields):
    code: str = strawberry.field(description="P-code, ISO code or gazetteer code; the place's permanent key.")
    name: str = strawberry.field(description="Its usual name (English or the official name), 1 to 300 characters.")
    level: LocationLevel = strawberry.field(description="Its administrative level, from COUNTRY down to SETTLEMENT.")
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 code of the country it lies in.")
    alternate_names: list[str] = strawberry.field(description="Names in other languages and scripts.")
    latitude: float | None = strawberry.field(
        description="WGS 84 latitude in decimal degrees, -90 to 90; null when unknown.")
    longitude: float | None = strawberry.field(
        description="WGS 84 longitude in decimal degrees, -180 to 180; null when unknown.")
    added_by: str | None = strawberry.field(
        description="Who added it to the gazetteer (the member's token or user name, see addSettlement); null for "
                    "places from a published gazetteer or registered by an admin.")
    version: int = strawberry.field(description=VERSION_DOC)
    visibility: Visibility = strawberry.field(description=PUBLIC_REFERENCE_DOC)
    provenance: Provenance = strawberry.field(description=PROVENANCE_DOC)

    RELATIONS: ClassVar[dict[str, Relation]] = {
        "parent": Relation("PART_OF", "OUT", "Location"),
        "children": Relation("PART_OF", "IN", "Location"),
        "borders": Relation("BORDERS", "BOTH", "Location"),
    }

    READ: ClassVar[dict[str, Callable[[dict], Any]]] = {
        "code": _prop("code"), "name": _prop("name"), "level": _enum_of(LocationLevel, "level"),
        "country": _prop("country"), "alternate_names": _listed("alternateNames"), "latitude": _prop("latitude"),
        "longitude": _prop("longitude"), "added_by": _prop("addedBy"), **_common("Location"),
    }

    @strawberry.field(description="Its name with what it is and the places it lies in, nearest first, and its country "
                                  "code, e.g. \"Isfara - district, Sughd, TJ\": shows places that share a name apart "
                                  "in search results and pickers. Levels read country, province, district, "
                                  "municipality, settlement.")
    async def label(self, info: Info) -> str:
        ctx = info.context
        found = await ctx.batch_loader("placeLabels", ctx.place_labels).load(self.key)
        return found or self.key

    @strawberry.field(description="The larger place this one lies in.")
    def parent(self, info: Info) -> "Location | None":
        return _then(_records(info, self, "parent"), _first)

    @strawberry.field(description="Places directly within this one.")
    def children(self, info: Info) -> list["Location"]:
        return _records(info, self, "children")

    @strawberry.field(description="Places sharing a border with this one, across national borders too.")
    def borders(self, info: Info) -> list["Location"]:
        return _records(info, self, "borders")


@strawberry.type(description="A name in one language.")
class LocalizedName:
    language: str = strawberry.field(description="ISO 639-1 language code, e.g. en, ru.")
    text: str = strawberry.field(description="The name in that language.")


@strawberry.type(description="A theme of the taxonomy (mediation, community security, P/CVE, education, health, "
                             "gender-based violence...), with OECD-DAC codes.")
class Theme(Node, RecordFields):
    code: str = strawberry.field(description="The theme's permanent key, e.g. community-mediation.")
    name: str = strawberry.field(description="Its name, e.g. Community mediation; 1 to 300 characters.")
    names: list[LocalizedName] = strawberry.field(
        description="Its name in each language the hub has (the shipped taxonomy: English and Russian at least); "
                    "search finds a theme by any of them.")
    description: str | None = strawberry.field(description=DESCRIPTION_DOC)
    dac_codes: list[str] = strawberry.field(description="OECD-DAC purpose codes it maps to, e.g. 15220.")
    version: int = strawberry.field(description=VERSION_DOC)
    visibility: Visibility = strawberry.field(description=PUBLIC_REFERENCE_DOC)
    provenance: Provenance = strawberry.field(description=PROVENANCE_DOC)

    STORED_HERE = {"code": (), "names": ("names", "nameLanguages")}  # the code is the key

    RELATIONS: ClassVar[dict[str, Relation]] = {
        "broader": Relation("BROADER", "OUT", "Theme"),
        "narrower": Relation("BROADER", "IN", "Theme"),
    }

    READ: ClassVar[dict[str, Callable[[dict], Any]]] = {
        "code": lambda p: p["key"], "name": _prop("name"),
        "names": lambda p: [LocalizedName(language=lang, text=text)
                            for lang, text in zip(p.get("nameLanguages") or [], p.get("names") or [])],
        "description": _prop("description"), "dac_codes": _listed("dacCodes"), **_common("Theme"),
    }

    @strawberry.field(description="The broader theme.")
    def broader(self, info: Info) -> "Theme | None":
        return _then(_records(info, self, "broader"), _first)

    @strawberry.field(description="Narrower themes.")
    def narrower(self, info: Info) -> list["Theme"]:
        return _records(info, self, "narrower")


@strawberry.type(description="A locally identified need or early-warning concern, at a place, on a theme.")
class Need(Node, RecordFields):
    title: str = strawberry.field(description="What is needed or feared, in a line; 1 to 300 characters.")
    description: str | None = strawberry.field(description=DESCRIPTION_DOC)
    severity: Severity = strawberry.field(description="How urgent it is; MEDIUM when not given.")
    reported_on: dt.date | None = strawberry.field(
        description="When it was identified, ISO 8601 date (YYYY-MM-DD); null when unknown.")
    version: int = strawberry.field(description=VERSION_DOC)
    visibility: Visibility = strawberry.field(description=VISIBILITY_DOC)
    provenance: Provenance = strawberry.field(description=PROVENANCE_DOC)

    RELATIONS: ClassVar[dict[str, Relation]] = {
        "locations": Relation("AT", "OUT", "Location"),
        "themes": Relation("ADDRESSES", "OUT", "Theme"),
        "reportedBy": Relation("REPORTED", "IN", "Actor"),
    }

    READ: ClassVar[dict[str, Callable[[dict], Any]]] = {
        "title": _prop("title"), "description": _prop("description"),
        "severity": lambda p: Severity(p.get("severity") or "MEDIUM"), "reported_on": _date_of("reportedOn"),
        **_common("Need"),
    }

    @strawberry.field(description="Where the need was identified.")
    def locations(self, info: Info) -> list[Location]:
        return _records(info, self, "locations")

    @strawberry.field(description="Themes of the need.")
    def themes(self, info: Info) -> list[Theme]:
        return _records(info, self, "themes")

    @strawberry.field(description="Who reported it.")
    def reported_by(self, info: Info) -> list[Actor]:
        return _records(info, self, "reportedBy")


@strawberry.type(description="A liaison point: a person to contact at an actor. Personal data: never public by default.")
class Contact(Node, RecordFields):
    name: str = strawberry.field(description="The person's name, 1 to 300 characters. Personal data.")
    role: str | None = strawberry.field(description="Their position, e.g. Civil society liaison officer.")
    email: str | None = strawberry.field(description="Work e-mail address, at most 254 characters. Personal data.")
    phone: str | None = strawberry.field(
        description="Work phone number, international format preferred (+996 ...), at most 40 characters. Personal data.")
    languages: list[str] = strawberry.field(description="ISO 639 codes of the languages they work in.")
    version: int = strawberry.field(description=VERSION_DOC)
    visibility: Visibility = strawberry.field(
        description="Who may see this contact; NETWORK (signed-in callers) unless set otherwise. Personal data: make "
                    "it PUBLIC only with the person's consent. Set by its owner's members or an admin.")
    provenance: Provenance = strawberry.field(description=PROVENANCE_DOC)

    RELATIONS: ClassVar[dict[str, Relation]] = {
        "actor": Relation("LIAISON_FOR", "OUT", "Actor"),
    }

    READ: ClassVar[dict[str, Callable[[dict], Any]]] = {
        "name": _prop("name"), "role": _prop("role"), "email": _prop("email"), "phone": _prop("phone"),
        "languages": _listed("languages"), **_common("Contact"),
    }

    @strawberry.field(description="The actor they are a liaison for.")
    def actor(self, info: Info) -> Actor | None:
        return _then(_records(info, self, "actor"), _first)


TYPES_BY_LABEL = {cls.__name__: cls for cls in (Actor, Mandate, Initiative, Location, Theme, Need, Contact)}


class _Read:
    """A record type's plain field, read from the record's stored properties the first time it is asked for and
    then kept on the record (a non-data descriptor: the record's own value, once set, is found first). Set on the
    classes once strawberry has made them, so it is no field's default."""

    __slots__ = ("name", "read")

    def __init__(self, name: str, read: Callable[[dict], Any]):
        self.name, self.read = name, read

    def __get__(self, record: RecordFields | None, owner: type | None = None) -> Any:
        if record is None:
            return self
        value = record.__dict__[self.name] = self.read(record.props)
        return value


for _type in TYPES_BY_LABEL.values():
    for _name, _read in _type.READ.items():
        setattr(_type, _name, _Read(_name, _read))


def to_type(record: Record | None):
    return None if record is None else TYPES_BY_LABEL[record.label].from_record(record)
