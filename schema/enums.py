"""GraphQL enums, taken from the graph model so both always agree.

The model's enums stay free of GraphQL: each value's description is attached here, and a value without
one fails at import, so a value added to the model cannot reach the schema undocumented.
"""

from enum import Enum

import strawberry

from hub import model


def _described(enum: type[Enum], description: str, values: dict[str, str]) -> type[Enum]:
    """strawberry.enum of a model enum, with a description for each of its values."""
    wrapped = strawberry.enum(enum, description=description)
    definition = wrapped.__strawberry_definition__
    names = {value.name for value in definition.values}
    if names != values.keys():
        raise ValueError(f"{enum.__name__}: describe exactly {sorted(names)}; got {sorted(values)}")
    for value in definition.values:
        value.description = values[value.name]
    return wrapped


ActorKind = _described(model.ActorKind, "What sort of organisation or unit an actor is.", {
    "UN_AGENCY": "A UN agency, fund, programme, mission or office (UNDP, UNHCR, OCHA, a peace operation).",
    "GOVERNMENT": "A national government or one of its ministries, agencies or commissions.",
    "LOCAL_AUTHORITY": "A regional or municipal authority: a province, district, city or village administration.",
    "SECURITY_PROVIDER": "Police, border guards or another state security provider.",
    "REGIONAL_ORGANISATION": "An intergovernmental regional organisation, such as the OSCE, the OAS, the EU or ECOWAS.",
    "INTERNATIONAL_NGO": "A non-governmental organisation working in several countries.",
    "CSO": "A national or local civil-society organisation.",
    "COMMUNITY_GROUP": "An informal or community-based group: a women's council, a youth group, a mediators' group.",
    "RELIGIOUS_ORGANISATION": "A faith-based organisation or religious body.",
    "DONOR": "A bilateral donor, a foundation or a fund that finances others' work.",
    "ACADEMIC": "A university, research institute or think tank.",
    "MEDIA": "A media outlet or journalists' organisation.",
    "PRIVATE_SECTOR": "A company or business association.",
    "NETWORK": "A network or coalition of actors; its members are linked to it with MEMBER_OF. An admin can "
               "trust a network to verify its members.",
})

InitiativeStatus = _described(
    model.InitiativeStatus,
    "Where an initiative stands in its life. The analyses (whoWorksWhere, presenceMatrix, coverage gaps, duplicates, "
    "partners) count every initiative but a cancelled one, when its dates overlap the period asked.", {
        "PLANNED": "Decided or proposed, not yet started.",
        "ACTIVE": "Under way. The default for a new initiative.",
        "COMPLETED": "Finished.",
        "SUSPENDED": "Paused; it may resume.",
        "CANCELLED": "Stopped for good before completion; left out of every analysis.",
    })

TargetGroup = _described(model.TargetGroup, "A group of people an initiative works with or for.", {
    "WOMEN": "Women and girls.",
    "YOUTH": "Young people (as the initiative defines youth).",
    "ETHNIC_MINORITIES": "Ethnic, national or linguistic minorities.",
    "DISPLACED": "Refugees and internally displaced people.",
    "RETURNEES": "Returning refugees, displaced people or migrants, and people returning from conflict zones.",
    "RELIGIOUS_LEADERS": "Religious leaders and faith communities.",
    "POLICE": "Police and other security providers.",
    "LOCAL_AUTHORITIES": "Local government officials.",
    "CHILDREN": "Children.",
    "PERSONS_WITH_DISABILITIES": "Persons with disabilities.",
    "COMMUNITY_LEADERS": "Elders, village heads and other community leaders.",
    "MEDIA_WORKERS": "Journalists and other media workers.",
})

LocationLevel = _described(model.LocationLevel, "Administrative level of a place.", {
    "COUNTRY": "A country (ISO 3166-1).",
    "ADMIN1": "First-level division: a province, region or oblast.",
    "ADMIN2": "Second-level division: a district or rayon.",
    "ADMIN3": "Third-level division: a municipality or sub-district.",
    "SETTLEMENT": "A city, town or village.",
})

Severity = _described(model.Severity, "How urgent a locally identified need is. Coverage gaps weigh needs by it "
                      "(LOW 1, MEDIUM 2, HIGH 3, CRITICAL 4).", {
    "LOW": "Worth attention; no immediate risk.",
    "MEDIUM": "Needs a response in the coming months. The default.",
    "HIGH": "Needs a response soon: tension or harm is likely without one.",
    "CRITICAL": "Needs a response now: violence or serious harm is imminent or happening.",
})

ImplementerRole = _described(model.ImplementerRole, "An actor's part in an initiative.", {
    "LEAD": "Leads the initiative and is accountable for it.",
    "PARTNER": "Takes part in carrying it out under the lead. The default.",
})

Visibility = _described(
    model.Visibility,
    "Who may see a record. Whoever may not see a record finds it in no list, count, search, score or path, and "
    "editing it answers NOT_FOUND. Admins see every record; the members of the organisation that owns a record "
    "(an actor owns itself) always see it.",
    {
        "PUBLIC": "Everyone, including callers without a token (unless the operator requires one for reading). The "
                  "default, except for contacts.",
        "NETWORK": "Signed-in callers of any role (admin, member, analyst), not anonymous ones. The default for "
                   "contacts.",
        "PARTNERS": "The owner's members, admins, and members of actors linked to the owner with PARTNERS_WITH "
                    "(either direction). Not analysts.",
        "PRIVATE": "Only the owner's members and admins.",
    },
)

RelationshipType = _described(
    Enum("RelationshipType", {name: name for name in model.RELATIONSHIP_TYPES}),
    "A kind of relationship between records, always stored from its first end to its second (fromId to toId).",
    {r.name: r.description[0].upper() + r.description[1:] + " ("
     + ", ".join(f"{a} to {b}" for a, b in sorted(r.ends)) + ")."
     + (" Read in both directions." if r.symmetric else "")
     + (" Must not form a cycle." if r.hierarchical else "")
     for r in model.RELATIONSHIP_TYPES.values()},
)


@strawberry.enum(description="What a list is sorted by.")
class OrderField(Enum):
    NAME = strawberry.enum_value("NAME", description="The record's name or title, ignoring case and accents. The "
                                 "default.")
    CREATED_AT = strawberry.enum_value("CREATED_AT", description="When the record was first recorded.")
    UPDATED_AT = strawberry.enum_value("UPDATED_AT", description="When the record was changed last.")
    START_DATE = strawberry.enum_value("START_DATE", description="An initiative's start date. In either direction, "
                                       "records without the sorted value come last.")


@strawberry.enum(description="Sort direction.")
class OrderDirection(Enum):
    ASC = strawberry.enum_value("ASC", description="Smallest, earliest or A first. The default.")
    DESC = strawberry.enum_value("DESC", description="Largest, latest or Z first.")
