"""The graph model in one place: node types, their enumerations and which relationships join what.

Labels and relationship types reach Cypher only from these tables, never from user input.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class ActorKind(str, Enum):
    UN_AGENCY = "UN_AGENCY"
    GOVERNMENT = "GOVERNMENT"
    LOCAL_AUTHORITY = "LOCAL_AUTHORITY"
    SECURITY_PROVIDER = "SECURITY_PROVIDER"
    REGIONAL_ORGANISATION = "REGIONAL_ORGANISATION"
    INTERNATIONAL_NGO = "INTERNATIONAL_NGO"
    CSO = "CSO"
    COMMUNITY_GROUP = "COMMUNITY_GROUP"
    RELIGIOUS_ORGANISATION = "RELIGIOUS_ORGANISATION"
    DONOR = "DONOR"
    ACADEMIC = "ACADEMIC"
    MEDIA = "MEDIA"
    PRIVATE_SECTOR = "PRIVATE_SECTOR"
    NETWORK = "NETWORK"


class InitiativeStatus(str, Enum):
    PLANNED = "PLANNED"
    ACTIVE = "ACTIVE"
    COMPLETED = "COMPLETED"
    SUSPENDED = "SUSPENDED"
    CANCELLED = "CANCELLED"


class TargetGroup(str, Enum):
    WOMEN = "WOMEN"
    YOUTH = "YOUTH"
    ETHNIC_MINORITIES = "ETHNIC_MINORITIES"
    DISPLACED = "DISPLACED"
    RETURNEES = "RETURNEES"
    RELIGIOUS_LEADERS = "RELIGIOUS_LEADERS"
    POLICE = "POLICE"
    LOCAL_AUTHORITIES = "LOCAL_AUTHORITIES"
    CHILDREN = "CHILDREN"
    PERSONS_WITH_DISABILITIES = "PERSONS_WITH_DISABILITIES"
    COMMUNITY_LEADERS = "COMMUNITY_LEADERS"
    MEDIA_WORKERS = "MEDIA_WORKERS"


class LocationLevel(str, Enum):
    COUNTRY = "COUNTRY"
    ADMIN1 = "ADMIN1"
    ADMIN2 = "ADMIN2"
    ADMIN3 = "ADMIN3"
    SETTLEMENT = "SETTLEMENT"


class Severity(str, Enum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"


class ImplementerRole(str, Enum):
    LEAD = "LEAD"
    PARTNER = "PARTNER"


class Visibility(str, Enum):
    PUBLIC = "PUBLIC"
    NETWORK = "NETWORK"
    PARTNERS = "PARTNERS"
    PRIVATE = "PRIVATE"


@dataclass(frozen=True)
class NodeType:
    label: str
    display_field: str  # the property shown as the record's name, and sorted on
    search_fields: tuple[str, ...]  # properties (strings or lists) whose text search matches
    default_visibility: Visibility = Visibility.PUBLIC
    key_field: str | None = None  # a natural key given by the user (place code, theme code), else generated
    carries_visibility: bool = True  # gazetteer places and the theme taxonomy are public reference data


NODE_TYPES: dict[str, NodeType] = {
    t.label: t
    for t in (
        NodeType("Actor", "name", ("name", "acronym", "aliases")),
        NodeType("Mandate", "title", ("title", "issuer", "sourceReference")),
        NodeType("Initiative", "title", ("title", "iatiIdentifier")),
        NodeType("Location", "name", ("name", "alternateNames", "code"), key_field="code", carries_visibility=False),
        NodeType("Theme", "name", ("name", "code", "names"), key_field="code", carries_visibility=False),
        NodeType("Need", "title", ("title",)),
        NodeType("Contact", "name", ("name",), default_visibility=Visibility.NETWORK),
    )
}


@dataclass(frozen=True)
class RelationshipType:
    name: str
    ends: frozenset[tuple[str, str]]  # allowed (from label, to label) pairs
    description: str
    hierarchical: bool = False  # must stay acyclic
    symmetric: bool = False  # stored in one direction, read in both

    def allows(self, source: str, target: str) -> bool:
        return (source, target) in self.ends


def _rel(name, ends, description, **flags) -> RelationshipType:
    return RelationshipType(name, frozenset(ends), description, **flags)


RELATIONSHIP_TYPES: dict[str, RelationshipType] = {
    r.name: r
    for r in (
        _rel("IMPLEMENTS", {("Actor", "Initiative")}, "an actor carries out an initiative, as LEAD or PARTNER"),
        _rel("FUNDS", {("Actor", "Initiative"), ("Actor", "Actor")}, "an actor funds an initiative or another actor"),
        _rel("LOCATED_IN", {("Initiative", "Location")}, "an initiative takes place in a place"),
        _rel("ADDRESSES", {("Initiative", "Theme"), ("Mandate", "Theme"), ("Need", "Theme")},
             "an initiative, mandate or need is about a theme"),
        _rel("PART_OF", {("Initiative", "Initiative"), ("Actor", "Actor"), ("Location", "Location")},
             "a sub-initiative of a programme, a field office of an agency, a place within a larger place",
             hierarchical=True),
        _rel("HOLDS", {("Actor", "Mandate")}, "an actor holds a mandate"),
        _rel("COVERS", {("Mandate", "Location")}, "a mandate's geographic scope"),
        _rel("PARTNERS_WITH", {("Actor", "Actor")}, "two actors work together", symmetric=True),
        _rel("MEMBER_OF", {("Actor", "Actor")}, "an actor is a member of a network or coalition"),
        _rel("OPERATES_IN", {("Actor", "Location")}, "an actor is present in a place"),
        _rel("BORDERS", {("Location", "Location")}, "two places share a border", symmetric=True),
        _rel("BROADER", {("Theme", "Theme")}, "a theme is narrower than another", hierarchical=True),
        _rel("AT", {("Need", "Location")}, "where a need was identified"),
        _rel("REPORTED", {("Actor", "Need")}, "who reported a need"),
        _rel("LIAISON_FOR", {("Contact", "Actor")}, "a person is a liaison point for an actor"),
    )
}
